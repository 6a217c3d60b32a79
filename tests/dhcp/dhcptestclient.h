#pragma once

#include "dhcp/dhcppacket.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class NetnsLab;
class QUdpSocket;

// The client side of a DHCP exchange in a test: a UDP socket opened inside a lab namespace,
// bound to one interface and port like a PXE ROM's, that records every datagram it receives.
class DhcpTestClient : public QObject
{
    Q_OBJECT

public:
    struct Received
    {
        bootbench::dhcp::DhcpPacket packet;
        quint32 from = 0;
        quint16 fromPort = 0;
    };
    using Match = std::function<bool(const Received &)>;

    DhcpTestClient();
    ~DhcpTestClient() override;

    bool open(const NetnsLab &lab, const QString &role, const QString &ifname, quint16 port, QString *error);
    bool send(const bootbench::dhcp::DhcpPacket &packet, const QString &address, quint16 port);
    // Waits until a received datagram matches (already received ones count); nothing on time-out.
    std::optional<Received> waitFor(const Match &match, int timeoutMs);
    QList<Received> matching(const Match &match) const;
    const QList<Received> &received() const { return m_received; }
    void clear() { m_received.clear(); }

    static Match reply(quint32 xid, bootbench::dhcp::MessageType type, quint32 fromServer = 0);

private:
    std::unique_ptr<QUdpSocket> m_socket;
    QList<Received> m_received;
};
