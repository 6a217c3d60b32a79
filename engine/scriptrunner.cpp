#include "scriptrunner.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace bootbench::engine {

namespace {

bool writeFile(int fd, const std::string &text)
{
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += size_t(n);
    }
    return true;
}

} // namespace

ScriptResult ScriptRunner::run(const std::string &script, const std::map<std::string, std::string> &environment,
                               const LineHandler &onLine, const Tick &tick) const
{
    ScriptResult result;
    std::string dir = tempDir;
    if (dir.empty()) {
        const char *t = std::getenv("TMPDIR");
        dir = t && *t ? t : "/tmp";
    }
    std::string path = dir + "/bootbench-script-XXXXXX";
    const int fileFd = ::mkstemp(path.data());
    if (fileFd < 0) {
        result.error = "cannot write the script to " + dir + ": " + std::strerror(errno);
        return result;
    }
    const bool written = writeFile(fileFd, script);
    ::close(fileFd);
    if (!written) {
        result.error = "cannot write the script to " + path + ": " + std::strerror(errno);
        ::unlink(path.c_str());
        return result;
    }

    // The environment: the engine's own, with the given variables set over it, and a PATH.
    std::map<std::string, std::string> env;
    for (char **e = environ; e && *e; ++e) {
        const std::string kv = *e;
        const size_t eq = kv.find('=');
        if (eq != std::string::npos)
            env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    if (env.find("PATH") == env.end())
        env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (const auto &[k, v] : environment)
        env[k] = v;
    std::vector<std::string> envText;
    for (const auto &[k, v] : env)
        envText.push_back(k + "=" + v);
    std::vector<char *> envp;
    for (std::string &s : envText)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string shellCopy = shell, dashE = "-e";
    char *argv[] = {shellCopy.data(), dashE.data(), path.data(), nullptr};

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        result.error = std::string("pipe: ") + std::strerror(errno);
        ::unlink(path.c_str());
        return result;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        result.error = std::string("fork: ") + std::strerror(errno);
        ::close(fds[0]);
        ::close(fds[1]);
        ::unlink(path.c_str());
        return result;
    }
    if (pid == 0) {
        const int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0)
            ::dup2(devNull, 0);
        ::dup2(fds[1], 1);
        ::dup2(fds[1], 2);
        ::execve(argv[0], argv, envp.data());
        const std::string msg = std::string("cannot run ") + argv[0] + ": " + std::strerror(errno) + "\n";
        (void)!::write(2, msg.data(), msg.size());
        ::_exit(127);
    }
    ::close(fds[1]);
    result.started = true;

    std::string partial;
    auto emit = [&](const std::string &line) {
        result.lastLines.push_back(line);
        while (result.lastLines.size() > keepLines)
            result.lastLines.pop_front();
        if (onLine)
            onLine(line);
    };
    char buf[4096];
    int status = 0;
    bool exited = false;
    for (;;) {
        pollfd p{fds[0], POLLIN, 0};
        const int n = ::poll(&p, 1, exited ? 0 : 500);
        if (tick)
            tick();
        if (n < 0 && errno != EINTR)
            break;
        if (n == 0 && exited)
            break; // the shell ended and nothing more is there (a daemon it left may hold the pipe)
        if (!exited && ::waitpid(pid, &status, WNOHANG) == pid)
            exited = true;
        if (n <= 0)
            continue;
        const ssize_t got = ::read(fds[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; // every writer closed: the script and what it started are done with the output
        partial.append(buf, size_t(got));
        size_t nl;
        while ((nl = partial.find('\n')) != std::string::npos) {
            std::string line = partial.substr(0, nl);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            emit(line);
            partial.erase(0, nl + 1);
        }
        if (partial.size() > 8192) {
            emit(partial);
            partial.clear();
        }
    }
    if (!partial.empty())
        emit(partial);
    ::close(fds[0]);
    while (!exited && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    ::unlink(path.c_str());
    if (WIFEXITED(status))
        result.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        result.exitCode = 128 + WTERMSIG(status);
    return result;
}

} // namespace bootbench::engine
