#include "tcpconnection.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bootbench::engine {

namespace {

// Waits for `events` on fd; 1 ready, 0 timed out, -1 error (errno).
int waitFor(int fd, short events, int timeoutMs)
{
    pollfd p{fd, events, 0};
    for (;;) {
        const int n = ::poll(&p, 1, timeoutMs);
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 ? -1 : (n == 0 ? 0 : 1);
    }
}

std::string seconds(int ms)
{
    return std::to_string(ms / 1000) + (ms % 1000 ? "." + std::to_string(ms % 1000 / 100) : std::string()) + " s";
}

} // namespace

TcpConnection::~TcpConnection()
{
    close();
}

void TcpConnection::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool TcpConnection::connect(const std::string &host, uint16_t port, int timeoutMs, std::string *error)
{
    close();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
    if (rc != 0) {
        *error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
        return false;
    }
    std::string last = "no address";
    for (addrinfo *ai = found; ai; ai = ai->ai_next) {
        const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0) {
            last = std::string("socket: ") + std::strerror(errno);
            continue;
        }
        int ok = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (ok < 0 && errno == EINPROGRESS) {
            const int w = waitFor(fd, POLLOUT, timeoutMs);
            if (w == 0) {
                last = "no answer within " + seconds(timeoutMs);
                ::close(fd);
                continue;
            }
            int soError = 0;
            socklen_t len = sizeof soError;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
            if (w < 0 || soError != 0) {
                last = std::strerror(w < 0 ? errno : soError);
                ::close(fd);
                continue;
            }
            ok = 0;
        }
        if (ok < 0) {
            last = std::strerror(errno);
            ::close(fd);
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        m_fd = fd;
        ::freeaddrinfo(found);
        return true;
    }
    ::freeaddrinfo(found);
    *error = "cannot connect to " + host + ":" + std::to_string(port) + ": " + last;
    return false;
}

bool TcpConnection::writeAll(const char *data, size_t size, int timeoutMs, std::string *error)
{
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::send(m_fd, data + done, size - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            const int w = waitFor(m_fd, POLLOUT, timeoutMs);
            if (w == 0) {
                *error = "the server took nothing for " + seconds(timeoutMs);
                return false;
            }
            if (w < 0) {
                *error = std::string("poll: ") + std::strerror(errno);
                return false;
            }
            continue;
        }
        *error = std::string("sending failed: ") + std::strerror(errno);
        return false;
    }
    return true;
}

long TcpConnection::readSome(char *data, size_t size, int timeoutMs, std::string *error)
{
    for (;;) {
        const ssize_t n = ::recv(m_fd, data, size, 0);
        if (n >= 0)
            return long(n);
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            const int w = waitFor(m_fd, POLLIN, timeoutMs);
            if (w == 0) {
                *error = "the server sent nothing for " + seconds(timeoutMs);
                return -1;
            }
            if (w < 0) {
                *error = std::string("poll: ") + std::strerror(errno);
                return -1;
            }
            continue;
        }
        *error = std::string("receiving failed: ") + std::strerror(errno);
        return -1;
    }
}

} // namespace bootbench::engine
