// bootbench-engine: runs a device's Bootbench work in the imaging environment (docs/engine.md).
#include "commandline.h"
#include "engineapi.h"
#include "engineconfig.h"
#include "enginelog.h"
#include "kernelcmdline.h"
#include "maintenanceshell.h"
#include "powercontrol.h"
#include "statusreport.h"
#include "workrunner.h"

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

using namespace bootbench::engine;

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitCannotStart = 2;
constexpr int kExitUsage = 64;

// On the device the engine is what /init runs: when it cannot do its work the technician gets
// the reason and a shell instead of a kernel panic or a reboot loop.
int holdForTechnician(const std::string &reason, EngineLog &log)
{
    return MaintenanceShell::run("*** Bootbench: " + reason + "\n*** The machine stays on for you to look.", log);
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    CommandLine line;
    std::string error;
    if (!CommandLine::parse(args, &line, &error)) {
        std::fprintf(stderr, "bootbench-engine: %s\n", error.c_str());
        return kExitUsage;
    }
    if (line.help) {
        std::fputs(CommandLine::usage().c_str(), stdout);
        return 0;
    }
    if (line.version) {
        std::puts("bootbench-engine " BOOTBENCH_ENGINE_VERSION);
        return 0;
    }
    KernelCmdline kernel;
    if (line.cmdlineGiven) {
        kernel = KernelCmdline::parse(line.cmdlineText);
    } else if (!KernelCmdline::readFile(line.cmdlineFile, &kernel, &error)) {
        std::fprintf(stderr, "bootbench-engine: %s (give the settings with --cmdline \"...\")\n", error.c_str());
        return kExitUsage;
    }
    const EngineConfig config = EngineConfig::from(kernel, line);
    EngineLog log;
    if (::access("/run", W_OK) == 0 && ::getuid() == 0 && !line.cmdlineGiven) {
        std::string logError;
        log.openFile("/run/bootbench-engine.log", &logError);
    }
    const bool asInit = ::getpid() == 1;

    if (config.mode == "maintenance")
        return MaintenanceShell::run("Bootbench imaging environment, maintenance mode (" + config.mac + ")", log);
    EngineApi api(config, log);
    if (config.mode == "status") {
        bool ok = false;
        std::fputs(StatusReport::make(config, api, "/sys/block", &ok).c_str(), stdout);
        return ok ? 0 : kExitCannotStart;
    }
    if (config.mode != "work") {
        const std::string reason = "unknown mode \"" + config.mode + "\" (bootbench.mode=work or maintenance)";
        log.line(reason);
        return asInit ? holdForTechnician(reason, log) : kExitUsage;
    }
    WorkRunner runner(config, log, api);
    const WorkOutcome outcome = runner.run();
    switch (outcome.kind) {
    case WorkOutcome::Kind::CannotStart: return asInit ? holdForTechnician(outcome.message, log) : kExitCannotStart;
    case WorkOutcome::Kind::NoWork: PowerControl::finish("reboot", config.noReboot, log); return 0;
    case WorkOutcome::Kind::Done:
    case WorkOutcome::Kind::Failed:
        if (!outcome.resultAcknowledged && asInit)
            return holdForTechnician(outcome.message, log);
        PowerControl::finish(outcome.after, config.noReboot, log);
        return outcome.kind == WorkOutcome::Kind::Done ? 0 : kExitFailed;
    }
    return kExitFailed;
}
