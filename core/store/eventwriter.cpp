#include "store/eventwriter.h"

#include "store/eventrepository.h"
#include "store/store.h"

#include <QMetaObject>

namespace bootbench {

EventWriter::EventWriter(const Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
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
        [store, worker] {
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
    QString error;
    if (EventRepository(m_store).append(batch, &error))
        m_written.fetchAndAddRelaxed(batch.size());
    else
        emit writeFailed(error);
}

} // namespace bootbench
