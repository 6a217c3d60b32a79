#include "dhcp/proxydhcpservice.h"

#include "dhcp/addressbook.h"
#include "dhcp/dhcpevents.h"
#include "dhcp/dhcpportarbiter.h"
#include "dhcp/dhcpsocket.h"
#include "dhcp/proxyresponder.h"
#include "dhcp/replydestination.h"
#include "net/udpendpoint.h"
#include "services/eventstream.h"
#include "services/threadpriority.h"

#include <QUdpSocket>

#include <linux/filter.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

namespace bootbench {

namespace {
const QString kName = QStringLiteral("proxydhcp");

// Every broadcast reply we send to the client port is looped back to our own watch socket on
// that port: one extra receive, wake-up and decode per answer. A socket filter drops the
// looped-back copies in the kernel (packet type PACKET_LOOPBACK). Without it, the responder
// still ignores them (its own server id), only slower.
void ignoreOwnBroadcasts(int fd)
{
    sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, quint32(SKF_AD_OFF + SKF_AD_PKTTYPE)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_LOOPBACK, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 0),
        BPF_STMT(BPF_RET | BPF_K, 0xffffffffu),
    };
    sock_fprog program{quint16(sizeof code / sizeof code[0]), code};
    ::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program);
}
const QString kTitle = QStringLiteral("The proxyDHCP");
} // namespace

ProxyDhcpService::ProxyDhcpService(const ServiceConfig &config, EventStream *events,
                                   std::shared_ptr<DhcpPortArbiter> arbiter, std::shared_ptr<AddressBook> book)
    : NetworkService(kName, events)
    , m_config(config)
    , m_arbiter(std::move(arbiter))
    , m_book(book ? std::move(book) : std::make_shared<AddressBook>())
{}

ProxyDhcpService::~ProxyDhcpService() = default;

bool ProxyDhcpService::startService(QString *error)
{
    if (!resolveDhcpInterface(m_config, kTitle, &m_iface, error))
        return false;
    QString priorityNote;
    if (m_config.dhcp.threadNiceValue < 0 && !raiseCurrentThreadPriority(m_config.dhcp.threadNiceValue, &priorityNote))
        publish(
            dhcp::makeEvent(kName, dhcp::kind::Ignored, {}, BootEvent::Severity::Debug, priorityNote, {}, Phase::None));
    m_clock.start();
    m_responder = std::make_unique<dhcp::ProxyResponder>(m_iface.address, m_config.httpPort, m_config.dhcp);

    UdpBindRequest pxe;
    pxe.port = m_config.pxePort;
    pxe.interfaceName = m_iface.name;
    pxe.broadcast = true;
    pxe.receiveBufferBytes = m_config.dhcp.receiveBufferBytes;
    auto pxeSocket = openUdpSocket(pxe, error);
    if (!pxeSocket)
        return false;
    m_pxe = std::make_unique<DhcpSocket>(
        std::move(pxeSocket),
        [this](const char *d, qsizetype n, quint32 from, quint16 port) { onDatagram(Socket::Pxe, d, n, from, port); },
        [this] { flushEvents(); });

    if (m_arbiter) {
        m_arbiterConnection = connect(m_arbiter.get(), &DhcpPortArbiter::serverHoldsChanged, this,
                                      &ProxyDhcpService::followServer, Qt::QueuedConnection);
    }
    if (!m_arbiter || !m_arbiter->serverHolds()) {
        if (!openDhcpPort(error))
            return false;
    } else {
        publish(dhcp::makeEvent(kName, dhcp::kind::Port67, {}, BootEvent::Severity::Info,
                                QStringLiteral("the bench DHCP server answers on port %1: the proxy answers on port %2 "
                                               "only (variant B)")
                                    .arg(m_config.dhcpPort)
                                    .arg(m_config.pxePort)));
    }

    if (m_config.dhcp.watchClientPort) {
        UdpBindRequest watch;
        watch.port = m_config.dhcp.clientPort;
        watch.interfaceName = m_iface.name;
        watch.reuseAddress = true;
        QString watchError;
        if (auto s = openUdpSocket(watch, &watchError)) {
            ignoreOwnBroadcasts(int(s->socketDescriptor()));
            m_watch = std::make_unique<DhcpSocket>(
                std::move(s),
                [this](const char *d, qsizetype n, quint32 from, quint16) { onClientPortDatagram(d, n, from); },
                [this] { flushEvents(); });
        } else {
            publish(dhcp::makeEvent(kName, dhcp::kind::Ignored, {}, BootEvent::Severity::Warning,
                                    QStringLiteral("not watching other DHCP servers' answers (%1): MAC and IP are "
                                                   "learned from requests only")
                                        .arg(watchError)));
        }
    }
    return true;
}

void ProxyDhcpService::stopService()
{
    if (m_arbiterConnection)
        disconnect(m_arbiterConnection);
    flushEvents();
    closeDhcpPort();
    m_pxe.reset();
    m_watch.reset();
    m_responder.reset();
}

bool ProxyDhcpService::openDhcpPort(QString *error)
{
    if (m_dhcp)
        return true;
    UdpBindRequest req;
    req.port = m_config.dhcpPort;
    req.interfaceName = m_iface.name;
    req.broadcast = true;
    req.reuseAddress = m_arbiter != nullptr; // hand-over with the bench DHCP server (DhcpPortArbiter)
    req.receiveBufferBytes = m_config.dhcp.receiveBufferBytes;
    auto socket = openUdpSocket(req, error);
    if (!socket)
        return false;
    m_dhcp = std::make_unique<DhcpSocket>(
        std::move(socket),
        [this](const char *d, qsizetype n, quint32 from, quint16 port) { onDatagram(Socket::Dhcp, d, n, from, port); },
        [this] { flushEvents(); });
    m_on67 = true;
    emit dhcpPortListeningChanged(true);
    return true;
}

void ProxyDhcpService::closeDhcpPort()
{
    if (!m_dhcp)
        return;
    m_dhcp.reset();
    m_on67 = false;
    emit dhcpPortListeningChanged(false);
}

void ProxyDhcpService::followServer(bool serverHolds)
{
    if (status().state != ServiceState::Running && status().state != ServiceState::Starting)
        return;
    if (serverHolds) {
        closeDhcpPort();
        publish(dhcp::makeEvent(kName, dhcp::kind::Port67, {}, BootEvent::Severity::Info,
                                QStringLiteral("the bench DHCP server took port %1: the proxy answers on port %2 only "
                                               "(variant B)")
                                    .arg(m_config.dhcpPort)
                                    .arg(m_config.pxePort)));
        return;
    }
    QString error;
    if (!openDhcpPort(&error)) {
        reportFailure(error);
        return;
    }
    publish(dhcp::makeEvent(kName, dhcp::kind::Port67, {}, BootEvent::Severity::Info,
                            QStringLiteral("the bench DHCP server does not run: the proxy answers on port %1 again "
                                           "(variant A)")
                                .arg(m_config.dhcpPort)));
}

void ProxyDhcpService::onDatagram(Socket which, const char *data, qsizetype size, quint32 from, quint16 fromPort)
{
    const QString peer = dhcp::ipv4Text(from) + QLatin1Char(':') + QString::number(fromPort);
    if (which == Socket::Dhcp && m_arbiter && m_arbiter->serverHolds())
        return; // the hand-over moment: the server answers
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
    const bool pxePort = which == Socket::Pxe;
    dhcp::ProxyDecision d =
        m_responder->handle(r.packet, pxePort ? dhcp::ProxyPort::Pxe : dhcp::ProxyPort::Dhcp, peer, m_clock.elapsed());
    m_batch.append(d.events);
    if (d.learnedIp && m_book->learn(d.learnedMac, QHostAddress(d.learnedIp))) {
        m_batch << dhcp::makeEvent(kName, dhcp::kind::IpLearned, d.learnedMac, BootEvent::Severity::Info,
                                   QStringLiteral("%1 has address %2").arg(d.learnedMac, dhcp::ipv4Text(d.learnedIp)),
                                   dhcp::ipv4Text(d.learnedIp), Phase::None); // a note, not a boot step
    }
    if (!d.reply)
        return;
    const dhcp::ReplyDestination to = dhcp::replyDestination(r.packet, d.reply->messageType(), from, fromPort, pxePort,
                                                             m_config.dhcp.clientPort, m_config.dhcpPort);
    DhcpSocket *socket = pxePort ? m_pxe.get() : m_dhcp.get();
    if (socket->send(dhcp::encodeDhcpPacket(*d.reply), to.address, to.port, m_config.replyDelayMs)) {
        ++m_answered;
    } else {
        m_batch << dhcp::makeEvent(kName, dhcp::kind::Ignored, r.packet.mac(), BootEvent::Severity::Warning,
                                   QStringLiteral("the answer to %1:%2 could not be sent: %3")
                                       .arg(dhcp::ipv4Text(to.address))
                                       .arg(to.port)
                                       .arg(socket->lastSendError()),
                                   peer);
    }
}

void ProxyDhcpService::onClientPortDatagram(const char *data, qsizetype size, quint32 from)
{
    const dhcp::DecodeResult r = dhcp::decodeDhcpPacket(data, size);
    if (!r.ok())
        return;
    dhcp::ProxyDecision d = m_responder->observe(r.packet, from, m_clock.elapsed());
    m_batch.append(d.events);
    if (d.learnedIp && m_book->learn(d.learnedMac, QHostAddress(d.learnedIp))) {
        m_batch << dhcp::makeEvent(kName, dhcp::kind::IpLearned, d.learnedMac, BootEvent::Severity::Info,
                                   QStringLiteral("%1 has address %2").arg(d.learnedMac, dhcp::ipv4Text(d.learnedIp)),
                                   dhcp::ipv4Text(d.learnedIp), Phase::None); // a note, not a boot step
    }
}

void ProxyDhcpService::flushEvents()
{
    publishAndClear(&m_batch);
}

} // namespace bootbench
