#pragma once

#include "services/servicestate.h"

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

class QThread;

namespace bootbench {

class EventStream;
class NetworkService;

// Owns one worker thread per network service; starts, stops and reports each service's state.
class ServiceHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceHost)

public:
    explicit ServiceHost(QObject *parent = nullptr);
    ~ServiceHost() override; // stops every service and joins every thread

    // Takes ownership; the service is moved to a new worker thread named after it.
    void addService(std::unique_ptr<NetworkService> service);
    QStringList serviceNames() const;
    NetworkService *service(const QString &name) const;

    QList<ServiceStatus> statuses() const;
    ServiceStatus status(const QString &name) const;

public slots:
    void start(const QString &name);
    void startAll();
    // Blocks until the service has stopped on its thread (sockets closed).
    void stop(const QString &name);
    void stopAll();
    // Stops everything and joins the threads; safe to call twice.
    void shutdown();

signals:
    void statusChanged(const bootbench::ServiceStatus &status);

private:
    struct Worker
    {
        std::unique_ptr<NetworkService> service;
        QThread *thread = nullptr;
    };
    const Worker *find(const QString &name) const;

    std::vector<Worker> m_workers;
};

} // namespace bootbench
