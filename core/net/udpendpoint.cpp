#include "net/udpendpoint.h"

#include "net/portowner.h"

#include <QCoreApplication>
#include <QUdpSocket>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bootbench {

QString privilegedPortHint(quint16 port)
{
    const QString exe = QCoreApplication::applicationFilePath();
    return QStringLiteral("binding port %1 (below 1024) needs privilege: run as root, or grant it once with "
                          "\"sudo setcap cap_net_bind_service,cap_net_raw+ep %2\"")
        .arg(port)
        .arg(exe.isEmpty() ? QStringLiteral("/usr/bin/bootbench") : exe);
}

std::unique_ptr<QUdpSocket> openUdpSocket(const UdpBindRequest &request, QString *error)
{
    const bool v6 = request.address.protocol() == QAbstractSocket::IPv6Protocol;
    const QString where =
        QStringLiteral("UDP %1:%2%3")
            .arg(request.address.toString())
            .arg(request.port)
            .arg(request.interfaceName.isEmpty() ? QString() : QStringLiteral(" on ") + request.interfaceName);
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error =
            QStringLiteral("cannot open a socket for %1: %2").arg(where, QString::fromLocal8Bit(std::strerror(errno)));
        return nullptr;
    }
    const int one = 1;
    if (request.reuseAddress)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (request.broadcast)
        ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    if (request.receiveBufferBytes > 0) {
        // SO_RCVBUFFORCE works for root / CAP_NET_ADMIN beyond rmem_max; fall back to SO_RCVBUF.
        if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &request.receiveBufferBytes, sizeof(int)) != 0)
            ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &request.receiveBufferBytes, sizeof(int));
    }
    if (!request.interfaceName.isEmpty()) {
        const QByteArray dev = request.interfaceName.toLocal8Bit();
        if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev.constData(), socklen_t(dev.size())) != 0) {
            const int err = errno;
            ::close(fd);
            *error = err == EPERM
                         ? QStringLiteral("cannot bind %1 to interface %2: permission denied (needs CAP_NET_RAW: "
                                          "\"sudo setcap cap_net_bind_service,cap_net_raw+ep %3\")")
                               .arg(where, request.interfaceName, QCoreApplication::applicationFilePath())
                         : QStringLiteral("cannot bind %1 to interface %2: %3")
                               .arg(where, request.interfaceName, QString::fromLocal8Bit(std::strerror(err)));
            return nullptr;
        }
    }
    int rc = -1;
    if (v6) {
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(request.port);
        const Q_IPV6ADDR a = request.address.toIPv6Address();
        std::memcpy(&sa.sin6_addr, &a, 16);
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    } else {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(request.port);
        sa.sin_addr.s_addr = htonl(request.address.toIPv4Address());
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    }
    if (rc != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EADDRINUSE) {
            const QString owner = describePortOwner(Transport::Udp, request.port);
            *error = owner.isEmpty() ? QStringLiteral("%1 is already in use by another program").arg(where)
                                     : QStringLiteral("%1 is already in use by %2").arg(where, owner);
        } else if (err == EACCES && request.port < 1024) {
            *error =
                QStringLiteral("cannot bind %1: permission denied; %2").arg(where, privilegedPortHint(request.port));
        } else if (err == EADDRNOTAVAIL) {
            *error = QStringLiteral("cannot bind %1: the address %2 is not on this machine")
                         .arg(where, request.address.toString());
        } else {
            *error = QStringLiteral("cannot bind %1: %2").arg(where, QString::fromLocal8Bit(std::strerror(err)));
        }
        return nullptr;
    }
    auto socket = std::make_unique<QUdpSocket>();
    if (!socket->setSocketDescriptor(fd, QAbstractSocket::BoundState, QIODevice::ReadWrite)) {
        ::close(fd);
        *error = QStringLiteral("cannot use the socket for %1: %2").arg(where, socket->errorString());
        return nullptr;
    }
    return socket;
}

} // namespace bootbench
