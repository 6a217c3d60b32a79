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
    m_open.clear();
}

qint64 ThroughputMeter::add(const BootEvent &event, qint64 timeMs)
{
    const bool started = event.kind.endsWith(QLatin1String("started"));
    if (event.bytes <= 0 && !started)
        return 0;
    // Not the peer: an HTTP client may report each step of a download on a new connection.
    const QString key = event.service + QLatin1Char('|') + event.mac + QLatin1Char('|') + event.detail;
    const bool finished = event.kind.endsWith(QLatin1String("finished")) ||
                          event.kind.endsWith(QLatin1String("failed")) || event.outcome == Outcome::Failed ||
                          event.outcome == Outcome::Done;
    auto it = m_open.find(key);
    qint64 delta = event.bytes;
    qint64 fromMs = timeMs;
    if (it != m_open.end()) {
        if (event.bytes >= it->bytes) {
            delta = event.bytes - it->bytes;
            fromMs = it->timeMs;
        } // else: fewer bytes than before, a new transfer of the same file
        if (finished)
            m_open.erase(it);
        else
            *it = Seen{event.bytes, timeMs};
    } else if (!finished) {
        if (m_open.size() >= kMaxOpenTransfers)
            m_open.clear(); // transfers that never said they finished: forget them
        m_open.insert(key, Seen{event.bytes, timeMs});
    }
    if (delta <= 0)
        return 0;
    const int channel = event.service == QLatin1String("tftp") ? Tftp : Http;
    m_total[channel] += delta;
    spread(channel, fromMs, timeMs, delta);
    return delta;
}

void ThroughputMeter::spread(int channel, qint64 fromMs, qint64 toMs, qint64 bytes)
{
    const qint64 second = toMs / 1000;
    if (m_newest >= 0 && second <= m_newest - m_window)
        return; // older than the window: counted in the total only
    if (second > m_newest) {
        // Clear the buckets the clock skipped over.
        const qint64 from = m_newest < 0 ? second : qMax(m_newest + 1, second - m_window + 1);
        for (qint64 s = from; s <= second; ++s)
            m_ring[size_t(s % m_window)] = Sample{s, {0, 0}};
        m_newest = second;
    }
    const qint64 oldest = m_newest - m_window + 1;
    fromMs = qMax(fromMs, oldest * 1000);
    if (toMs - fromMs <= 0) {
        m_ring[size_t(second % m_window)].bytes[channel] += bytes;
        return;
    }
    // Each second gets its share of the time since the transfer's previous event.
    qint64 given = 0;
    for (qint64 s = fromMs / 1000; s <= second; ++s) {
        const qint64 overlap = qMin(toMs, (s + 1) * 1000) - qMax(fromMs, s * 1000);
        if (overlap <= 0 || s < oldest)
            continue;
        const qint64 share = s == second ? bytes - given : bytes * overlap / (toMs - fromMs);
        Sample &bucket = m_ring[size_t(s % m_window)];
        if (bucket.second != s)
            bucket = Sample{s, {0, 0}};
        bucket.bytes[channel] += share;
        given += share;
    }
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
