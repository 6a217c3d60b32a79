#include "services/networkservice.h"

#include "services/eventstream.h"

namespace bootbench {

NetworkService::NetworkService(const QString &name, EventStream *events)
    : m_name(name)
    , m_events(events)
{
    m_status.name = name;
}

NetworkService::~NetworkService() = default;

ServiceStatus NetworkService::status() const
{
    QMutexLocker lock(&m_mutex);
    return m_status;
}

void NetworkService::start()
{
    const ServiceState current = status().state;
    if (current == ServiceState::Running || current == ServiceState::Starting)
        return;
    setStatus(ServiceState::Starting, {});
    QString error;
    if (startService(&error)) {
        setStatus(ServiceState::Running, {});
    } else {
        stopService();
        setStatus(ServiceState::Failed, error);
    }
}

void NetworkService::stop()
{
    if (status().state == ServiceState::Stopped)
        return;
    stopService();
    setStatus(ServiceState::Stopped, {});
}

void NetworkService::reportFailure(const QString &reason)
{
    stopService();
    setStatus(ServiceState::Failed, reason);
}

void NetworkService::publish(const BootEvent &event) const
{
    if (m_events)
        m_events->publish(event);
}

void NetworkService::publishAndClear(BootEventBatch *batch) const
{
    if (batch->isEmpty())
        return;
    if (m_events)
        m_events->publish(*batch);
    batch->clear();
}

void NetworkService::setStatus(ServiceState state, const QString &reason)
{
    ServiceStatus copy;
    {
        QMutexLocker lock(&m_mutex);
        m_status.state = state;
        m_status.reason = reason;
        copy = m_status;
    }
    BootEvent e;
    e.time = QDateTime::currentDateTimeUtc();
    e.service = m_name;
    e.kind = QStringLiteral("service-") + serviceStateKey(state);
    e.severity = state == ServiceState::Failed ? BootEvent::Severity::Error : BootEvent::Severity::Info;
    e.detail = reason;
    publish(e);
    emit statusChanged(copy);
}

} // namespace bootbench
