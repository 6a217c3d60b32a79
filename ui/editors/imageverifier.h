#pragma once

#include "images/folderimages.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace bootbench {

// Re-hashes a folder image's streams on a worker thread (images are many GB: the GUI thread never
// reads them), one image at a time, reporting progress over the whole image.
class ImageVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageVerifier)

public:
    explicit ImageVerifier(QObject *parent = nullptr);
    ~ImageVerifier() override; // cancels a running check and waits for it

    bool isRunning() const { return m_thread != nullptr; }
    // False when a check is running already.
    bool start(const FolderImage &image);

signals:
    void progress(const QString &image, const QString &file, qint64 done, qint64 total);
    void finished(const QString &image, const QStringList &problems);

private:
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace bootbench
