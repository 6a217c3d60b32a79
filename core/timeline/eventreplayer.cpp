#include "timeline/eventreplayer.h"

#include "services/eventstream.h"
#include "timeline/eventlog.h"

#include <algorithm>

namespace bootbench {

namespace {
constexpr int kChunk = 2000; // as fast as possible: this many events per turn of the event loop
}

EventReplayer::EventReplayer(EventStream *target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{
    connect(&m_timer, &QTimer::timeout, this, &EventReplayer::tick);
}

EventReplayer::~EventReplayer() = default;

bool EventReplayer::load(const QString &path, QString *error)
{
    QString readError;
    BootEventBatch events = readEventLog(path, &readError);
    if (!readError.isEmpty()) {
        *error = readError;
        return false;
    }
    setEvents(std::move(events));
    return true;
}

void EventReplayer::setEvents(BootEventBatch events)
{
    stop();
    const auto earlier = [](const BootEvent &a, const BootEvent &b) { return a.time < b.time; };
    if (!std::is_sorted(events.cbegin(), events.cend(), earlier)) // a recording usually is
        std::stable_sort(events.begin(), events.end(), earlier);
    m_events = std::move(events);
    m_position = 0;
}

void EventReplayer::start()
{
    stop();
    m_position = 0;
    if (m_events.isEmpty()) {
        QMetaObject::invokeMethod(this, &EventReplayer::finished, Qt::QueuedConnection);
        return;
    }
    m_firstMs = m_events.constFirst().time.toMSecsSinceEpoch();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    // As fast as possible: the recording keeps its shape and ends now.
    m_shiftMs = m_speed > 0 ? nowMs - m_firstMs : nowMs - m_events.constLast().time.toMSecsSinceEpoch();
    m_clock.start();
    m_timer.start(m_speed > 0 ? 10 : 0); // the first events go out on the next turn of the event loop
}

void EventReplayer::stop()
{
    m_timer.stop();
}

void EventReplayer::publishUpTo(int end)
{
    if (end <= m_position)
        return;
    BootEventBatch batch;
    batch.reserve(end - m_position);
    for (int i = m_position; i < end; ++i) {
        BootEvent event = m_events.at(i);
        if (!m_keepTimes) {
            const qint64 recorded = event.time.toMSecsSinceEpoch();
            const qint64 offset = m_speed > 0 ? qint64(double(recorded - m_firstMs) / m_speed) : recorded - m_firstMs;
            event.time = QDateTime::fromMSecsSinceEpoch(m_firstMs + m_shiftMs + offset, Qt::UTC);
        }
        batch.append(std::move(event));
    }
    m_position = end;
    m_target->publish(batch);
}

void EventReplayer::tick()
{
    int end = m_position;
    if (m_speed <= 0) {
        end = qMin(size(), m_position + kChunk);
    } else {
        const qint64 due = m_firstMs + qint64(double(m_clock.elapsed()) * m_speed);
        while (end < size() && m_events.at(end).time.toMSecsSinceEpoch() <= due)
            ++end;
    }
    publishUpTo(end);
    emit progress(m_position, size());
    if (m_position >= size()) {
        m_timer.stop();
        QMetaObject::invokeMethod(m_target, &EventStream::flush); // on the stream's thread
        emit finished();
    }
}

} // namespace bootbench
