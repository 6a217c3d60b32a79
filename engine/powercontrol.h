#pragma once

#include <string>

namespace bootbench::engine {

class EngineLog;

// What happens to the machine when the engine is done: reboot(2) after sync(2), or power off.
// With --no-reboot nothing happens (the engine run by hand on a laptop, the tests).
class PowerControl
{
public:
    // Returns only when the machine stays on (noReboot, or reboot(2) refused: the reason is logged).
    static void finish(const std::string &after, bool noReboot, EngineLog &log);
};

} // namespace bootbench::engine
