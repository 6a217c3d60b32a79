#include "imaging/pipeline.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bootbench::engine {

namespace {

std::string sysError(const std::string &what)
{
    return what + ": " + std::strerror(errno);
}

std::string joined(const std::vector<std::string> &argv)
{
    std::string s;
    for (const std::string &a : argv)
        s += (s.empty() ? "" : " ") + a;
    return s;
}

} // namespace

Pipeline::~Pipeline()
{
    closeInput();
    closeOutput();
    bool running = false;
    for (const Child &c : m_children)
        running = running || (c.pid > 0 && !c.waited);
    if (running) {
        kill();
        std::string ignored;
        wait(&ignored);
    }
    for (Child &c : m_children) {
        if (c.errFd >= 0)
            ::close(c.errFd);
    }
}

bool Pipeline::exists(const std::string &program)
{
    if (program.find('/') != std::string::npos)
        return ::access(program.c_str(), X_OK) == 0;
    const char *path = std::getenv("PATH");
    std::string p = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
    size_t from = 0;
    while (from <= p.size()) {
        const size_t colon = p.find(':', from);
        const std::string dir = p.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0)
            return true;
        if (colon == std::string::npos)
            break;
        from = colon + 1;
    }
    return false;
}

bool Pipeline::start(const std::vector<std::vector<std::string>> &commands, int in, int out, std::string *error)
{
    std::signal(SIGPIPE, SIG_IGN); // a program that dies must be an error here, not kill the engine
    int prevRead = -1;
    if (in == kPipe) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            *error = sysError("cannot make a pipe");
            return false;
        }
        prevRead = fds[0];
        m_in = fds[1];
    } else if (in == kNull) {
        prevRead = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    } else {
        prevRead = ::fcntl(in, F_DUPFD_CLOEXEC, 0);
    }
    for (size_t i = 0; i < commands.size(); ++i) {
        const bool last = i + 1 == commands.size();
        int readEnd = -1, writeEnd = -1;
        if (!last || out == kPipe) {
            int fds[2];
            if (::pipe2(fds, O_CLOEXEC) != 0) {
                *error = sysError("cannot make a pipe");
                ::close(prevRead);
                return false;
            }
            readEnd = fds[0];
            writeEnd = fds[1];
        } else if (out == kNull) {
            writeEnd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        } else {
            writeEnd = ::fcntl(out, F_DUPFD_CLOEXEC, 0);
        }
        Child child;
        child.name = joined(commands[i]);
        child.errFd = ::memfd_create("stderr", MFD_CLOEXEC);
        std::vector<char *> argv;
        for (const std::string &a : commands[i])
            argv.push_back(const_cast<char *>(a.c_str()));
        argv.push_back(nullptr);
        const pid_t pid = ::fork();
        if (pid == 0) {
            std::signal(SIGPIPE, SIG_DFL);
            ::dup2(prevRead, 0);
            ::dup2(writeEnd, 1);
            if (child.errFd >= 0)
                ::dup2(child.errFd, 2);
            ::execvp(argv[0], argv.data());
            const std::string msg = "cannot run " + commands[i][0] + ": " + std::strerror(errno) + "\n";
            (void)!::write(2, msg.data(), msg.size());
            ::_exit(127);
        }
        ::close(prevRead);
        ::close(writeEnd);
        if (pid < 0) {
            *error = sysError("cannot start " + child.name);
            if (readEnd >= 0)
                ::close(readEnd);
            if (child.errFd >= 0)
                ::close(child.errFd);
            return false;
        }
        child.pid = pid;
        m_children.push_back(child);
        prevRead = readEnd;
    }
    if (out == kPipe)
        m_out = prevRead;
    else if (prevRead >= 0)
        ::close(prevRead);
    return true;
}

void Pipeline::closeInput()
{
    if (m_in >= 0)
        ::close(m_in);
    m_in = -1;
}

void Pipeline::closeOutput()
{
    if (m_out >= 0)
        ::close(m_out);
    m_out = -1;
}

void Pipeline::kill()
{
    for (const Child &c : m_children) {
        if (c.pid > 0 && !c.waited)
            ::kill(c.pid, SIGKILL);
    }
}

std::string Pipeline::errorOutput(size_t i, size_t maxChars) const
{
    if (i >= m_children.size() || m_children[i].errFd < 0)
        return {};
    const int fd = m_children[i].errFd;
    struct stat st
    {};
    if (::fstat(fd, &st) != 0 || st.st_size == 0)
        return {};
    const off_t from = st.st_size > off_t(maxChars) ? st.st_size - off_t(maxChars) : 0;
    std::string s(size_t(st.st_size - from), '\0');
    const ssize_t n = ::pread(fd, s.data(), s.size(), from);
    s.resize(n > 0 ? size_t(n) : 0);
    // partclone's progress lines end in \r: keep the last of each.
    std::string clean;
    for (char c : s)
        clean += c == '\r' ? '\n' : c;
    return clean;
}

std::string Pipeline::errorHead(size_t i, size_t maxChars) const
{
    if (i >= m_children.size() || m_children[i].errFd < 0)
        return {};
    std::string s(maxChars, '\0');
    const ssize_t n = ::pread(m_children[i].errFd, s.data(), s.size(), 0);
    s.resize(n > 0 ? size_t(n) : 0);
    return s;
}

bool Pipeline::wait(std::string *error)
{
    bool ok = true;
    for (size_t i = 0; i < m_children.size(); ++i) {
        Child &c = m_children[i];
        if (c.pid <= 0 || c.waited)
            continue;
        while (::waitpid(c.pid, &c.status, 0) < 0 && errno == EINTR) {
        }
        c.waited = true;
        if (ok && !(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0)) {
            ok = false;
            std::string how = WIFEXITED(c.status) ? "exited with status " + std::to_string(WEXITSTATUS(c.status))
                                                  : "was killed by signal " + std::to_string(WTERMSIG(c.status));
            std::string said = errorOutput(i);
            while (!said.empty() && (said.back() == '\n' || said.back() == ' '))
                said.pop_back();
            *error = "`" + c.name + "` " + how + (said.empty() ? std::string() : ": " + said);
        }
    }
    return ok;
}

bool Pipeline::capture(const std::vector<std::string> &argv, std::string *out, std::string *error, size_t maxBytes)
{
    Pipeline p;
    if (!p.start({argv}, kNull, kPipe, error))
        return false;
    out->clear();
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(p.output(), buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (out->size() < maxBytes)
            out->append(buf, size_t(n));
    }
    p.closeOutput();
    return p.wait(error);
}

} // namespace bootbench::engine
