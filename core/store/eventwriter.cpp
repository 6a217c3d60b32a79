#include "store/eventwriter.h"

#include "store/eventrepository.h"
#include "store/store.h"

#include <QMetaObject>
#include <QTimer>

namespace bootbench {

EventWriter::EventWriter(const Store &store, QObject *parent, int bound, int retryMs)
    : QObject(parent)
    , m_store(store)
    , m_bound(qMax(1, bound))
    , m_retryMs(retryMs)
{
    m_thread.setObjectName(QStringLiteral("bootbench-event-writer"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

EventWriter::~EventWriter()
{
    drain();
    const Store *store = &m_store;
    QObject *worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker,
        [this, store, worker] {
            if (!m_queue.isEmpty())
                flushWaiting();
            store->closeThreadConnection();
            delete worker;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void EventWriter::write(const BootEventBatch &batch)
{
    QMetaObject::invokeMethod(
        m_worker, [this, batch] { writeNow(batch); }, Qt::QueuedConnection);
}

void EventWriter::drain()
{
    // Queued calls run in order: an empty blocking call returns after everything before it.
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
}

void EventWriter::writeNow(const BootEventBatch &batch)
{
    m_queue << batch;
    if (m_queue.size() > m_bound) {
        const qint64 dropped = m_queue.size() - m_bound;
        m_queue.remove(0, dropped);
        m_lostSinceFailure += dropped;
        m_lost.fetchAndAddRelaxed(dropped);
    }
    m_waiting.storeRelaxed(int(m_queue.size()));
    if (!m_failing)
        flushWaiting();
}

void EventWriter::flushWaiting()
{
    m_retryScheduled = false;
    BootEventBatch batch = m_queue;
    if (m_failing && m_lostSinceFailure > 0) {
        BootEvent lost;
        lost.time = QDateTime::currentDateTimeUtc();
        lost.service = QStringLiteral("host");
        lost.kind = QStringLiteral("store-events-lost");
        lost.severity = BootEvent::Severity::Warning;
        lost.total = m_lostSinceFailure;
        lost.detail = QStringLiteral("%1 events lost while the store was unreachable (at most %2 wait)")
                          .arg(m_lostSinceFailure)
                          .arg(m_bound);
        batch << lost;
    }
    QString error;
    if (EventRepository(m_store).append(batch, &error)) {
        m_written.fetchAndAddRelaxed(m_queue.size());
        m_queue.clear();
        m_waiting.storeRelaxed(0);
        if (m_failing) {
            m_failing = false;
            emit storeAvailable(m_lostSinceFailure);
            m_lostSinceFailure = 0;
        }
        return;
    }
    if (!m_failing) {
        m_failing = true;
        emit storeUnavailable(QDateTime::currentDateTimeUtc(), error);
    }
    emit writeFailed(error);
    if (!m_retryScheduled && m_retryMs > 0) {
        m_retryScheduled = true;
        QTimer::singleShot(m_retryMs, m_worker, [this] { flushWaiting(); });
    }
}

} // namespace bootbench
