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

void EventStream::setMacResolver(MacResolver resolver)
{
    QMutexLocker lock(&m_mutex);
    m_resolver = std::move(resolver);
}

EventStream::MacResolver EventStream::resolver() const
{
    QMutexLocker lock(&m_mutex);
    return m_resolver;
}

void EventStream::resolveMacs(BootEvent &event, const MacResolver &resolver) const
{
    if (!event.mac.isEmpty() || event.peer.isEmpty())
        return;
    // "a.b.c.d:port" or "a.b.c.d"
    const qsizetype colon = event.peer.lastIndexOf(QLatin1Char(':'));
    QHostAddress address(colon > 0 ? event.peer.left(colon) : event.peer);
    if (address.protocol() != QAbstractSocket::IPv4Protocol)
        address = QHostAddress(event.peer);
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        event.mac = resolver(address);
}

void EventStream::publish(const BootEvent &event)
{
    if (const MacResolver r = resolver()) {
        BootEvent resolved = event;
        resolveMacs(resolved, r);
        publish(BootEventBatch{resolved});
        return;
    }
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
    BootEventBatch resolved;
    if (const MacResolver r = resolver()) {
        resolved = events;
        for (BootEvent &e : resolved)
            resolveMacs(e, r);
    }
    bool schedule = false;
    {
        QMutexLocker lock(&m_mutex);
        m_pending.append(resolved.isEmpty() ? events : resolved);
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
