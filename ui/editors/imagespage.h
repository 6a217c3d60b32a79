#pragma once

#include "images/folderimages.h"

#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace bootbench {

class ImageVerifier;
class Store;

// The folder images of the image store (docs/images.md): each with its size, disk, partitions and
// file systems, the device it was taken from and when. Verify re-hashes the selected image's
// streams on a worker thread with a progress bar; Remove is refused while a bundle uses the image,
// naming the bundle.
class ImagesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImagesPage)

public:
    // Asked before an image is removed (title, text); true: go on. Tests replace it.
    using ConfirmFunction = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;

    ImagesPage(const Store &store, const QString &imageRoot, QWidget *parent = nullptr);

    void setConfirm(ConfirmFunction confirm) { m_confirm = std::move(confirm); }
    QTreeWidget *list() const { return m_list; }
    QLabel *status() const { return m_status; }
    QProgressBar *progress() const { return m_progress; }
    bool selectImage(const QString &name);
    QString selectedImage() const;

public slots:
    void reload();
    void verifySelected();
    bool removeSelected();

signals:
    void imagesChanged();

private:
    void updateButtons();
    void onProgress(const QString &image, const QString &file, qint64 done, qint64 total);
    void onVerified(const QString &image, const QStringList &problems);

    const Store &m_store;
    FolderImages m_images;
    QString m_root;
    QList<FolderImage> m_shown;
    QTreeWidget *m_list;
    QPushButton *m_verify;
    QPushButton *m_remove;
    QProgressBar *m_progress;
    QLabel *m_status;
    ImageVerifier *m_verifier;
    ConfirmFunction m_confirm;
};

} // namespace bootbench
