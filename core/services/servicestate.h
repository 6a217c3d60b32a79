#pragma once

#include <QMetaType>
#include <QString>

namespace bootbench {

enum class ServiceState : int { Stopped = 0, Starting, Running, Failed };
QString serviceStateKey(ServiceState state);

// What a service reports about itself: its state and, when failed, the exact reason
// (which port, which address, which error, how to fix it).
struct ServiceStatus
{
    QString name;
    ServiceState state = ServiceState::Stopped;
    QString reason;
    friend bool operator==(const ServiceStatus &, const ServiceStatus &) = default;
};

} // namespace bootbench

Q_DECLARE_METATYPE(bootbench::ServiceState)
Q_DECLARE_METATYPE(bootbench::ServiceStatus)
