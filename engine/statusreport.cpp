#include "statusreport.h"

#include "disklist.h"
#include "engineapi.h"

namespace bootbench::engine {

std::string StatusReport::make(const EngineConfig &config, EngineApi &api, const std::string &sysBlock, bool *ok)
{
    *ok = false;
    std::string out = "bootbench-engine " BOOTBENCH_ENGINE_VERSION "\n";
    out += "server: " + (config.server.empty() ? std::string("(not set)") : config.server) + "\n";
    out += "mac:    " + (config.mac.empty() ? std::string("(not set)") : config.mac) + "\n";
    out += "token:  " + std::string(config.token.empty() ? "(not set)" : "set") + "\n";
    out += "mode:   " + config.mode + "\n";
    if (!config.disk.empty()) {
        out += "disk:   " + config.disk + " (--disk)\n";
    } else {
        const auto disks = DiskList::fixedDisks(sysBlock);
        if (disks.empty())
            out += "disks:  none (no fixed disk in " + sysBlock + ")\n";
        for (const DiskInfo &d : disks)
            out += "disk:   " + d.device + " " + std::to_string(d.sizeBytes / 1000000) + " MB" +
                   (d.model.empty() ? "" : " " + d.model) + "\n";
    }
    if (const std::string missing = config.missingForServer(); !missing.empty()) {
        out += "server check: not possible: " + missing + "\n";
        return out;
    }
    const ApiAnswer a = api.check();
    if (a.ok()) {
        *ok = true;
        out += "server check: reachable, the token is accepted\n";
    } else {
        out += "server check: " + a.error + "\n";
    }
    return out;
}

} // namespace bootbench::engine
