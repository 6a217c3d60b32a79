#include "dhcp/dhcpserverresponder.h"

#include "dhcp/dhcpevents.h"
#include "dhcp/pxeclientinfo.h"

namespace bootbench::dhcp {

namespace {

const QString kService = QStringLiteral("dhcp");

// Only a PXE client's DHCP is phase 1 of a boot; the DHCP of an operating system or of the
// imaging environment (phase 8) is kept in the device's history without a phase, so it does not
// look like a new boot.
BootEvent ev(const QString &kind, const QString &mac, BootEvent::Severity severity, const QString &detail,
             const QString &peer, bool pxe)
{
    return makeEvent(kService, kind, mac, severity, detail, peer, pxe ? Phase::Dhcp : Phase::None);
}

} // namespace

DhcpServerResponder::DhcpServerResponder(const ServerNetwork &network, LeasePool *pool)
    : m_net(network)
    , m_pool(pool)
{}

bool DhcpServerResponder::isPxe(const DhcpPacket &request) const
{
    const QByteArray *vc = request.option(opt::VendorClass);
    if (!vc)
        return false;
    for (const QString &p : m_net.pxeVendorPrefixes) {
        if (vc->startsWith(p.toLatin1()))
            return true;
    }
    return false;
}

bool DhcpServerResponder::onOurSubnet(quint32 ip) const
{
    return (ip & m_net.subnetMask) == (m_net.serverAddress & m_net.subnetMask);
}

DhcpPacket DhcpServerResponder::reply(const DhcpPacket &request, MessageType type, bool pxe) const
{
    DhcpPacket r = request.replyTemplate(type, m_net.serverAddress);
    if (pxe && type != MessageType::Nak) {
        // Option 60 "PXEClient" and no boot file: the client asks port 4011 of this server.
        r.siaddr = m_net.serverAddress;
        r.setOption(opt::VendorClass, QByteArray("PXEClient"));
        if (const QByteArray *guid = request.option(opt::ClientGuid))
            r.setOption(opt::ClientGuid, *guid);
        const PxeClientInfo info = pxeClientInfo(request);
        if (info.isIpxe() && !m_net.ipxeScriptUrl.isEmpty()) {
            r.file = m_net.ipxeScriptUrl.toUtf8(); // iPXE runs already: its script, not iPXE again
        } else if (info.hasVendorPrefix(QStringLiteral("HTTPClient"))) {
            const QString url = m_net.httpBootUrls.value(info.arch());
            if (!url.isEmpty()) {
                r.file = url.toUtf8();
                r.setOption(opt::VendorClass, QByteArray("HTTPClient"));
            }
        }
    }
    return r;
}

void DhcpServerResponder::noteIpxeFirmware(ServerDecision &d, const DhcpPacket &request, const QDateTime &now,
                                           const QString &peer)
{
    const QString mac = request.mac();
    if (!isPxe(request))
        return;
    if (!pxeClientInfo(request).isIpxe()) {
        if (m_pxeRomSeen.size() > 8192)
            m_pxeRomSeen.clear(); // a flood of distinct MACs: forget rather than grow
        m_pxeRomSeen.insert(mac, now);
        return;
    }
    if (m_net.ipxeScriptUrl.isEmpty() || request.messageType() != MessageType::Discover)
        return;
    const auto it = m_pxeRomSeen.constFind(mac);
    if (it != m_pxeRomSeen.constEnd() && it->secsTo(now) < 600)
        return; // iPXE we handed out (snponly.efi, undionly.kpxe) after the ROM's own DHCP
    d.events << makeEvent(kService, kind::BootstrapBuiltIn, mac, BootEvent::Severity::Info,
                          QStringLiteral("the firmware is iPXE (option ROM): the bootstrap is built in, nothing to "
                                         "download"),
                          peer, Phase::Bootstrap);
}

QString DhcpServerResponder::pxeDetail(const DhcpPacket &reply)
{
    if (!reply.file.isEmpty())
        return QStringLiteral(" file=") + QString::fromUtf8(reply.file);
    return QStringLiteral(" PXEClient (boot file on port 4011)");
}

void DhcpServerResponder::addLeaseOptions(DhcpPacket &r, bool withLease) const
{
    if (withLease) {
        r.setUint32Option(opt::LeaseTime, m_net.leaseSeconds);
        r.setUint32Option(opt::RenewalTime, m_net.leaseSeconds / 2);
        r.setUint32Option(opt::RebindingTime, quint32(quint64(m_net.leaseSeconds) * 7 / 8));
    }
    r.setIpv4Option(opt::SubnetMask, m_net.subnetMask);
    if (m_net.router)
        r.setIpv4Option(opt::Router, m_net.router);
    if (!m_net.dnsServers.isEmpty()) {
        QByteArray dns;
        for (quint32 a : m_net.dnsServers) {
            for (int shift = 24; shift >= 0; shift -= 8)
                dns.append(char((a >> shift) & 0xff));
        }
        r.setOption(opt::DomainNameServer, dns);
    }
}

void DhcpServerResponder::ack(ServerDecision &d, const DhcpPacket &request, quint32 ip, bool pxe, const QDateTime &now,
                              const QString &peer)
{
    const QString mac = request.mac();
    const QByteArray *host = request.option(opt::HostName);
    d.persist = m_pool->bind(mac, ip, m_net.leaseSeconds, now, host ? QString::fromUtf8(host->left(63)) : QString());
    DhcpPacket r = reply(request, MessageType::Ack, pxe);
    r.ciaddr = request.ciaddr;
    r.yiaddr = ip;
    addLeaseOptions(r, true);
    d.reply = std::move(r);
    d.learnedMac = mac;
    d.learnedIp = ip;
    d.events << ev(kind::Lease, mac, BootEvent::Severity::Info,
                   QStringLiteral("ip=%1 lease=%2s%3")
                       .arg(ipv4Text(ip))
                       .arg(m_net.leaseSeconds)
                       .arg(pxe ? pxeDetail(*d.reply) : QString()),
                   peer, pxe);
}

void DhcpServerResponder::nak(ServerDecision &d, const DhcpPacket &request, const QString &why, const QString &peer)
{
    DhcpPacket r = reply(request, MessageType::Nak, false);
    r.setOption(opt::Message, why.toUtf8().left(200));
    d.reply = std::move(r);
    d.events << ev(kind::Nak, request.mac(), BootEvent::Severity::Warning, why, peer, isPxe(request));
}

ServerDecision DhcpServerResponder::handle(const DhcpPacket &request, const QString &peer, const QDateTime &now)
{
    ServerDecision d;
    const QString mac = request.mac();
    const MessageType type = request.messageType();
    const bool pxe = isPxe(request);
    auto ignore = [&](const QString &why) {
        d.events << ev(kind::Ignored, mac, BootEvent::Severity::Debug,
                       QStringLiteral("%1 ignored: %2").arg(messageTypeName(type), why), peer, pxe);
        return d;
    };
    if (request.op != kBootRequest)
        return ignore(QStringLiteral("not a client request"));
    if (mac.isEmpty())
        return ignore(QStringLiteral("not an Ethernet client"));
    const quint32 requested = request.ipv4Option(opt::RequestedAddress).value_or(0);
    const auto serverId = request.ipv4Option(opt::ServerId);

    switch (type) {
    case MessageType::Discover: {
        d.events << ev(kind::Discover, mac, BootEvent::Severity::Info,
                       pxe ? pxeClientInfo(request).summary()
                           : QStringLiteral("vendor-class=\"%1\"")
                                 .arg(QString::fromLatin1(request.option(opt::VendorClass)
                                                              ? request.option(opt::VendorClass)->left(64)
                                                              : QByteArray())),
                       peer, pxe);
        const quint32 ip = m_pool->selectAddress(mac, requested, now);
        if (ip == 0) {
            d.events << ev(kind::PoolExhausted, mac, BootEvent::Severity::Warning,
                           QStringLiteral("no free address left in the DHCP range (%1 addresses): widen the range")
                               .arg(m_pool->size()),
                           peer, pxe);
            return d;
        }
        m_pool->holdOffer(mac, ip, now.addSecs(kOfferHoldSeconds));
        DhcpPacket r = reply(request, MessageType::Offer, pxe);
        r.yiaddr = ip;
        addLeaseOptions(r, true);
        const QString detail = !pxe ? QString() : r.file.isEmpty() ? QStringLiteral(" PXEClient") : pxeDetail(r);
        d.reply = std::move(r);
        d.events << ev(kind::Offer, mac, BootEvent::Severity::Info, QStringLiteral("ip=%1%2").arg(ipv4Text(ip), detail),
                       peer, pxe);
        noteIpxeFirmware(d, request, now, peer);
        return d;
    }
    case MessageType::Request: {
        d.events << ev(kind::Request, mac, BootEvent::Severity::Debug,
                       QStringLiteral("requested=%1 ciaddr=%2 server=%3")
                           .arg(ipv4Text(requested), ipv4Text(request.ciaddr),
                                serverId ? ipv4Text(*serverId) : QStringLiteral("-")),
                       peer, pxe);
        if (serverId) { // SELECTING
            if (*serverId != m_net.serverAddress) {
                m_pool->dropOffer(mac);
                if (requested) {
                    d.learnedMac = mac;
                    d.learnedIp = requested;
                }
                return ignore(QStringLiteral("the client chose DHCP server %1").arg(ipv4Text(*serverId)));
            }
            const quint32 ip = requested ? requested : request.ciaddr;
            if (ip && m_pool->isAvailableFor(ip, mac, now))
                ack(d, request, ip, pxe, now, peer);
            else
                nak(d, request, QStringLiteral("address %1 is not available any more").arg(ipv4Text(ip)), peer);
            return d;
        }
        if (requested && request.ciaddr == 0) { // INIT-REBOOT
            if (!onOurSubnet(requested)) {
                nak(d, request, QStringLiteral("address %1 is not on this network").arg(ipv4Text(requested)), peer);
                return d;
            }
            const DhcpLease *lease = m_pool->leaseOf(mac);
            if (!lease)
                return ignore(QStringLiteral("no record of this client (RFC 2131: stay silent)"));
            if (lease->ip == requested && m_pool->isAvailableFor(requested, mac, now))
                ack(d, request, requested, pxe, now, peer);
            else
                nak(d, request, QStringLiteral("address %1 is not this client's").arg(ipv4Text(requested)), peer);
            return d;
        }
        if (request.ciaddr) { // RENEWING / REBINDING
            if (!m_pool->contains(request.ciaddr))
                return ignore(QStringLiteral("%1 is not in our range").arg(ipv4Text(request.ciaddr)));
            if (m_pool->isAvailableFor(request.ciaddr, mac, now))
                ack(d, request, request.ciaddr, pxe, now, peer);
            else
                nak(d, request, QStringLiteral("address %1 belongs to another client").arg(ipv4Text(request.ciaddr)),
                    peer);
            return d;
        }
        return ignore(QStringLiteral("a request with neither an address nor a server"));
    }
    case MessageType::Decline: {
        if (serverId && *serverId != m_net.serverAddress)
            return ignore(QStringLiteral("for another server"));
        const QString dropped = m_pool->decline(mac, requested, now.addSecs(kDeclineHoldSeconds));
        if (!dropped.isEmpty())
            d.forgetMac = dropped;
        d.events << ev(kind::Decline, mac, BootEvent::Severity::Warning,
                       QStringLiteral("the client found %1 already in use on the network: not handed out for %2 "
                                      "minutes")
                           .arg(ipv4Text(requested))
                           .arg(kDeclineHoldSeconds / 60),
                       peer, pxe);
        return d;
    }
    case MessageType::Release: {
        if (serverId && *serverId != m_net.serverAddress)
            return ignore(QStringLiteral("for another server"));
        d.persist = m_pool->release(mac, request.ciaddr, now);
        d.events << ev(kind::Release, mac, BootEvent::Severity::Info,
                       QStringLiteral("ip=%1%2").arg(ipv4Text(request.ciaddr),
                                                     d.persist ? QString() : QStringLiteral(" (not its lease)")),
                       peer, pxe);
        return d;
    }
    case MessageType::Inform: {
        DhcpPacket r = reply(request, MessageType::Ack, pxe);
        r.ciaddr = request.ciaddr;
        addLeaseOptions(r, false);
        d.reply = std::move(r);
        d.events << ev(kind::Inform, mac, BootEvent::Severity::Info,
                       QStringLiteral("configuration sent to %1").arg(ipv4Text(request.ciaddr)), peer, pxe);
        if (request.ciaddr) {
            d.learnedMac = mac;
            d.learnedIp = request.ciaddr;
        }
        return d;
    }
    default: return ignore(QStringLiteral("not a client message"));
    }
}

} // namespace bootbench::dhcp
