#include "servicecomposer.h"

#include "policy/policyservice.h"
#include "services/eventstream.h"
#include "services/servicehost.h"

namespace bootbench {

bool composeServices(const ServiceConfig &config, EventStream *events, ServiceHost *host, QString *error)
{
    for (const QString &name : config.services) {
        // Each service is wired here as it lands: tftp, proxydhcp, dhcp, policy.
        if (name == QLatin1String("policy")) {
            // Opens its own connection to config.policy.databaseUrl (default <dataDir>/bootbench.db).
            host->addService(std::make_unique<PolicyService>(config, events));
            continue;
        }
        *error = QStringLiteral("the %1 service is not available in this build").arg(name);
        return false;
    }
    return true;
}

} // namespace bootbench
