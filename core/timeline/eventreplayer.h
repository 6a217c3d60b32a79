#pragma once

#include "model/bootevent.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace bootbench {

class EventStream;

// Plays a recorded event log into an EventStream, as if the services were seeing it now: at real
// speed, N times faster, or as fast as possible. For demos, training, tests and the benchmark.
// Times are moved so the replay happens "now" (the timeline follows it live); at N× the gaps
// between events shrink N times.
class EventReplayer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventReplayer)

public:
    explicit EventReplayer(EventStream *target, QObject *parent = nullptr);
    ~EventReplayer() override;

    bool load(const QString &path, QString *error);
    void setEvents(BootEventBatch events); // any order; sorted by time here
    // 1: real time; N > 1: N× faster; 0: as fast as possible.
    void setSpeed(double speed) { m_speed = qMax(0.0, speed); }
    double speed() const { return m_speed; }
    // Keep the recorded times instead of moving them to now (default: move them).
    void setKeepRecordedTimes(bool keep) { m_keepTimes = keep; }

    const BootEventBatch &events() const { return m_events; } // the recording, in time order
    int size() const { return int(m_events.size()); }
    int position() const { return m_position; }
    bool isRunning() const { return m_timer.isActive(); }

public slots:
    void start();
    void stop();

signals:
    void progress(int played, int total);
    void finished();

private:
    void tick();
    void publishUpTo(int end);

    EventStream *const m_target;
    BootEventBatch m_events;
    double m_speed = 1.0;
    bool m_keepTimes = false;
    int m_position = 0;
    qint64 m_firstMs = 0;
    qint64 m_shiftMs = 0;
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace bootbench
