#include "services/eventstream.h"

#include <QMetaObject>

namespace bootbench {

EventStream::EventStream(QObject *parent, int flushIntervalMs)
    : QObject(parent)
{
    qRegisterMetaType<BootEvent>();
    qRegisterMetaType<BootEventBatch>();
    m_timer.setSingleShot(true);
    m_timer.setInterval(flushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventStream::flush);
}

EventStream::~EventStream() = default;

void EventStream::publish(const BootEvent &event)
{
    bool schedule = false;
    {
        QMutexLocker lock(&m_mutex);
        m_pending.append(event);
        ++m_published;
        schedule = !std::exchange(m_flushScheduled, true);
    }
    if (schedule)
        scheduleFlush();
}

void EventStream::publish(const BootEventBatch &events)
{
    if (events.isEmpty())
        return;
    bool schedule = false;
    {
        QMutexLocker lock(&m_mutex);
        m_pending.append(events);
        m_published += events.size();
        schedule = !std::exchange(m_flushScheduled, true);
    }
    if (schedule)
        scheduleFlush();
}

qint64 EventStream::publishedCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_published;
}

void EventStream::scheduleFlush()
{
    // The timer lives on the stream's thread; start it there.
    QMetaObject::invokeMethod(&m_timer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
}

void EventStream::flush()
{
    BootEventBatch batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
        m_flushScheduled = false;
    }
    m_timer.stop();
    if (!batch.isEmpty())
        emit batchReady(batch);
}

} // namespace bootbench
