#include "maintenanceshell.h"

#include "enginelog.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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

} // namespace

int MaintenanceShell::run(const std::string &banner, EngineLog &log)
{
    std::fprintf(stderr, "\n%s\n", banner.c_str());
    std::fprintf(stderr, "Bootbench maintenance shell. By hand:\n"
                         "  bootbench-engine status   settings, disks, and whether the server accepts this device\n"
                         "  bootbench-engine work     fetch and run this device's work now\n"
                         "  reboot -f / poweroff -f   leave\n\n");
    std::fflush(stderr);
    for (;;) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            log.line(std::string("cannot start a shell: fork: ") + std::strerror(errno));
            return 1;
        }
        if (pid == 0)
            execShell();
        int status = 0;
        // As PID 1 every orphan is ours to reap: wait for any child until the shell itself ends.
        for (;;) {
            const pid_t done = ::waitpid(-1, &status, 0);
            if (done == pid || (done < 0 && errno != EINTR))
                break;
        }
        if (::getpid() != 1)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
        log.line("the shell ended; starting another (reboot -f to leave)");
        ::sleep(1);
    }
}

} // namespace bootbench::engine
