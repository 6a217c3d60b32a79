#include "services/servicehost.h"

#include "services/networkservice.h"

#include <QMetaObject>
#include <QThread>

namespace bootbench {

ServiceHost::ServiceHost(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ServiceStatus>();
}

ServiceHost::~ServiceHost()
{
    shutdown();
}

void ServiceHost::addService(std::unique_ptr<NetworkService> service)
{
    auto *thread = new QThread(this);
    thread->setObjectName(QStringLiteral("bootbench-") + service->name());
    service->moveToThread(thread);
    connect(service.get(), &NetworkService::statusChanged, this, &ServiceHost::statusChanged);
    thread->start();
    m_workers.push_back({std::move(service), thread});
}

QStringList ServiceHost::serviceNames() const
{
    QStringList names;
    for (const auto &w : m_workers)
        names << w.service->name();
    return names;
}

const ServiceHost::Worker *ServiceHost::find(const QString &name) const
{
    for (const auto &w : m_workers) {
        if (w.service->name() == name)
            return &w;
    }
    return nullptr;
}

NetworkService *ServiceHost::service(const QString &name) const
{
    const Worker *w = find(name);
    return w ? w->service.get() : nullptr;
}

QList<ServiceStatus> ServiceHost::statuses() const
{
    QList<ServiceStatus> all;
    for (const auto &w : m_workers)
        all << w.service->status();
    return all;
}

ServiceStatus ServiceHost::status(const QString &name) const
{
    const Worker *w = find(name);
    return w ? w->service->status() : ServiceStatus{name, ServiceState::Stopped, {}};
}

void ServiceHost::start(const QString &name)
{
    if (const Worker *w = find(name))
        QMetaObject::invokeMethod(w->service.get(), &NetworkService::start, Qt::QueuedConnection);
}

void ServiceHost::startAll()
{
    for (const auto &w : m_workers)
        start(w.service->name());
}

void ServiceHost::stop(const QString &name)
{
    const Worker *w = find(name);
    if (!w || !w->thread->isRunning())
        return;
    QMetaObject::invokeMethod(w->service.get(), &NetworkService::stop, Qt::BlockingQueuedConnection);
}

void ServiceHost::stopAll()
{
    for (const auto &w : m_workers)
        stop(w.service->name());
}

void ServiceHost::shutdown()
{
    stopAll();
    for (auto &w : m_workers) {
        // Destroy each service on its own thread (its sockets and timers live there), then join.
        NetworkService *service = w.service.release();
        QMetaObject::invokeMethod(
            service, [service] { delete service; }, Qt::BlockingQueuedConnection);
        w.thread->quit();
        w.thread->wait();
        delete w.thread;
    }
    m_workers.clear();
}

} // namespace bootbench
