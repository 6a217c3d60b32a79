#include "icmpv6testclient.h"

#include "netnslab.h"

#include <QSocketNotifier>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
QString errnoText()
{
    return QString::fromLocal8Bit(::strerror(errno));
}
} // namespace

Icmpv6TestClient::Icmpv6TestClient() = default;

Icmpv6TestClient::~Icmpv6TestClient()
{
    m_notifier.reset();
    if (m_fd >= 0)
        ::close(m_fd);
}

QString Icmpv6TestClient::ipv6UnavailableReason(const NetnsLab &lab, const QString &role)
{
    NetnsLab::Scope scope(lab, role);
    if (!scope.ok())
        return QStringLiteral("cannot enter the network namespace %1").arg(lab.name(role));
    const int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return QStringLiteral("the kernel has no IPv6 (%1): nothing to solicit a router with").arg(errnoText());
    ::close(fd);
    return {};
}

bool Icmpv6TestClient::open(const NetnsLab &lab, const QString &role, const QString &ifname, QString *error)
{
    NetnsLab::Scope scope(lab, role);
    if (!scope.ok()) {
        *error = QStringLiteral("cannot enter the network namespace %1").arg(lab.name(role));
        return false;
    }
    const QByteArray name = ifname.toLocal8Bit();
    m_ifindex = ::if_nametoindex(name.constData());
    if (m_ifindex == 0) {
        *error = QStringLiteral("no interface %1 in %2").arg(ifname, lab.name(role));
        return false;
    }
    m_fd = ::socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
    if (m_fd < 0) {
        *error = QStringLiteral("ICMPv6 socket in %1: %2").arg(lab.name(role), errnoText());
        return false;
    }
    icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &filter);
    const int on = 1;
    const int hops = 255;
    const bool ok = ::setsockopt(m_fd, SOL_SOCKET, SO_BINDTODEVICE, name.constData(), socklen_t(name.size())) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) == 0 &&
                    ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &m_ifindex, sizeof m_ifindex) == 0;
    if (!ok) {
        *error = QStringLiteral("ICMPv6 socket options on %1 in %2: %3").arg(ifname, lab.name(role), errnoText());
        return false;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &Icmpv6TestClient::onReadable);
    return true;
}

bool Icmpv6TestClient::sendRouterSolicitation(const QString &mac, QString *error)
{
    QByteArray packet(sizeof(nd_router_solicit), '\0');
    packet[0] = char(ND_ROUTER_SOLICIT); // code 0, reserved 0; the kernel fills in the checksum
    if (!mac.isEmpty()) {
        const QByteArray bytes = QByteArray::fromHex(mac.toLatin1().replace(':', ""));
        packet += char(ND_OPT_SOURCE_LINKADDR);
        packet += char(1); // 8 bytes
        packet += bytes;
    }
    sockaddr_in6 to{};
    to.sin6_family = AF_INET6;
    ::inet_pton(AF_INET6, "ff02::2", &to.sin6_addr);
    to.sin6_scope_id = m_ifindex;
    if (::sendto(m_fd, packet.constData(), size_t(packet.size()), 0, reinterpret_cast<const sockaddr *>(&to),
                 sizeof to) != packet.size()) {
        *error = QStringLiteral("sending the router solicitation: %1").arg(errnoText());
        return false;
    }
    return true;
}

bool Icmpv6TestClient::waitForAdvert(int timeoutMs)
{
    return QTest::qWaitFor([this] { return !m_adverts.isEmpty(); }, timeoutMs);
}

void Icmpv6TestClient::onReadable()
{
    for (;;) {
        quint8 buffer[1500];
        sockaddr_in6 from{};
        iovec iov{buffer, sizeof buffer};
        alignas(cmsghdr) char control[256];
        msghdr msg{};
        msg.msg_name = &from;
        msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t n = ::recvmsg(m_fd, &msg, 0);
        if (n < 0)
            return;
        Advert a;
        for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)
                std::memcpy(&a.hopLimit, CMSG_DATA(c), sizeof a.hopLimit);
            if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
                in6_pktinfo info;
                std::memcpy(&info, CMSG_DATA(c), sizeof info);
                a.ifindex = info.ipi6_ifindex;
            }
        }
        if (n < qsizetype(sizeof(nd_router_advert)))
            continue;
        nd_router_advert ra;
        std::memcpy(&ra, buffer, sizeof ra);
        a.type = ra.nd_ra_type;
        a.code = ra.nd_ra_code;
        a.curHopLimit = ra.nd_ra_curhoplimit;
        a.flags = ra.nd_ra_flags_reserved;
        a.routerLifetime = ntohs(ra.nd_ra_router_lifetime);
        a.optionBytes = int(n - qsizetype(sizeof ra));
        char text[INET6_ADDRSTRLEN] = {};
        a.from = QString::fromLatin1(::inet_ntop(AF_INET6, &from.sin6_addr, text, sizeof text));
        a.fromLinkLocal = IN6_IS_ADDR_LINKLOCAL(&from.sin6_addr);
        m_adverts << a;
    }
}
