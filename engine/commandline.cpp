#include "commandline.h"

namespace bootbench::engine {

bool CommandLine::parse(const std::vector<std::string> &args, CommandLine *out, std::string *error)
{
    CommandLine c;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        auto takeValue = [&](std::string *value) {
            const size_t eq = a.find('=');
            if (eq != std::string::npos) {
                *value = a.substr(eq + 1);
                return true;
            }
            if (i + 1 >= args.size()) {
                *error = a + " needs a value";
                return false;
            }
            *value = args[++i];
            return true;
        };
        const std::string name = a.substr(0, a.find('='));
        if (name == "--cmdline") {
            if (!takeValue(&c.cmdlineText))
                return false;
            c.cmdlineGiven = true;
        } else if (name == "--cmdline-file") {
            if (!takeValue(&c.cmdlineFile))
                return false;
        } else if (name == "--disk") {
            if (!takeValue(&c.disk))
                return false;
            if (c.disk.empty()) {
                *error = "--disk needs a device, e.g. --disk /dev/sda";
                return false;
            }
        } else if (a == "--no-reboot") {
            c.noReboot = true;
        } else if (a == "--help" || a == "-h") {
            c.help = true;
        } else if (a == "--version") {
            c.version = true;
        } else if (!a.empty() && a[0] == '-') {
            *error = "unknown option " + a + " (see --help)";
            return false;
        } else if (c.command.empty() && (a == "work" || a == "status" || a == "maintenance")) {
            c.command = a;
        } else {
            *error = "unexpected argument \"" + a + "\" (commands: work, status, maintenance; see --help)";
            return false;
        }
    }
    *out = c;
    return true;
}

std::string CommandLine::usage()
{
    return "usage: bootbench-engine [work|status|maintenance] [--cmdline \"TEXT\"] [--disk DEVICE] [--no-reboot]\n"
           "\n"
           "Runs a device's Bootbench work inside the imaging environment (docs/engine.md).\n"
           "  work          fetch the device's work, run its actions, report progress and the result\n"
           "  status        show the settings, the disks and whether the server accepts this device\n"
           "  maintenance   a root shell on the console\n"
           "Without a command, bootbench.mode= of the kernel command line decides (default: work).\n"
           "\n"
           "  --cmdline TEXT    read bootbench.server=, bootbench.mac=, bootbench.token=, bootbench.mode=\n"
           "                    from TEXT instead of /proc/cmdline\n"
           "  --disk DEVICE     work on DEVICE instead of the fixed disks found in /sys/block\n"
           "  --no-reboot       leave the machine running when the work is done\n";
}

} // namespace bootbench::engine
