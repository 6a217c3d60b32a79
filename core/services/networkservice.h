#pragma once

#include "model/bootevent.h"
#include "services/servicestate.h"

#include <QMutex>
#include <QObject>

namespace bootbench {

class EventStream;

// Base of every network service. The ServiceHost moves each service to its own worker thread;
// start() and stop() run there, so sockets are created and destroyed on that thread.
class NetworkService : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkService)

public:
    NetworkService(const QString &name, EventStream *events);
    ~NetworkService() override;

    QString name() const { return m_name; }
    ServiceStatus status() const; // thread-safe

public slots:
    void start();
    void stop();

signals:
    void statusChanged(const bootbench::ServiceStatus &status);

protected:
    // On the worker thread. Return false and set *error to the exact, human-readable reason.
    virtual bool startService(QString *error) = 0;
    virtual void stopService() = 0;

    // A failure after a successful start (e.g. the interface went away).
    void reportFailure(const QString &reason);
    void publish(const BootEvent &event) const;
    // Publishes what a service gathered since its last flush, in one batch, and empties it.
    void publishAndClear(BootEventBatch *batch) const;
    EventStream *events() const { return m_events; }

private:
    void setStatus(ServiceState state, const QString &reason);

    const QString m_name;
    EventStream *const m_events;
    mutable QMutex m_mutex;
    ServiceStatus m_status;
};

} // namespace bootbench
