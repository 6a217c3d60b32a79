#pragma once

#include "engineconfig.h"

#include <string>

namespace bootbench::engine {

class EngineApi;

// `bootbench-engine status`: the settings, the disks, and a read-only request that tells whether
// the server is reachable and accepts this device's token. Returns the lines to print and
// *ok = the server accepted the device.
class StatusReport
{
public:
    static std::string make(const EngineConfig &config, EngineApi &api, const std::string &sysBlock, bool *ok);
};

} // namespace bootbench::engine
