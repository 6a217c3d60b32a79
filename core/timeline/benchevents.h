#pragma once

#include "model/bootevent.h"

namespace bootbench {

// An event that belongs to the bench, not to a device: it has no MAC (a TFTP request for a missing
// file from an address no DHCP service saw, another DHCP server, the boot chain's report) and says
// something (info or above; debug notes stay in the log).
bool isBenchEvent(const BootEvent &event);

} // namespace bootbench
