#include "dhcptestclient.h"

#include "net/udpendpoint.h"
#include "netnslab.h"

#include <QTest>
#include <QUdpSocket>

using namespace bootbench;
using namespace bootbench::dhcp;

DhcpTestClient::DhcpTestClient() = default;
DhcpTestClient::~DhcpTestClient() = default;

bool DhcpTestClient::open(const NetnsLab &lab, const QString &role, const QString &ifname, quint16 port, QString *error)
{
    NetnsLab::Scope scope(lab, role);
    if (!scope.ok()) {
        *error = QStringLiteral("cannot enter namespace %1").arg(lab.name(role));
        return false;
    }
    UdpBindRequest req;
    req.port = port;
    req.interfaceName = ifname;
    req.broadcast = true;
    req.reuseAddress = true;
    req.receiveBufferBytes = 4 * 1024 * 1024; // a whole bench's answers arrive at once in the burst test
    m_socket = openUdpSocket(req, error);
    if (!m_socket)
        return false;
    connect(m_socket.get(), &QUdpSocket::readyRead, this, [this] {
        while (m_socket->hasPendingDatagrams()) {
            QByteArray buf(int(std::max<qint64>(1, m_socket->pendingDatagramSize())), Qt::Uninitialized);
            QHostAddress from;
            quint16 fromPort = 0;
            const qint64 n = m_socket->readDatagram(buf.data(), buf.size(), &from, &fromPort);
            if (n < 0)
                break;
            const DecodeResult r = decodeDhcpPacket(buf.constData(), n);
            if (r.ok())
                m_received.append({r.packet, from.toIPv4Address(), fromPort});
        }
    });
    return true;
}

bool DhcpTestClient::send(const DhcpPacket &packet, const QString &address, quint16 port)
{
    const QByteArray wire = encodeDhcpPacket(packet);
    return m_socket && m_socket->writeDatagram(wire, QHostAddress(address), port) == wire.size();
}

QList<DhcpTestClient::Received> DhcpTestClient::matching(const Match &match) const
{
    QList<Received> out;
    for (const Received &r : m_received) {
        if (match(r))
            out << r;
    }
    return out;
}

std::optional<DhcpTestClient::Received> DhcpTestClient::waitFor(const Match &match, int timeoutMs)
{
    std::optional<Received> found;
    auto find = [&] {
        for (const Received &r : m_received) {
            if (match(r)) {
                found = r;
                return true;
            }
        }
        return false;
    };
    if (!QTest::qWaitFor(find, timeoutMs))
        return std::nullopt;
    return found;
}

DhcpTestClient::Match DhcpTestClient::reply(quint32 xid, MessageType type, quint32 fromServer)
{
    return [=](const Received &r) {
        return r.packet.op == kBootReply && r.packet.xid == xid && r.packet.messageType() == type &&
               (fromServer == 0 || r.packet.ipv4Option(opt::ServerId).value_or(0) == fromServer);
    };
}
