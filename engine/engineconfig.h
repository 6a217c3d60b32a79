#pragma once

#include "commandline.h"
#include "kernelcmdline.h"

#include <string>

namespace bootbench::engine {

// The settings the engine works with: the kernel command line's bootbench.* values, with the
// engine's own options on top.
struct EngineConfig
{
    std::string server; // http://IP:PORT
    std::string mac;
    std::string token;
    std::string mode = "work"; // work | maintenance
    std::string after;         // bootbench.after=: reboot (default) | poweroff
    std::string disk;          // --disk, or empty: the fixed disks of /sys/block
    bool noReboot = false;

    static EngineConfig from(const KernelCmdline &kernel, const CommandLine &line);
    // What is missing for talking to the server (empty when nothing is).
    std::string missingForServer() const;
    // The engine API base: SERVER/api/v1/devices/MAC/
    std::string apiBase() const;
};

} // namespace bootbench::engine
