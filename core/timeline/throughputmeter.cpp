#include "timeline/throughputmeter.h"

namespace bootbench {

namespace {
constexpr int kMaxOpenTransfers = 4096;
}

ThroughputMeter::ThroughputMeter(int windowSeconds)
    : m_window(qMax(2, windowSeconds))
    , m_ring(size_t(m_window))
{}

void ThroughputMeter::clear()
{
    m_ring.assign(size_t(m_window), Sample{});
    m_newest = -1;
    m_total[0] = m_total[1] = 0;
    m_lastBytes.clear();
}

qint64 ThroughputMeter::add(const BootEvent &event, qint64 timeMs)
{
    if (event.bytes <= 0)
        return 0;
    const QString key =
        event.service + QLatin1Char('|') + event.mac + QLatin1Char('|') + event.peer + QLatin1Char('|') + event.detail;
    const bool finished = event.kind.endsWith(QLatin1String("finished")) ||
                          event.kind.endsWith(QLatin1String("failed")) || event.outcome == Outcome::Failed ||
                          event.outcome == Outcome::Done;
    auto it = m_lastBytes.find(key);
    qint64 delta = event.bytes;
    if (it != m_lastBytes.end()) {
        delta = event.bytes >= *it ? event.bytes - *it : event.bytes; // smaller: a new transfer
        if (finished)
            m_lastBytes.erase(it);
        else
            *it = event.bytes;
    } else if (!finished) {
        if (m_lastBytes.size() >= kMaxOpenTransfers)
            m_lastBytes.clear(); // transfers that never said they finished: forget them
        m_lastBytes.insert(key, event.bytes);
    }
    if (delta <= 0)
        return 0;

    const int channel = event.service == QLatin1String("tftp") ? Tftp : Http;
    m_total[channel] += delta;
    const qint64 second = timeMs / 1000;
    if (m_newest >= 0 && second <= m_newest - m_window)
        return delta; // older than the window: counted in the total only
    if (second > m_newest) {
        // Clear the buckets the clock skipped over.
        const qint64 from = m_newest < 0 ? second : qMax(m_newest + 1, second - m_window + 1);
        for (qint64 s = from; s <= second; ++s)
            m_ring[size_t(s % m_window)] = Sample{s, {0, 0}};
        m_newest = second;
    }
    Sample &bucket = m_ring[size_t(second % m_window)];
    bucket.second = second;
    bucket.bytes[channel] += delta;
    return delta;
}

QList<ThroughputMeter::Sample> ThroughputMeter::samples() const
{
    QList<Sample> out;
    if (m_newest < 0)
        return out;
    out.reserve(m_window);
    for (qint64 s = m_newest - m_window + 1; s <= m_newest; ++s) {
        const Sample &bucket = m_ring[size_t(((s % m_window) + m_window) % m_window)];
        out.append(bucket.second == s ? bucket : Sample{s, {0, 0}});
    }
    return out;
}

} // namespace bootbench
