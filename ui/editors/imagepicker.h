#pragma once

#include "images/imagestore.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace bootbench {

class FieldError;
class ImageChecksummer;

// Chooses an image from the image store: a whole-disk folder image (its size, partitions and
// source shown from its manifest) or an image file, whose size and SHA-256 checksum (computed in
// the background) the bundle saves for the imaging engine.
class ImagePicker final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImagePicker)

public:
    ImagePicker(const ImageStore &store, ImageChecksummer *checksummer, QWidget *parent = nullptr);

    // What a saved action holds. A recorded checksum is kept while the file still has that size.
    void setImage(const QString &relativePath, qint64 size, const QString &sha256);
    QString image() const;
    // A whole-disk folder image (docs/images.md) is chosen: it needs no size and checksum, the
    // action gets "format": "folder".
    bool isFolderImage() const;
    qint64 size() const { return m_size; }
    QString sha256() const { return m_sha256; }
    // What keeps the choice from being saved (no such file, checksum being computed or failed),
    // in the user's language; empty when fine. "No image chosen" is left to the bundle's checks.
    QString problem() const { return m_problem; }
    void setError(const QString &text);
    QComboBox *combo() const { return m_combo; }

public slots:
    void refresh(); // lists the store again

signals:
    void changed();

private:
    void choose();
    void updateInfo();
    void onProgress(const QString &path, qint64 done, qint64 total);
    void onFinished(const QString &path, const QString &sha256, const QString &error);

    ImageStore m_store;
    ImageChecksummer *m_checksummer;
    QComboBox *m_combo;
    QToolButton *m_refresh;
    QLabel *m_info;
    FieldError *m_error;
    qint64 m_size = -1;
    QString m_sha256;
    QString m_problem;
    QString m_hashError;
};

} // namespace bootbench
