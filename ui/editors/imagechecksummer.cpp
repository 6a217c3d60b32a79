#include "editors/imagechecksummer.h"

#include "images/imagestore.h"

#include <QElapsedTimer>
#include <QFileInfo>

namespace bootbench {

ImageChecksummer::ImageChecksummer(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(2);
}

ImageChecksummer::~ImageChecksummer()
{
    m_cancel->store(true);
    m_pool.waitForDone();
}

QString ImageChecksummer::cached(const QString &path) const
{
    const auto it = m_cache.constFind(path);
    if (it == m_cache.cend())
        return {};
    const QFileInfo fi(path);
    if (!fi.isFile() || fi.size() != it->size || fi.lastModified() != it->modified)
        return {};
    return it->sha256;
}

void ImageChecksummer::request(const QString &path)
{
    if (m_running.contains(path) || !cached(path).isEmpty())
        return;
    m_running.insert(path);
    const QFileInfo fi(path);
    const qint64 size = fi.size();
    const QDateTime modified = fi.lastModified();
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    // The destructor waits for the pool, so `self` outlives every job; queued calls still pending
    // when it is destroyed are dropped by QObject.
    ImageChecksummer *self = this;
    m_pool.start([self, cancel, path, size, modified] {
        QElapsedTimer sinceReport;
        sinceReport.start();
        QString error;
        const QString sha = sha256OfFile(
            path,
            [&](qint64 doneBytes, qint64 total) {
                if (cancel->load())
                    return false;
                if (sinceReport.elapsed() >= 100) { // at most ~10 reports a second
                    sinceReport.restart();
                    QMetaObject::invokeMethod(
                        self, [self, path, doneBytes, total] { emit self->progress(path, doneBytes, total); },
                        Qt::QueuedConnection);
                }
                return true;
            },
            &error);
        if (cancel->load())
            return;
        QMetaObject::invokeMethod(
            self, [self, path, size, modified, sha, error] { self->done(path, size, modified, sha, error); },
            Qt::QueuedConnection);
    });
}

void ImageChecksummer::done(const QString &path, qint64 size, const QDateTime &modified, const QString &sha,
                            const QString &error)
{
    m_running.remove(path);
    if (!sha.isEmpty())
        m_cache.insert(path, {size, modified, sha});
    emit finished(path, sha, error);
}

void ImageChecksummer::waitForDone()
{
    m_pool.waitForDone();
}

} // namespace bootbench
