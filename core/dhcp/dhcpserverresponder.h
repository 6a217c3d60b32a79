#pragma once

#include "dhcp/dhcppacket.h"
#include "dhcp/leasepool.h"
#include "model/bootevent.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QStringList>

#include <optional>

namespace bootbench::dhcp {

// What the bench DHCP server hands out besides the address.
struct ServerNetwork
{
    quint32 serverAddress = 0; // option 54; siaddr for PXE clients
    quint32 subnetMask = 0;
    quint32 router = 0; // 0: no option 3
    QList<quint32> dnsServers;
    quint32 leaseSeconds = 3600;
    QStringList pxeVendorPrefixes{QStringLiteral("PXEClient"), QStringLiteral("HTTPClient")};
    // Non-empty: iPXE clients (user class "iPXE" / option 175) get this script URL as the boot file.
    QString ipxeScriptUrl;
    // UEFI HTTP boot clients (vendor class "HTTPClient"): architecture → http:// URL, sent with
    // option 60 "HTTPClient". An architecture without one gets the plain PXEClient answer.
    QMap<quint16, QString> httpBootUrls;
};

struct ServerDecision
{
    std::optional<DhcpPacket> reply;
    BootEventBatch events;
    std::optional<DhcpLease> persist; // write to the lease store before the reply goes out
    QString forgetMac;                // remove this MAC's lease from the store
    QString learnedMac;
    quint32 learnedIp = 0;
};

// The bench DHCP server's answers (RFC 2131 §4.3), without sockets: DISCOVER → OFFER,
// REQUEST → ACK / NAK / silence, DECLINE, RELEASE, INFORM. Clients are identified by their MAC
// (chaddr), not option 61: the PXE ROM, iPXE and the imaging environment send different client
// identifiers but should keep one address. PXE clients get option 60 "PXEClient" and no boot
// file, so they ask the proxy on port 4011 (variant B); iPXE gets the policy script URL and UEFI
// HTTP boot its http:// URL with option 60 "HTTPClient" in the offer itself.
class DhcpServerResponder
{
public:
    DhcpServerResponder(const ServerNetwork &network, LeasePool *pool);

    ServerDecision handle(const DhcpPacket &request, const QString &peer, const QDateTime &now);

    static constexpr int kOfferHoldSeconds = 60;
    static constexpr int kDeclineHoldSeconds = 600;

private:
    DhcpPacket reply(const DhcpPacket &request, MessageType type, bool pxe) const;
    // " PXEClient (…)" / " file=URL" for the offer and lease events.
    static QString pxeDetail(const DhcpPacket &reply);
    void addLeaseOptions(DhcpPacket &reply, bool withLease) const;
    void ack(ServerDecision &d, const DhcpPacket &request, quint32 ip, bool pxe, const QDateTime &now,
             const QString &peer);
    void nak(ServerDecision &d, const DhcpPacket &request, const QString &why, const QString &peer);
    bool isPxe(const DhcpPacket &request) const;
    bool onOurSubnet(quint32 ip) const;

    // iPXE answered with the script: when no PXE ROM of that MAC asked before, the firmware is
    // iPXE itself (phase 2 built in), as the proxy says in its answer to iPXE.
    void noteIpxeFirmware(ServerDecision &d, const DhcpPacket &request, const QDateTime &now, const QString &peer);

    const ServerNetwork m_net;
    LeasePool *const m_pool;
    QHash<QString, QDateTime> m_pxeRomSeen; // MAC → last DHCP of a PXE ROM (not iPXE)
};

} // namespace bootbench::dhcp
