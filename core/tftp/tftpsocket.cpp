#include "tftp/tftpsocket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <unistd.h>

namespace bootbench {

TftpEndpoint TftpEndpoint::fromAddress(const QHostAddress &address, quint16 port)
{
    TftpEndpoint e;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *sa = reinterpret_cast<sockaddr_in6 *>(&e.storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        std::memcpy(&sa->sin6_addr, &a, 16);
        sa->sin6_scope_id = address.scopeId().toUInt();
        e.length = sizeof(sockaddr_in6);
    } else {
        auto *sa = reinterpret_cast<sockaddr_in *>(&e.storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        sa->sin_addr.s_addr = htonl(address.isNull() ? INADDR_ANY : address.toIPv4Address());
        e.length = sizeof(sockaddr_in);
    }
    return e;
}

QHostAddress TftpEndpoint::address() const
{
    return length ? QHostAddress(raw()) : QHostAddress();
}

quint16 TftpEndpoint::port() const
{
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port);
    if (storage.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
    return 0;
}

QString TftpEndpoint::toString() const
{
    const QHostAddress a = address();
    return a.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]:%2").arg(a.toString()).arg(port())
                                                         : QStringLiteral("%1:%2").arg(a.toString()).arg(port());
}

bool TftpEndpoint::operator==(const TftpEndpoint &other) const
{
    if (storage.ss_family != other.storage.ss_family)
        return false;
    if (storage.ss_family == AF_INET) {
        const auto *a = reinterpret_cast<const sockaddr_in *>(&storage);
        const auto *b = reinterpret_cast<const sockaddr_in *>(&other.storage);
        return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
    }
    if (storage.ss_family == AF_INET6) {
        const auto *a = reinterpret_cast<const sockaddr_in6 *>(&storage);
        const auto *b = reinterpret_cast<const sockaddr_in6 *>(&other.storage);
        return a->sin6_port == b->sin6_port && std::memcmp(&a->sin6_addr, &b->sin6_addr, 16) == 0;
    }
    return false;
}

namespace tftpsocket {

int openBound(const TftpEndpoint &local, const QString &interfaceName, QString *error)
{
    const int fd = ::socket(local.storage.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("cannot open a UDP socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return -1;
    }
    if (!interfaceName.isEmpty()) {
        const QByteArray dev = interfaceName.toLocal8Bit();
        if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev.constData(), socklen_t(dev.size())) != 0) {
            *error = QStringLiteral("cannot bind a transfer socket to interface %1: %2")
                         .arg(interfaceName, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return -1;
        }
    }
    if (::bind(fd, local.raw(), local.length) != 0) {
        *error = QStringLiteral("cannot bind a transfer socket to %1: %2")
                     .arg(local.address().toString(), QString::fromLocal8Bit(std::strerror(errno)));
        ::close(fd);
        return -1;
    }
    return fd;
}

void growSendBuffer(int fd, int bytes)
{
    int current = 0;
    socklen_t length = sizeof current;
    if (::getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &current, &length) == 0 && current >= bytes)
        return;
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof bytes) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

void enablePacketInfo(int fd, bool ipv6)
{
    const int one = 1;
    if (ipv6)
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof one);
    else
        ::setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
}

qsizetype receive(int fd, char *buffer, qsizetype capacity, TftpEndpoint *from, QHostAddress *local)
{
    if (!local) {
        from->length = sizeof from->storage;
        const ssize_t n =
            ::recvfrom(fd, buffer, size_t(capacity), 0, reinterpret_cast<sockaddr *>(&from->storage), &from->length);
        return n;
    }
    iovec iov{buffer, size_t(capacity)};
    alignas(cmsghdr) char control[256];
    msghdr msg{};
    msg.msg_name = &from->storage;
    msg.msg_namelen = sizeof from->storage;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(fd, &msg, 0);
    if (n < 0)
        return n;
    from->length = msg.msg_namelen;
    *local = QHostAddress();
    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info;
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            *local = QHostAddress(ntohl(info.ipi_addr.s_addr));
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo info;
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            *local = QHostAddress(reinterpret_cast<const quint8 *>(&info.ipi6_addr));
        }
    }
    return n;
}

bool sendTo(int fd, const TftpEndpoint &to, const char *data, qsizetype size)
{
    for (;;) {
        const ssize_t n = ::sendto(fd, data, size_t(size), 0, to.raw(), to.length);
        if (n >= 0)
            return true;
        if (errno != EINTR)
            return false;
    }
}

void closeFd(int fd)
{
    if (fd >= 0)
        ::close(fd);
}

} // namespace tftpsocket

} // namespace bootbench
