#include "servicecomposer.h"

#include "services/eventstream.h"
#include "services/servicehost.h"

namespace bootbench {

bool composeServices(const ServiceConfig &config, EventStream *events, ServiceHost *host, QString *error)
{
    Q_UNUSED(events);
    Q_UNUSED(host);
    for (const QString &name : config.services) {
        // Each service is wired here as it lands: tftp, proxydhcp, dhcp, policy.
        *error = QStringLiteral("the %1 service is not available in this build").arg(name);
        return false;
    }
    return true;
}

} // namespace bootbench
