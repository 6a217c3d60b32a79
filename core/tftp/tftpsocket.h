#pragma once

#include <QHostAddress>
#include <QString>

#include <sys/socket.h>

namespace bootbench {

// A UDP peer or local address as the kernel gives it (IPv4 or IPv6), cheap to compare.
struct TftpEndpoint
{
    sockaddr_storage storage{};
    socklen_t length = 0;

    static TftpEndpoint fromAddress(const QHostAddress &address, quint16 port);
    QHostAddress address() const;
    quint16 port() const;
    QString toString() const; // "192.0.2.7:2070", "[fe80::1]:2070"
    const sockaddr *raw() const { return reinterpret_cast<const sockaddr *>(&storage); }
    bool operator==(const TftpEndpoint &other) const;
};

// Raw non-blocking UDP sockets for the TFTP data path: the service multiplexes hundreds of
// transfers on two threads with epoll (TftpReactor), so each datagram must cost as few system
// calls as possible.
namespace tftpsocket {

// A socket bound to local (port 0: ephemeral), optionally SO_BINDTODEVICE'd. -1 with *error set.
int openBound(const TftpEndpoint &local, const QString &interfaceName, QString *error);
// Makes the send buffer at least bytes large (beyond net.core.wmem_max when privileged).
void growSendBuffer(int fd, int bytes);
// Asks for the destination address of each datagram (IP_PKTINFO / IPV6_RECVPKTINFO).
void enablePacketInfo(int fd, bool ipv6);
// One datagram; *local gets the address it was sent to when packet info is on. -1 on EAGAIN/error.
qsizetype receive(int fd, char *buffer, qsizetype capacity, TftpEndpoint *from, QHostAddress *local = nullptr);
bool sendTo(int fd, const TftpEndpoint &to, const char *data, qsizetype size);
void closeFd(int fd);

} // namespace tftpsocket

} // namespace bootbench
