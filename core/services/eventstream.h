#pragma once

#include "model/bootevent.h"

#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <functional>

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

    // Gives events that only know their peer's address (TFTP, HTTP) the MAC that address
    // belongs to, e.g. from what the DHCP services learned, so they land on the device's lane.
    // The function is called from publishing threads: it must be thread-safe. Null: none.
    using MacResolver = std::function<QString(const QHostAddress &address)>;
    void setMacResolver(MacResolver resolver);

public slots:
    // Emits whatever is pending now (e.g. before shutdown).
    void flush();

signals:
    void batchReady(const bootbench::BootEventBatch &batch);

private:
    void scheduleFlush();
    void resolveMacs(BootEvent &event, const MacResolver &resolver) const;
    MacResolver resolver() const;

    mutable QMutex m_mutex;
    BootEventBatch m_pending;
    bool m_flushScheduled = false;
    qint64 m_published = 0;
    MacResolver m_resolver;
    QTimer m_timer;
};

} // namespace bootbench
