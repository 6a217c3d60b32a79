#include "timeline/benchevents.h"

namespace bootbench {

bool isBenchEvent(const BootEvent &event)
{
    return event.mac.isEmpty() && event.severity >= BootEvent::Severity::Info;
}

} // namespace bootbench
