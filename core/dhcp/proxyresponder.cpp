#include "dhcp/proxyresponder.h"

#include "dhcp/dhcpevents.h"
#include "dhcp/rogueprobe.h"

#include <QHostAddress>

namespace bootbench::dhcp {

namespace {

const QString kService = QStringLiteral("proxydhcp");
constexpr qint64 kBootstrapMemoryMs = 10 * 60 * 1000; // a bootstrap starts well within this
constexpr int kBootstrapMemoryMax = 8192;
constexpr qint64 kOtherServerReportMs = 60 * 1000;

quint64 macKey(const DhcpPacket &p)
{
    quint64 k = 0;
    for (int i = 0; i < 6; ++i)
        k = (k << 8) | p.chaddr[size_t(i)];
    return k;
}

QByteArray bootItemSubOption(quint16 type, quint16 layer)
{
    QByteArray v;
    v.append(char(71));
    v.append(char(4));
    v.append(char(type >> 8));
    v.append(char(type & 0xff));
    v.append(char(layer >> 8));
    v.append(char(layer & 0xff));
    v.append(char(255));
    return v;
}

} // namespace

ProxyResponder::ProxyResponder(quint32 serverAddress, quint16 httpPort, const DhcpSettings &settings)
    : m_server(serverAddress)
    , m_serverText(ipv4Text(serverAddress))
    , m_httpPort(httpPort)
    , m_settings(settings)
    , m_scriptUrl(settings.ipxeScriptUrl(QHostAddress(serverAddress), httpPort))
{
    for (const QString &p : settings.vendorClassPrefixes())
        m_prefixes << p.toLatin1();
}

bool ProxyResponder::isPxeClient(const PxeClientInfo &info) const
{
    for (const QByteArray &p : m_prefixes) {
        if (info.vendorClass.startsWith(p))
            return true;
    }
    return false;
}

QString ProxyResponder::bootFileFor(const PxeClientInfo &info) const
{
    // iPXE already runs: handing it the iPXE binary again would loop forever.
    if (info.isIpxe())
        return m_scriptUrl;
    const QString file = m_settings.bootFiles.value(info.arch());
    if (file.isEmpty())
        return {};
    if (info.hasVendorPrefix(QStringLiteral("HTTPClient")) && !file.contains(QLatin1String("://")))
        return DhcpSettings::httpBootUrl(QHostAddress(m_server), m_httpPort, file);
    return file;
}

BootEvent ProxyResponder::event(const QString &kind, const QString &mac, BootEvent::Severity severity,
                                const QString &detail, const QString &peer, Phase phase) const
{
    return makeEvent(kService, kind, mac, severity, detail, peer, phase);
}

Phase ProxyResponder::phaseFor(quint64 mac, const PxeClientInfo &info, qint64 nowMs) const
{
    if (!info.isIpxe())
        return Phase::Dhcp;
    const auto it = m_bootstrapHandedAt.constFind(mac);
    return it != m_bootstrapHandedAt.constEnd() && nowMs - *it < kBootstrapMemoryMs ? Phase::MenuSettings : Phase::Dhcp;
}

void ProxyResponder::rememberBootstrap(quint64 mac, qint64 nowMs)
{
    if (m_bootstrapHandedAt.size() >= kBootstrapMemoryMax) {
        for (auto it = m_bootstrapHandedAt.begin(); it != m_bootstrapHandedAt.end();)
            it = nowMs - *it >= kBootstrapMemoryMs ? m_bootstrapHandedAt.erase(it) : std::next(it);
        if (m_bootstrapHandedAt.size() >= kBootstrapMemoryMax)
            m_bootstrapHandedAt.clear(); // a flood of distinct MACs: forget rather than grow
    }
    m_bootstrapHandedAt.insert(mac, nowMs);
}

DhcpPacket ProxyResponder::baseReply(const DhcpPacket &request, const PxeClientInfo &info, MessageType type) const
{
    DhcpPacket r = request.replyTemplate(type, m_server);
    r.siaddr = m_server;
    r.setOption(opt::VendorClass, info.hasVendorPrefix(QStringLiteral("HTTPClient")) ? QByteArray("HTTPClient")
                                                                                     : QByteArray("PXEClient"));
    if (!info.guid.isEmpty())
        r.setOption(opt::ClientGuid, info.guid);
    return r;
}

ProxyDecision ProxyResponder::handle(const DhcpPacket &request, ProxyPort port, const QString &peer, qint64 nowMs)
{
    ProxyDecision d;
    const QString mac = request.mac();
    const MessageType type = request.messageType();
    const QString via = port == ProxyPort::Dhcp ? QStringLiteral("67") : QStringLiteral("4011");
    // Only a PXE client's DHCP is phase 1; what else the proxy hears (e.g. the imaging
    // environment's own DHCP in phase 8) stays in the device's history without a phase, so it
    // does not look like a new boot.
    // A PXE client's packet that is not answered keeps the phase of its DHCP (phase 3 for the
    // bootstrap's own DHCP).
    Phase ignoredPhase = Phase::None;
    auto ignore = [&](const QString &why) {
        d.events << event(kind::Ignored, mac, BootEvent::Severity::Debug,
                          QStringLiteral("%1 on port %2 ignored: %3").arg(messageTypeName(type), via, why), peer,
                          ignoredPhase);
        return d;
    };
    if (request.op != kBootRequest)
        return ignore(QStringLiteral("not a client request"));
    if (isOwnProbe(request))
        return d; // our own rogue-DHCP probe: not a device
    if (mac.isEmpty())
        return ignore(
            QStringLiteral("not an Ethernet client (htype %1, hlen %2)").arg(request.htype).arg(request.hlen));
    const PxeClientInfo info = pxeClientInfo(request);
    if (!isPxeClient(info)) {
        return ignore(info.vendorClass.isEmpty() ? QStringLiteral("not a PXE client (no vendor class)")
                                                 : QStringLiteral("not a PXE client (vendor class \"%1\")")
                                                       .arg(QString::fromLatin1(info.vendorClass.left(64))));
    }
    ignoredPhase = phaseFor(macKey(request), info, nowMs);

    if (port == ProxyPort::Dhcp) {
        if (type == MessageType::Request) {
            // Addressed to the bench's DHCP server: learn the address it asks for, stay silent.
            const auto requested = request.ipv4Option(opt::RequestedAddress);
            const auto server = request.ipv4Option(opt::ServerId);
            if (requested && *requested != 0 && (!server || *server != m_server)) {
                d.learnedMac = mac;
                d.learnedIp = *requested;
            }
            return ignore(QStringLiteral("requests go to the DHCP server"));
        }
        if (type != MessageType::Discover)
            return ignore(QStringLiteral("the proxy answers only DISCOVERs on port 67"));
    } else {
        if (type != MessageType::Request && type != MessageType::Inform)
            return ignore(QStringLiteral("port 4011 answers only requests"));
        if (request.ciaddr != 0) {
            d.learnedMac = mac;
            d.learnedIp = request.ciaddr;
        }
    }

    const Phase phase = ignoredPhase;
    d.events << event(port == ProxyPort::Dhcp ? kind::Discover : kind::Request4011, mac, BootEvent::Severity::Info,
                      info.summary(), peer, phase);

    const QString file = bootFileFor(info);
    if (file.isEmpty()) {
        d.events << event(kind::UnknownArch, mac, BootEvent::Severity::Warning,
                          QStringLiteral("no bootstrap configured for client architecture %1 (%2): not answered; add "
                                         "a file for it in the architecture table")
                              .arg(info.arch())
                              .arg(archName(info.arch())),
                          peer, phase);
        return d;
    }

    DhcpPacket r = baseReply(request, info, port == ProxyPort::Dhcp ? MessageType::Offer : MessageType::Ack);
    r.file = file.toUtf8();
    bool steered = false;
    if (port == ProxyPort::Dhcp) {
        const bool http = info.hasVendorPrefix(QStringLiteral("HTTPClient"));
        const bool direct = info.isIpxe() || m_settings.directArchs.contains(info.arch());
        if (direct && !http) {
            // Discovery control 8: skip boot server discovery, download the file named here.
            r.setOption(opt::VendorSpecific, QByteArray("\x06\x01\x08\xff", 4));
        } else if (!http) {
            // No option 43: the client asks again on port 4011 (PXE 2.1 "proxyDHCP on 4011",
            // what Pixiecore and WDS do). The file stays for firmware that takes it from here.
            steered = true;
        }
    } else {
        r.ciaddr = request.ciaddr;
        if (info.hasBootItem)
            r.setOption(opt::VendorSpecific, bootItemSubOption(info.bootItemType, info.bootItemLayer));
    }
    if (!info.isIpxe())
        rememberBootstrap(macKey(request), nowMs);
    d.events << event(port == ProxyPort::Dhcp ? kind::Offer : kind::Ack4011, mac, BootEvent::Severity::Info,
                      QLatin1String("file=") + file + QLatin1String(" server=") + m_serverText +
                          QLatin1String(" via=") + via +
                          (steered ? QLatin1String(" (steered to port 4011)") : QLatin1String()),
                      peer, phase);
    if (info.isIpxe() && phase == Phase::Dhcp) {
        // iPXE asks first, not a PXE ROM we handed iPXE to: the firmware is iPXE itself (an iPXE
        // option ROM, e.g. QEMU's). Phase 2 happened inside the firmware; say so, so the lane
        // shows it rather than a gap.
        d.events << event(kind::BootstrapBuiltIn, mac, BootEvent::Severity::Info,
                          QStringLiteral("the firmware is iPXE (option ROM): the bootstrap is built in, nothing to "
                                         "download"),
                          peer, Phase::Bootstrap);
    }
    d.reply = std::move(r);
    return d;
}

ProxyDecision ProxyResponder::observe(const DhcpPacket &reply, quint32 sourceAddress, qint64 nowMs)
{
    ProxyDecision d;
    if (reply.op != kBootReply)
        return d;
    const MessageType type = reply.messageType();
    const quint32 server = reply.ipv4Option(opt::ServerId).value_or(sourceAddress);
    if (server == m_server || sourceAddress == m_server)
        return d; // our own broadcast, looped back
    if (isOwnProbe(reply))
        return d; // an answer to our own probe: the DHCP server reports that server itself
    const QString mac = reply.mac();
    if (type == MessageType::Ack && reply.yiaddr != 0 && !mac.isEmpty()) {
        d.learnedMac = mac;
        d.learnedIp = reply.yiaddr;
    }
    if (type == MessageType::Offer || type == MessageType::Ack) {
        const auto it = m_otherServerReportedAt.constFind(server);
        if (it == m_otherServerReportedAt.constEnd() || nowMs - *it >= kOtherServerReportMs) {
            if (m_otherServerReportedAt.size() > 256)
                m_otherServerReportedAt.clear();
            m_otherServerReportedAt.insert(server, nowMs);
            d.events << event(kind::OtherServer, mac, BootEvent::Severity::Info,
                              QStringLiteral("DHCP server %1 answered %2 with %3%4")
                                  .arg(ipv4Text(server), mac, messageTypeName(type),
                                       reply.yiaddr ? QStringLiteral(" (%1)").arg(ipv4Text(reply.yiaddr)) : QString()),
                              ipv4Text(sourceAddress));
        }
    }
    return d;
}

} // namespace bootbench::dhcp
