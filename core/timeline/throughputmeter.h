#pragma once

#include "model/bootevent.h"

#include <QHash>
#include <QList>

#include <vector>

namespace bootbench {

// Bytes per second moved by TFTP and by HTTP (policy, engine), in one-second buckets over a
// bounded window. Transfer events carry the bytes moved so far; the meter turns them into
// deltas per transfer (service, device, file) and spreads each delta over the seconds since
// that transfer's previous event.
class ThroughputMeter
{
public:
    enum Channel { Tftp = 0, Http = 1 };
    struct Sample
    {
        qint64 second = 0; // seconds since the epoch
        qint64 bytes[2] = {0, 0};
    };

    explicit ThroughputMeter(int windowSeconds = 300);

    // Returns the byte delta this event contributes (0 when it moves nothing new).
    qint64 add(const BootEvent &event, qint64 timeMs);
    // The window, oldest first, ending at the newest second seen (empty seconds included).
    QList<Sample> samples() const;
    qint64 totalBytes(Channel channel) const { return m_total[channel]; }
    qint64 newestSecond() const { return m_newest; }
    void clear();

private:
    int m_window;
    std::vector<Sample> m_ring; // index = second % window
    qint64 m_newest = -1;
    qint64 m_total[2] = {0, 0};
    void spread(int channel, qint64 fromMs, qint64 toMs, qint64 bytes);

    struct Seen
    {
        qint64 bytes = 0;
        qint64 timeMs = 0;
    };
    QHash<QString, Seen> m_open; // per open transfer; bounded
};

} // namespace bootbench
