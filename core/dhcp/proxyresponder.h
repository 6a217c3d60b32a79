#pragma once

#include "dhcp/dhcppacket.h"
#include "dhcp/dhcpsettings.h"
#include "dhcp/pxeclientinfo.h"
#include "model/bootevent.h"

#include <QHash>

#include <optional>

namespace bootbench::dhcp {

enum class ProxyPort { Dhcp, Pxe }; // UDP 67 / UDP 4011

struct ProxyDecision
{
    std::optional<DhcpPacket> reply; // nothing: stay silent
    BootEventBatch events;
    QString learnedMac; // a MAC ↔ IP pair this packet taught us, when learnedIp != 0
    quint32 learnedIp = 0;
};

// What the proxyDHCP answers, as a pure function of the request (no sockets): variant A offers
// on port 67, ACKs on port 4011, iPXE script URLs, silence for everything that is not a PXE
// request. Holds only a small bounded memory of which MACs were handed a bootstrap, to tell the
// bootstrap's own (phase 3) DHCP from a first one.
class ProxyResponder
{
public:
    ProxyResponder(quint32 serverAddress, quint16 httpPort, const DhcpSettings &settings);

    ProxyDecision handle(const DhcpPacket &request, ProxyPort port, const QString &peer, qint64 nowMs);
    // A reply of another DHCP server seen on the client port: MAC ↔ IP from its ACKs, and an event
    // naming the server (once a minute per server).
    ProxyDecision observe(const DhcpPacket &reply, quint32 sourceAddress, qint64 nowMs);

    // The bootstrap (or script URL) this client is to get; empty when none is configured.
    QString bootFileFor(const PxeClientInfo &info) const;
    bool isPxeClient(const PxeClientInfo &info) const;

private:
    DhcpPacket baseReply(const DhcpPacket &request, const PxeClientInfo &info, MessageType type) const;
    BootEvent event(const QString &kind, const QString &mac, BootEvent::Severity severity, const QString &detail,
                    const QString &peer, Phase phase = Phase::Dhcp) const;
    Phase phaseFor(quint64 mac, const PxeClientInfo &info, qint64 nowMs) const;
    void rememberBootstrap(quint64 mac, qint64 nowMs);

    const quint32 m_server;
    const QString m_serverText;
    const quint16 m_httpPort;
    const DhcpSettings m_settings;
    QList<QByteArray> m_prefixes;
    const QString m_scriptUrl;
    QHash<quint64, qint64> m_bootstrapHandedAt; // MAC (48 bits) → when it got undionly.kpxe / snponly.efi
    QHash<quint32, qint64> m_otherServerReportedAt;
};

} // namespace bootbench::dhcp
