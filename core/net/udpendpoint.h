#pragma once

#include <QHostAddress>
#include <QString>

#include <memory>

class QUdpSocket;

namespace bootbench {

// How a service wants its UDP socket.
struct UdpBindRequest
{
    QHostAddress address = QHostAddress::AnyIPv4; // local address to bind
    quint16 port = 0;
    QString interfaceName;  // non-empty: SO_BINDTODEVICE — receive from and send through it only
    bool broadcast = false; // SO_BROADCAST (DHCP replies)
    bool reuseAddress = false;
    int receiveBufferBytes = 0; // 0: system default
};

// Opens and binds a UDP socket as asked, on the calling thread. On failure returns null and sets
// *error to a sentence a technician can act on: which address and port, what the system said,
// which process holds the port when it can be found, and how to grant the privilege to bind a
// port below 1024.
std::unique_ptr<QUdpSocket> openUdpSocket(const UdpBindRequest &request, QString *error);

// The fix for EACCES on a privileged port, as one sentence (shared by UDP and TCP services).
QString privilegedPortHint(quint16 port);

} // namespace bootbench
