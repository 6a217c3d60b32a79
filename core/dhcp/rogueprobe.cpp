#include "dhcp/rogueprobe.h"

#include "dhcp/dhcppacket.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bootbench {

namespace {

struct Fd
{
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

QString sysError(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QString capHint()
{
    return QStringLiteral("run as root, or grant it once with \"sudo setcap cap_net_bind_service,cap_net_raw+ep %1\"")
        .arg(QCoreApplication::applicationFilePath());
}

QByteArray interfaceMac(int fd, const QString &name)
{
    ifreq ifr{};
    const QByteArray n = name.toLocal8Bit();
    std::strncpy(ifr.ifr_name, n.constData(), IFNAMSIZ - 1);
    if (::ioctl(fd, SIOCGIFHWADDR, &ifr) != 0)
        return QByteArray(6, '\0');
    return QByteArray(ifr.ifr_hwaddr.sa_data, 6);
}

constexpr quint32 kProbeXidMark = 0xb0070000u;
const QByteArray kProbeVendorClass("bootbench-probe");

QByteArray probeDiscover(quint32 xid, const QByteArray &mac)
{
    dhcp::DhcpPacket p;
    p.xid = xid;
    p.flags = dhcp::kBroadcastFlag; // answers are broadcast: they reach us without an address
    p.setMac(mac);
    p.setMessageType(dhcp::MessageType::Discover);
    p.setOption(dhcp::opt::ClientId, QByteArray(1, '\1') + mac);
    p.setOption(dhcp::opt::ParameterList, QByteArray("\x01\x03\x06\x36", 4));
    p.setOption(dhcp::opt::VendorClass, kProbeVendorClass);
    return dhcp::encodeDhcpPacket(p);
}

} // namespace

bool isOwnProbe(const dhcp::DhcpPacket &packet)
{
    if (packet.op == dhcp::kBootRequest) {
        const QByteArray *vendor = packet.option(dhcp::opt::VendorClass);
        return vendor && *vendor == kProbeVendorClass;
    }
    return (packet.xid & 0xffff0000u) == kProbeXidMark;
}

QString describeSighting(const DhcpServerSighting &s)
{
    QString text = dhcp::ipv4Text(s.address);
    if (s.serverId && s.serverId != s.address)
        text += QStringLiteral(" (server identifier %1)").arg(dhcp::ipv4Text(s.serverId));
    if (!s.mac.isEmpty())
        text += QStringLiteral(" with MAC ") + s.mac;
    return text;
}

DhcpProbeResult probeForDhcpServers(const QString &interfaceName, quint32 ownAddress, int listenMs, quint16 serverPort,
                                    quint16 clientPort)
{
    DhcpProbeResult result;
    const QByteArray dev = interfaceName.toLocal8Bit();
    const unsigned ifindex = ::if_nametoindex(dev.constData());
    if (ifindex == 0) {
        result.error =
            QStringLiteral("cannot probe for other DHCP servers: there is no interface %1").arg(interfaceName);
        return result;
    }
    Fd raw;
    raw.fd = ::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_IP));
    if (raw.fd < 0) {
        const int err = errno;
        result.error =
            err == EPERM
                ? QStringLiteral("cannot probe %1 for other DHCP servers: listening needs "
                                 "CAP_NET_RAW; %2")
                      .arg(interfaceName, capHint())
                : QStringLiteral("cannot probe %1 for other DHCP servers: %2").arg(interfaceName, sysError(err));
        return result;
    }
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_IP);
    sll.sll_ifindex = int(ifindex);
    if (::bind(raw.fd, reinterpret_cast<sockaddr *>(&sll), sizeof sll) != 0) {
        result.error = QStringLiteral("cannot probe %1 for other DHCP servers: %2").arg(interfaceName, sysError(errno));
        return result;
    }

    Fd udp;
    udp.fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    if (udp.fd < 0 || ::setsockopt(udp.fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0 ||
        ::setsockopt(udp.fd, SOL_SOCKET, SO_BINDTODEVICE, dev.constData(), socklen_t(dev.size())) != 0) {
        const int err = errno;
        result.error =
            QStringLiteral("cannot send the DHCP probe on %1: %2%3")
                .arg(interfaceName, sysError(err), err == EPERM ? QStringLiteral("; ") + capHint() : QString());
        return result;
    }
    const QByteArray mac = interfaceMac(udp.fd, interfaceName);
    const quint32 xid = kProbeXidMark | (QRandomGenerator::global()->generate() & 0xffffu);
    const QByteArray discover = probeDiscover(xid, mac);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(serverPort);
    to.sin_addr.s_addr = htonl(INADDR_BROADCAST);
    auto send = [&] {
        return ::sendto(udp.fd, discover.constData(), size_t(discover.size()), 0, reinterpret_cast<sockaddr *>(&to),
                        sizeof to) == discover.size();
    };
    if (!send()) {
        result.error = QStringLiteral("cannot send the DHCP probe on %1: %2").arg(interfaceName, sysError(errno));
        return result;
    }

    QElapsedTimer clock;
    clock.start();
    bool resent = false;
    char buf[2048];
    qint64 firstSeenAt = -1;
    while (clock.elapsed() < listenMs) {
        if (firstSeenAt >= 0 && clock.elapsed() - firstSeenAt > 250)
            break; // one is enough to refuse; give others a moment to show up, then stop
        if (!resent && clock.elapsed() >= listenMs / 3) { // once more, in case the first was lost
            resent = true;
            send();
        }
        pollfd pfd{raw.fd, POLLIN, 0};
        const int wait = int(std::max<qint64>(1, std::min<qint64>(listenMs - clock.elapsed(), 50)));
        if (::poll(&pfd, 1, wait) <= 0)
            continue;
        for (;;) {
            sockaddr_ll from{};
            socklen_t fromLen = sizeof from;
            const ssize_t n = ::recvfrom(raw.fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &fromLen);
            if (n < 0)
                break;
            if (from.sll_pkttype == PACKET_OUTGOING || n < 28)
                continue;
            const auto *ip = reinterpret_cast<const uchar *>(buf);
            const int ihl = (ip[0] & 0x0f) * 4;
            if ((ip[0] >> 4) != 4 || ip[9] != IPPROTO_UDP || ihl < 20 || n < ihl + 8)
                continue;
            const uchar *udph = ip + ihl;
            if (((udph[2] << 8) | udph[3]) != clientPort)
                continue;
            const dhcp::DecodeResult r = dhcp::decodeDhcpPacket(buf + ihl + 8, n - ihl - 8);
            if (!r.ok() || r.packet.op != dhcp::kBootReply || r.packet.xid != xid)
                continue;
            DhcpServerSighting s;
            std::memcpy(&s.address, ip + 12, 4);
            s.address = ntohl(s.address);
            s.serverId = r.packet.ipv4Option(dhcp::opt::ServerId).value_or(0);
            if (s.address == ownAddress)
                continue;
            if (from.sll_halen == 6) {
                s.mac = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(from.sll_addr), 6).toHex(':'));
            }
            bool known = false;
            for (const DhcpServerSighting &k : result.servers)
                known = known || (k.address == s.address && k.mac == s.mac);
            if (!known)
                result.servers << s;
            if (firstSeenAt < 0)
                firstSeenAt = clock.elapsed();
        }
    }
    result.ok = true;
    return result;
}

} // namespace bootbench
