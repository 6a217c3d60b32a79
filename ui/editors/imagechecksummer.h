#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace bootbench {

// Computes the SHA-256 of image files on worker threads (images are many GB: the GUI thread never
// reads them) and remembers the result for as long as the file keeps its size and time.
class ImageChecksummer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageChecksummer)

public:
    explicit ImageChecksummer(QObject *parent = nullptr);
    ~ImageChecksummer() override; // cancels running jobs and waits for them

    // The checksum of the file as it is now, if known.
    QString cached(const QString &path) const;
    bool isRunning(const QString &path) const { return m_running.contains(path); }
    // Starts hashing unless the checksum is known or being computed.
    void request(const QString &path);
    // Blocks until every job has finished (tests).
    void waitForDone();

signals:
    void progress(const QString &path, qint64 done, qint64 total);
    // sha256 empty and error set on failure.
    void finished(const QString &path, const QString &sha256, const QString &error);

private:
    struct Entry
    {
        qint64 size = -1;
        QDateTime modified;
        QString sha256;
    };
    void done(const QString &path, qint64 size, const QDateTime &modified, const QString &sha, const QString &error);

    QHash<QString, Entry> m_cache;
    QSet<QString> m_running;
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
    QThreadPool m_pool;
};

} // namespace bootbench
