#include "powercontrol.h"

#include "enginelog.h"

#include <cerrno>
#include <cstring>
#include <sys/reboot.h>
#include <unistd.h>

namespace bootbench::engine {

void PowerControl::finish(const std::string &after, bool noReboot, EngineLog &log)
{
    const bool powerOff = after == "poweroff";
    if (noReboot) {
        log.line(std::string("--no-reboot: the machine stays on (it would ") + (powerOff ? "power off" : "reboot") +
                 " now)");
        return;
    }
    log.line(powerOff ? "powering off" : "rebooting");
    ::sync();
    if (::reboot(powerOff ? RB_POWER_OFF : RB_AUTOBOOT) != 0)
        log.line(std::string("cannot ") + (powerOff ? "power off" : "reboot") + ": " + std::strerror(errno) +
                 " (the engine must run as root)");
}

} // namespace bootbench::engine
