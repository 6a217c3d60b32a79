#include "dhcp/routeradvertiser.h"

#include <QSocketNotifier>
#include <QStringList>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bootbench {

namespace {

constexpr qint64 kMinIntervalMs = 1000;

QString addressText(const in6_addr &a)
{
    char text[INET6_ADDRSTRLEN] = {};
    return QString::fromLatin1(::inet_ntop(AF_INET6, &a, text, sizeof text));
}

// The source link-layer address option (type 1) of a solicitation: the asking device's MAC.
QString sourceMac(const quint8 *options, qsizetype size)
{
    while (size >= 8) {
        const int length = options[1] * 8;
        if (length == 0 || length > size)
            return {};
        if (options[0] == ND_OPT_SOURCE_LINKADDR && length >= 8) {
            return QStringLiteral("%1:%2:%3:%4:%5:%6")
                .arg(options[2], 2, 16, QLatin1Char('0'))
                .arg(options[3], 2, 16, QLatin1Char('0'))
                .arg(options[4], 2, 16, QLatin1Char('0'))
                .arg(options[5], 2, 16, QLatin1Char('0'))
                .arg(options[6], 2, 16, QLatin1Char('0'))
                .arg(options[7], 2, 16, QLatin1Char('0'));
        }
        options += length;
        size -= length;
    }
    return {};
}

// The MAC inside a modified EUI-64 link-local address (fe80::XXXX:XXff:feXX:XXXX), else empty.
QString eui64Mac(const in6_addr &a)
{
    const quint8 *b = a.s6_addr;
    if (b[0] != 0xfe || (b[1] & 0xc0) != 0x80 || b[11] != 0xff || b[12] != 0xfe)
        return {};
    const quint8 mac[6] = {quint8(b[8] ^ 0x02), b[9], b[10], b[13], b[14], b[15]};
    QStringList parts;
    for (quint8 m : mac)
        parts << QStringLiteral("%1").arg(m, 2, 16, QLatin1Char('0'));
    return parts.join(QLatin1Char(':'));
}

} // namespace

RouterAdvertiser::RouterAdvertiser(const QString &service, Publish publish, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_publish(std::move(publish))
{}

RouterAdvertiser::~RouterAdvertiser()
{
    stop();
}

BootEvent RouterAdvertiser::event(const QString &kind, const QString &mac, BootEvent::Severity severity,
                                  const QString &detail, const QString &peer) const
{
    BootEvent e;
    e.time = QDateTime::currentDateTimeUtc();
    e.service = m_service;
    e.kind = kind;
    e.mac = mac;
    e.severity = severity;
    e.detail = detail;
    e.peer = peer;
    e.phase = Phase::None; // iPXE's wait happens in phase 1 or 3; a note, not a boot step
    return e;
}

bool RouterAdvertiser::start(const QString &interfaceName, QString *error)
{
    stop();
    m_interface = interfaceName;
    m_ifindex = ::if_nametoindex(interfaceName.toLocal8Bit().constData());
    if (m_ifindex == 0) {
        *error = QStringLiteral("there is no network interface named \"%1\" (`ip link` lists them)").arg(interfaceName);
        return false;
    }
    m_fd = ::socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
    if (m_fd < 0) {
        const int err = errno;
        *error = err == EPERM || err == EACCES
                     ? QStringLiteral("needs CAP_NET_RAW to answer IPv6 router solicitations (sudo setcap "
                                      "cap_net_raw,cap_net_bind_service+ep $(command -v bootbench))")
                     : QStringLiteral("cannot open an ICMPv6 socket: %1").arg(QString::fromLocal8Bit(::strerror(err)));
        return false;
    }
    const QByteArray name = interfaceName.toLocal8Bit();
    icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(ND_ROUTER_SOLICIT, &filter);
    ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &filter);
    const int hops = 255; // RFC 4861: neighbour discovery is only valid with hop limit 255
    const int off = 0;
    ipv6_mreq allRouters{};
    ::inet_pton(AF_INET6, "ff02::2", &allRouters.ipv6mr_multiaddr);
    allRouters.ipv6mr_interface = m_ifindex;
    const bool ok = ::setsockopt(m_fd, SOL_SOCKET, SO_BINDTODEVICE, name.constData(), socklen_t(name.size())) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof off) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &m_ifindex, sizeof m_ifindex) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &allRouters, sizeof allRouters) == 0;
    if (!ok) {
        *error = QStringLiteral("cannot listen for IPv6 router solicitations on %1: %2")
                     .arg(interfaceName, QString::fromLocal8Bit(::strerror(errno)));
        stop();
        return false;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &RouterAdvertiser::onReadable);
    return true;
}

void RouterAdvertiser::stop()
{
    m_notifier.reset();
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

void RouterAdvertiser::onReadable()
{
    for (;;) {
        quint8 buffer[1500];
        sockaddr_in6 from{};
        socklen_t fromLength = sizeof from;
        const ssize_t n = ::recvfrom(m_fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr *>(&from), &fromLength);
        if (n < 0)
            return; // EAGAIN: drained
        const QString peer = addressText(from.sin6_addr);
        if (n >= qsizetype(sizeof(nd_router_solicit)) && buffer[0] == ND_ROUTER_SOLICIT && buffer[1] == 0) {
            if (!m_silenced) {
                QString mac = sourceMac(buffer + sizeof(nd_router_solicit), n - qsizetype(sizeof(nd_router_solicit)));
                if (mac.isEmpty())
                    mac = eui64Mac(from.sin6_addr);
                answer(mac, peer);
            }
        } else if (n >= qsizetype(sizeof(nd_router_advert)) && buffer[0] == ND_ROUTER_ADVERT && buffer[1] == 0) {
            nd_router_advert ra;
            std::memcpy(&ra, buffer, sizeof ra);
            const int lifetime = ntohs(ra.nd_ra_router_lifetime);
            if (lifetime > 0 && !m_silenced) {
                // A real router: it answers the devices; stay out of its way.
                m_silenced = true;
                m_publish(event(QStringLiteral("ipv6-router-seen"), {}, BootEvent::Severity::Info,
                                QStringLiteral("an IPv6 router (%1) advertises on %2 (lifetime %3 s): Bootbench no "
                                               "longer answers router solicitations there")
                                    .arg(peer, m_interface)
                                    .arg(lifetime),
                                peer));
            }
        }
    }
}

void RouterAdvertiser::answer(const QString &mac, const QString &from)
{
    if (m_lastAnswer.isValid() && m_lastAnswer.elapsed() < kMinIntervalMs)
        return; // the last answer went to all nodes: it reached this one too
    nd_router_advert ra{};
    ra.nd_ra_type = ND_ROUTER_ADVERT; // code 0, checksum filled in by the kernel
    ra.nd_ra_curhoplimit = 0;         // unspecified
    ra.nd_ra_flags_reserved = 0;      // neither managed nor other: no DHCPv6
    ra.nd_ra_router_lifetime = 0;     // not a default router
    ra.nd_ra_reachable = 0;
    ra.nd_ra_retransmit = 0;
    sockaddr_in6 to{};
    to.sin6_family = AF_INET6;
    ::inet_pton(AF_INET6, "ff02::1", &to.sin6_addr);
    to.sin6_scope_id = m_ifindex;
    if (::sendto(m_fd, &ra, sizeof ra, 0, reinterpret_cast<const sockaddr *>(&to), sizeof to) < 0) {
        m_publish(event(QStringLiteral("ipv6-ra-failed"), mac, BootEvent::Severity::Warning,
                        QStringLiteral("the answer to the IPv6 router solicitation from %1 could not be sent on %2: "
                                       "%3; iPXE waits ~16 s for IPv6")
                            .arg(from, m_interface, QString::fromLocal8Bit(::strerror(errno))),
                        from));
        return;
    }
    m_lastAnswer.start();
    ++m_answered;
    m_publish(event(QStringLiteral("ipv6-ra-sent"), mac, BootEvent::Severity::Debug,
                    QStringLiteral("router solicitation from %1 answered \"no IPv6 router here\" (router lifetime 0): "
                                   "iPXE need not wait for IPv6")
                        .arg(from),
                    from));
}

} // namespace bootbench
