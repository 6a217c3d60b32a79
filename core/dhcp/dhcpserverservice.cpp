#include "dhcp/dhcpserverservice.h"

#include "dhcp/addressbook.h"
#include "dhcp/dhcpevents.h"
#include "dhcp/dhcpportarbiter.h"
#include "dhcp/dhcpserverresponder.h"
#include "dhcp/dhcpsocket.h"
#include "dhcp/fileleasestore.h"
#include "dhcp/leasepool.h"
#include "dhcp/replydestination.h"
#include "dhcp/rogueprobe.h"
#include "dhcp/routeradvertiser.h"
#include "net/udpendpoint.h"
#include "services/eventstream.h"
#include "services/threadpriority.h"

#include <QUdpSocket>

namespace bootbench {

namespace {
const QString kName = QStringLiteral("dhcp");
const QString kTitle = QStringLiteral("The bench DHCP server");

int prefixLength(quint32 mask)
{
    int n = 0;
    while (n < 32 && (mask & (0x80000000u >> n)))
        ++n;
    return n;
}
} // namespace

DhcpServerService::DhcpServerService(const ServiceConfig &config, EventStream *events,
                                     std::unique_ptr<LeaseStore> store, std::shared_ptr<DhcpPortArbiter> arbiter,
                                     std::shared_ptr<AddressBook> book)
    : NetworkService(kName, events)
    , m_config(config)
    , m_store(store ? std::move(store) : std::make_unique<FileLeaseStore>(FileLeaseStore::defaultPath(config.dataDir)))
    , m_arbiter(std::move(arbiter))
    , m_book(book ? std::move(book) : std::make_shared<AddressBook>())
{}

DhcpServerService::~DhcpServerService() = default;

bool DhcpServerService::checkPool(QString *error) const
{
    const quint32 first = m_config.rangeFirst.toIPv4Address();
    const quint32 last = m_config.rangeLast.toIPv4Address();
    if (m_config.rangeFirst.isNull() || m_config.rangeLast.isNull() || first == 0 || first > last) {
        *error = QStringLiteral("%1 does not start: it needs an address range (--dhcp-range FIRST-LAST)").arg(kTitle);
        return false;
    }
    const quint32 net = m_iface.address & m_mask;
    if ((first & m_mask) != net || (last & m_mask) != net) {
        *error = QStringLiteral("%1 does not start: the range %2-%3 is not in the network of %4 (%5/%6); clients "
                                "could not reach Bootbench. Choose a range inside that network.")
                     .arg(kTitle, m_config.rangeFirst.toString(), m_config.rangeLast.toString(), m_iface.name,
                          dhcp::ipv4Text(m_iface.address))
                     .arg(prefixLength(m_mask));
        return false;
    }
    return true;
}

bool DhcpServerService::startService(QString *error)
{
    if (!resolveDhcpInterface(m_config, kTitle, &m_iface, error))
        return false;
    QString priorityNote;
    if (m_config.dhcp.threadNiceValue < 0 && !raiseCurrentThreadPriority(m_config.dhcp.threadNiceValue, &priorityNote))
        publish(
            dhcp::makeEvent(kName, dhcp::kind::Ignored, {}, BootEvent::Severity::Debug, priorityNote, {}, Phase::None));
    m_mask = m_config.dhcp.subnetMask.isNull() ? m_iface.netmask : m_config.dhcp.subnetMask.toIPv4Address();
    if (m_mask == 0)
        m_mask = 0xffffff00u;
    if (!checkPool(error))
        return false;

    QList<DhcpLease> leases;
    if (!m_store->load(&leases, error))
        return false;

    if (m_config.dhcp.probeMs > 0) {
        const DhcpProbeResult probe = probeForDhcpServers(m_iface.name, m_iface.address, m_config.dhcp.probeMs,
                                                          m_config.dhcpPort, m_config.dhcp.clientPort);
        if (!probe.ok) {
            *error = QStringLiteral("%1 does not start: %2").arg(kTitle, probe.error);
            return false;
        }
        if (!probe.servers.isEmpty()) {
            QStringList who;
            for (const DhcpServerSighting &s : probe.servers) {
                who << describeSighting(s);
                // Not a boot device: it gets no lane of its own on the timeline; named in the detail.
                publish(dhcp::makeEvent(
                    kName, dhcp::kind::OtherServer, {}, BootEvent::Severity::Warning,
                    QStringLiteral("another DHCP server answers on %1: %2").arg(m_iface.name, describeSighting(s)),
                    dhcp::ipv4Text(s.address)));
            }
            *error = QStringLiteral("%1 does not start: another DHCP server already answers on %2: %3. Bootbench does "
                                    "not hand out addresses on a network that has a DHCP server; the proxyDHCP can "
                                    "still serve PXE clients alongside it (variant A).")
                         .arg(kTitle, m_iface.name, who.join(QStringLiteral(", ")));
            return false;
        }
    }

    QList<quint32> excluded{m_iface.address};
    if (!m_config.dhcp.router.isNull())
        excluded << m_config.dhcp.router.toIPv4Address();
    m_pool =
        std::make_unique<LeasePool>(m_config.rangeFirst.toIPv4Address(), m_config.rangeLast.toIPv4Address(), excluded);
    m_pool->load(leases);
    for (const DhcpLease &l : m_pool->leases())
        m_book->learn(l.mac, QHostAddress(l.ip));

    dhcp::ServerNetwork net;
    net.serverAddress = m_iface.address;
    net.subnetMask = m_mask;
    net.router = m_config.dhcp.router.isNull() ? 0 : m_config.dhcp.router.toIPv4Address();
    for (const QHostAddress &a : m_config.dhcp.dnsServers)
        net.dnsServers << a.toIPv4Address();
    net.leaseSeconds = std::max<quint32>(60, m_config.dhcp.leaseSeconds);
    net.pxeVendorPrefixes = m_config.dhcp.vendorClassPrefixes();
    // iPXE gets the policy script and UEFI HTTP boot its http:// URL in the offer itself, as the
    // proxy's answer has them (neither goes through port 4011).
    net.ipxeScriptUrl = m_config.dhcp.ipxeScriptUrl(QHostAddress(m_iface.address), m_config.httpPort);
    for (auto it = m_config.dhcp.bootFiles.cbegin(); it != m_config.dhcp.bootFiles.cend(); ++it) {
        if (!it.value().isEmpty())
            net.httpBootUrls.insert(
                it.key(), DhcpSettings::httpBootUrl(QHostAddress(m_iface.address), m_config.httpPort, it.value()));
    }
    m_responder = std::make_unique<dhcp::DhcpServerResponder>(net, m_pool.get());

    if (m_arbiter)
        m_arbiter->setServerHolds(true);
    UdpBindRequest req;
    req.port = m_config.dhcpPort;
    req.interfaceName = m_iface.name;
    req.broadcast = true;
    req.reuseAddress = m_arbiter != nullptr;
    req.receiveBufferBytes = m_config.dhcp.receiveBufferBytes;
    auto socket = openUdpSocket(req, error);
    if (!socket)
        return false; // stopService() gives the port back to the proxy
    m_socket = std::make_unique<DhcpSocket>(
        std::move(socket),
        [this](const char *d, qsizetype n, quint32 from, quint16 port) { onDatagram(d, n, from, port); },
        [this] { flushEvents(); });
    publish(dhcp::makeEvent(kName, dhcp::kind::Port67, {}, BootEvent::Severity::Info,
                            QStringLiteral("serving %1-%2 on %3 (%4 leases kept from before)")
                                .arg(m_config.rangeFirst.toString(), m_config.rangeLast.toString(), m_iface.name)
                                .arg(leases.size())));
    startRouterAdvertiser();
    return true;
}

void DhcpServerService::startRouterAdvertiser()
{
    // The server only runs where no other DHCP server answers: the bench segment is Bootbench's.
    // Without an IPv6 router there, iPXE waits ~16 s in "Configuring" on every boot; say "no
    // router here" instead (and fall silent if a real router shows up).
    if (!m_config.routerAdvertisements) {
        publish(dhcp::makeEvent(kName, QStringLiteral("ipv6-ra-off"), {}, BootEvent::Severity::Info,
                                QStringLiteral("not answering IPv6 router solicitations on %1: switched off "
                                               "(--no-router-advertisements). Without an IPv6 router on the segment "
                                               "iPXE waits ~16 s for IPv6 on every boot.")
                                    .arg(m_iface.name),
                                {}, Phase::None));
        return;
    }
    m_advertiser = std::make_unique<RouterAdvertiser>(kName, [this](const BootEvent &e) { publish(e); });
    QString why;
    if (!m_advertiser->start(m_iface.name, &why)) {
        m_advertiser.reset();
        publish(dhcp::makeEvent(kName, QStringLiteral("ipv6-ra-unavailable"), {}, BootEvent::Severity::Warning,
                                QStringLiteral("not answering IPv6 router solicitations on %1: %2. Without an IPv6 "
                                               "router on the segment iPXE waits ~16 s for IPv6 on every boot.")
                                    .arg(m_iface.name, why),
                                {}, Phase::None));
    }
}

void DhcpServerService::stopService()
{
    m_advertiser.reset();
    flushEvents();
    m_socket.reset();
    if (m_arbiter)
        m_arbiter->setServerHolds(false);
    m_responder.reset();
    m_pool.reset();
}

void DhcpServerService::onDatagram(const char *data, qsizetype size, quint32 from, quint16 fromPort)
{
    const QString peer = dhcp::ipv4Text(from) + QLatin1Char(':') + QString::number(fromPort);
    const dhcp::DecodeResult r = dhcp::decodeDhcpPacket(data, size);
    if (!r.ok()) {
        m_batch << dhcp::makeEvent(kName, dhcp::kind::Malformed, {}, BootEvent::Severity::Debug,
                                   QStringLiteral("%1 bytes dropped: %2 (at byte %3)")
                                       .arg(size)
                                       .arg(dhcp::decodeErrorText(r.error))
                                       .arg(r.errorOffset),
                                   peer);
        return;
    }
    dhcp::ServerDecision d = m_responder->handle(r.packet, peer, QDateTime::currentDateTimeUtc());
    m_batch.append(d.events);
    QString storeError;
    bool stored = true;
    if (d.persist)
        stored = m_store->put(*d.persist, &storeError);
    if (stored && !d.forgetMac.isEmpty())
        stored = m_store->remove(d.forgetMac, &storeError);
    if (!stored) {
        // RFC 2131: a lease is recorded before it is acknowledged. Stay silent; the client retries.
        m_batch << dhcp::makeEvent(kName, dhcp::kind::StoreError, r.packet.mac(), BootEvent::Severity::Error,
                                   storeError + QStringLiteral(" (no answer sent)"), peer);
        return;
    }
    if (d.learnedIp && m_book->learn(d.learnedMac, QHostAddress(d.learnedIp))) {
        m_batch << dhcp::makeEvent(kName, dhcp::kind::IpLearned, d.learnedMac, BootEvent::Severity::Info,
                                   QStringLiteral("%1 has address %2").arg(d.learnedMac, dhcp::ipv4Text(d.learnedIp)),
                                   dhcp::ipv4Text(d.learnedIp), Phase::None); // a note, not a boot step
    }
    if (!d.reply)
        return;
    const dhcp::ReplyDestination to = dhcp::replyDestination(r.packet, d.reply->messageType(), from, fromPort, false,
                                                             m_config.dhcp.clientPort, m_config.dhcpPort);
    if (!m_socket->send(dhcp::encodeDhcpPacket(*d.reply), to.address, to.port)) {
        m_batch << dhcp::makeEvent(kName, dhcp::kind::Ignored, r.packet.mac(), BootEvent::Severity::Warning,
                                   QStringLiteral("the answer to %1:%2 could not be sent: %3")
                                       .arg(dhcp::ipv4Text(to.address))
                                       .arg(to.port)
                                       .arg(m_socket->lastSendError()),
                                   peer);
    }
}

void DhcpServerService::flushEvents()
{
    publishAndClear(&m_batch);
}

} // namespace bootbench
