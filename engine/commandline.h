#pragma once

#include <string>
#include <vector>

namespace bootbench::engine {

// What `bootbench-engine` was asked to do, from its arguments:
//   bootbench-engine [work|status|maintenance] [--cmdline "TEXT"] [--disk DEVICE] [--no-reboot]
// Without a command the mode comes from bootbench.mode= of the kernel command line.
struct CommandLine
{
    std::string command;     // "work", "status", "maintenance" or empty (the kernel command line decides)
    std::string cmdlineText; // --cmdline: used instead of /proc/cmdline
    bool cmdlineGiven = false;
    std::string cmdlineFile = "/proc/cmdline";
    std::string disk;      // --disk: the disk to work on instead of the ones found in /sys/block
    bool noReboot = false; // --no-reboot: leave the machine running when the work is done
    bool help = false;
    bool version = false;

    // False with *error (naming the argument) for an unknown option or a missing value.
    static bool parse(const std::vector<std::string> &args, CommandLine *out, std::string *error);
    static std::string usage();
};

} // namespace bootbench::engine
