#include "services/servicestate.h"

namespace bootbench {

QString serviceStateKey(ServiceState state)
{
    switch (state) {
    case ServiceState::Stopped: return QStringLiteral("stopped");
    case ServiceState::Starting: return QStringLiteral("starting");
    case ServiceState::Running: return QStringLiteral("running");
    case ServiceState::Failed: return QStringLiteral("failed");
    }
    return {};
}

} // namespace bootbench
