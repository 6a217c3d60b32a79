#include "editors/imageverifier.h"

#include <QElapsedTimer>
#include <QThread>

namespace bootbench {

ImageVerifier::ImageVerifier(QObject *parent)
    : QObject(parent)
{}

ImageVerifier::~ImageVerifier()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

bool ImageVerifier::start(const FolderImage &image)
{
    if (m_thread)
        return false;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    ImageVerifier *self = this; // the destructor waits for the thread
    m_thread = QThread::create([self, cancel, image] {
        const qint64 total = image.manifest.streamBytes();
        qint64 before = 0; // bytes of the files already checked
        QString current;
        qint64 currentDone = 0;
        QElapsedTimer sinceReport;
        sinceReport.start();
        const QStringList problems = FolderImages::verify(
            image,
            [&](const QString &file, qint64 done, qint64) {
                if (file != current) {
                    before += currentDone;
                    current = file;
                }
                currentDone = done;
                if (sinceReport.elapsed() >= 100 || before + done == total) { // ~10 reports a second
                    sinceReport.restart();
                    const qint64 all = before + done;
                    QMetaObject::invokeMethod(
                        self,
                        [self, name = image.name, file, all, total] { emit self->progress(name, file, all, total); },
                        Qt::QueuedConnection);
                }
            },
            [cancel] { return cancel->load(); });
        if (cancel->load())
            return;
        QMetaObject::invokeMethod(
            self,
            [self, name = image.name, problems] {
                self->m_thread->wait();
                delete self->m_thread;
                self->m_thread = nullptr;
                emit self->finished(name, problems);
            },
            Qt::QueuedConnection);
    });
    m_thread->start(QThread::LowPriority);
    return true;
}

} // namespace bootbench
