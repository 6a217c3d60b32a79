#pragma once

#include "model/bootevent.h"

#include <QMutex>
#include <QObject>
#include <QTimer>

namespace bootbench {

// The one stream of boot events. Services publish from any thread (cheap: an append under a
// mutex); the stream flushes at most every interval and emits one batch on its own thread.
// The store writer, the GUI and `serve`'s log consume the batches.
class EventStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStream)

public:
    explicit EventStream(QObject *parent = nullptr, int flushIntervalMs = 100);
    ~EventStream() override;

    // Thread-safe.
    void publish(const BootEvent &event);
    void publish(const BootEventBatch &events);
    qint64 publishedCount() const;

public slots:
    // Emits whatever is pending now (e.g. before shutdown).
    void flush();

signals:
    void batchReady(const bootbench::BootEventBatch &batch);

private:
    void scheduleFlush();

    mutable QMutex m_mutex;
    BootEventBatch m_pending;
    bool m_flushScheduled = false;
    qint64 m_published = 0;
    QTimer m_timer;
};

} // namespace bootbench
