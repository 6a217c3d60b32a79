#include "engineconfig.h"

namespace bootbench::engine {

EngineConfig EngineConfig::from(const KernelCmdline &kernel, const CommandLine &line)
{
    EngineConfig c;
    c.server = kernel.value("bootbench.server");
    while (!c.server.empty() && c.server.back() == '/')
        c.server.pop_back();
    c.mac = kernel.value("bootbench.mac");
    c.token = kernel.value("bootbench.token");
    c.mode = kernel.value("bootbench.mode", "work");
    if (c.mode.empty())
        c.mode = "work";
    c.after = kernel.value("bootbench.after", "reboot");
    if (!line.command.empty())
        c.mode = line.command;
    c.disk = line.disk;
    c.noReboot = line.noReboot;
    return c;
}

std::string EngineConfig::missingForServer() const
{
    std::string missing;
    auto add = [&](const char *key) { missing += (missing.empty() ? "" : ", ") + std::string(key); };
    if (server.empty())
        add("bootbench.server=");
    if (mac.empty())
        add("bootbench.mac=");
    if (token.empty())
        add("bootbench.token=");
    if (missing.empty())
        return {};
    return "the kernel command line has no " + missing +
           " (the work's config file sets them; by hand: --cmdline \"bootbench.server=http://IP:PORT "
           "bootbench.mac=MAC bootbench.token=TOKEN\")";
}

std::string EngineConfig::apiBase() const
{
    return server + "/api/v1/devices/" + mac + "/";
}

} // namespace bootbench::engine
