#include "maintenanceshell.h"

#include "enginelog.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bootbench::engine {

namespace {

bool inPath(const std::string &name)
{
    const char *path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
    size_t from = 0;
    while (from <= dirs.size()) {
        const size_t to = dirs.find(':', from);
        const std::string dir = dirs.substr(from, to == std::string::npos ? std::string::npos : to - from);
        if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0)
            return true;
        if (to == std::string::npos)
            break;
        from = to + 1;
    }
    return false;
}

void printBanner(const std::string &banner)
{
    std::fprintf(stderr, "\n%s\n", banner.c_str());
    std::fprintf(stderr, "Bootbench maintenance shell. By hand:\n"
                         "  bootbench-engine status   settings, disks, and whether the server accepts this device\n"
                         "  bootbench-engine work     fetch and run this device's work now\n"
                         "  reboot -f / poweroff -f   leave\n\n");
    std::fflush(stderr);
}

[[noreturn]] void execShell()
{
    // busybox: setsid gives the shell its own session, cttyhack makes the console its terminal
    // (so Ctrl-C works); plain sh when either applet is missing.
    if (inPath("setsid") && inPath("cttyhack"))
        ::execlp("setsid", "setsid", "cttyhack", "sh", "-l", static_cast<char *>(nullptr));
    ::execlp("sh", "sh", "-l", static_cast<char *>(nullptr));
    ::execl("/bin/sh", "sh", static_cast<char *>(nullptr));
    std::fprintf(stderr, "bootbench-engine: cannot run a shell: %s\n", std::strerror(errno));
    ::_exit(127);
}

// In the child: a new session with `device` as its controlling terminal and standard streams.
[[noreturn]] void execShellOn(const std::string &device, const std::string &banner)
{
    ::setsid();
    const int fd = ::open(device.c_str(), O_RDWR | O_NOCTTY);
    if (fd < 0)
        ::_exit(126);
    ::ioctl(fd, TIOCSCTTY, 0);
    for (int std = 0; std <= 2; ++std)
        ::dup2(fd, std);
    if (fd > 2)
        ::close(fd);
    printBanner(banner);
    ::execlp("sh", "sh", "-l", static_cast<char *>(nullptr));
    ::execl("/bin/sh", "sh", static_cast<char *>(nullptr));
    std::fprintf(stderr, "bootbench-engine: cannot run a shell on %s: %s\n", device.c_str(), std::strerror(errno));
    ::_exit(127);
}

std::string readFile(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::vector<std::string> MaintenanceShell::consoleDevices(const std::string &active)
{
    std::vector<std::string> devices;
    std::istringstream words(active);
    std::string name;
    while (words >> name) {
        const std::string device = "/dev/" + (name == "tty0" ? std::string("tty1") : name);
        if (std::find(devices.begin(), devices.end(), device) == devices.end())
            devices.push_back(device);
    }
    return devices;
}

int MaintenanceShell::run(const std::string &banner, EngineLog &log)
{
    const bool asInit = ::getpid() == 1;
    const std::vector<std::string> consoles =
        asInit ? consoleDevices(readFile("/sys/class/tty/console/active")) : std::vector<std::string>();
    if (consoles.size() < 2)
        printBanner(banner);
    // Shell pid → its console ("" for the one on the inherited terminal).
    std::map<pid_t, std::string> shells;
    const auto start = [&](const std::string &device) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            log.line(std::string("cannot start a shell: fork: ") + std::strerror(errno));
            return false;
        }
        if (pid == 0) {
            if (device.empty())
                execShell();
            execShellOn(device, banner);
        }
        shells[pid] = device;
        return true;
    };
    if (consoles.size() < 2) {
        if (!start(""))
            return 1;
    } else {
        for (const std::string &device : consoles) {
            if (!start(device))
                return 1;
        }
    }
    for (;;) {
        int status = 0;
        // As PID 1 every orphan is ours to reap: wait for any child until a shell ends.
        const pid_t done = ::waitpid(-1, &status, 0);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        const auto shell = shells.find(done);
        if (shell == shells.end())
            continue;
        if (!asInit)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
        const std::string device = shell->second;
        shells.erase(shell);
        log.line("the shell" + (device.empty() ? std::string() : " on " + device) +
                 " ended; starting another (reboot -f to leave)");
        ::sleep(1);
        if (!start(device))
            return 1;
    }
}

} // namespace bootbench::engine
