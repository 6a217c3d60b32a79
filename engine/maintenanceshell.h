#pragma once

#include <string>

namespace bootbench::engine {

class EngineLog;

// Mode `maintenance` (and the place a failed start ends on the device): a root shell on the
// console with job control (setsid + cttyhack, as busybox's init does), after a banner saying how
// to run the engine by hand. As PID 1 the shell comes back when it ends; otherwise it runs once.
class MaintenanceShell
{
public:
    static int run(const std::string &banner, EngineLog &log);
};

} // namespace bootbench::engine
