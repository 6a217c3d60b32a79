#pragma once

#include <string>
#include <vector>

namespace bootbench::engine {

class EngineLog;

// Mode `maintenance` (and the place a failed start ends on the device): a root shell with job
// control after a banner saying how to run the engine by hand. As PID 1 there is one shell on
// every console the kernel writes to (/sys/class/tty/console/active: e.g. the screen and the
// serial port with `console=tty0 console=ttyS0,115200`), each in its own session with its
// console as controlling terminal, and a shell that ends comes back. Run by hand it is one shell
// on the caller's terminal, once.
class MaintenanceShell
{
public:
    static int run(const std::string &banner, EngineLog &log);
    // The terminals for the shells from the text of /sys/class/tty/console/active: "/dev/NAME"
    // each, "tty0" (the current virtual terminal) as "/dev/tty1", without repeats.
    static std::vector<std::string> consoleDevices(const std::string &active);
};

} // namespace bootbench::engine
