// "No IPv6 router here" for real: RouterAdvertiser in namespace "bb" answers a router
// solicitation that "cli" sends over a veth cable on the chosen interface (bench0), and stays
// silent towards "cli2" on another cable (other0) that was not chosen. Then the bench DHCP
// server in "srv" with it (the default) and without it (ServiceConfig::routerAdvertisements off:
// no ICMPv6 socket, no answer, leases as before).
#include "dhcp/dhcpserverservice.h"
#include "dhcp/routeradvertiser.h"
#include "dhcpnetnsfixture.h"
#include "dhcptestclient.h"
#include "icmpv6testclient.h"
#include "netnslab.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/icmp6.h>

using namespace dhcptest;

namespace {
const QString kBench = QStringLiteral("bench0"); // the chosen interface in "bb"
const QString kOther = QStringLiteral("other0"); // another interface in "bb", not chosen
const QString kClientMac = QStringLiteral("02:cc:00:00:00:01");
const QString kOtherMac = QStringLiteral("02:cc:00:00:00:02");

// IPv6 multicast can leave `ifname` once the kernel has set the interface up for IPv6 (its
// ff00::/8 route): that waits for the carrier, which the kernel reports up to ~1 s after `up`.
bool ipv6Ready(const NetnsLab &lab, const QString &role, const QString &ifname, QString *error)
{
    *error = QStringLiteral("%1 in %2 is not ready for IPv6 multicast after 5 s (no ff00::/8 route)")
                 .arg(ifname, lab.name(role));
    return QTest::qWaitFor(
        [&] {
            QProcess p;
            p.start(QStringLiteral("ip"), {QStringLiteral("-n"), lab.name(role), QStringLiteral("-6"),
                                           QStringLiteral("route"), QStringLiteral("show"), QStringLiteral("table"),
                                           QStringLiteral("local"), QStringLiteral("dev"), ifname});
            return p.waitForFinished(5000) && p.readAllStandardOutput().contains("ff00::/8");
        },
        5000);
}

// A veth cable from `ifA` in namespace `a` to `ifB` in `b`, each end with a fixed link-local
// address given without duplicate address detection (no kernel-made one); false with the reason
// when an `ip` command fails or either end is not ready for IPv6 within 5 s.
bool cable(NetnsLab &lab, const QString &a, const QString &ifA, const QString &linkLocalA, const QString &b,
           const QString &ifB, const QString &linkLocalB, QString *error)
{
    const auto end = [&lab](const QString &role, const QString &ifname, const QString &linkLocal) {
        return lab.ip(role, {QStringLiteral("link"), QStringLiteral("set"), ifname, QStringLiteral("addrgenmode"),
                             QStringLiteral("none")}) &&
               lab.ip(role, {QStringLiteral("addr"), QStringLiteral("add"), linkLocal + QStringLiteral("/64"),
                             QStringLiteral("dev"), ifname, QStringLiteral("nodad")}) &&
               lab.ip(role, {QStringLiteral("link"), QStringLiteral("set"), ifname, QStringLiteral("up")});
    };
    if (!lab.ip(a, {QStringLiteral("link"), QStringLiteral("add"), ifA, QStringLiteral("type"), QStringLiteral("veth"),
                    QStringLiteral("peer"), QStringLiteral("name"), ifB, QStringLiteral("netns"), lab.name(b)}) ||
        !end(a, ifA, linkLocalA) || !end(b, ifB, linkLocalB)) {
        *error = lab.lastError();
        return false;
    }
    return ipv6Ready(lab, a, ifA, error) && ipv6Ready(lab, b, ifB, error);
}

// Raw ICMPv6 sockets open in the namespace (/proc/net/raw6 lists protocol 58 as local port 003A).
int icmpv6Sockets(const NetnsLab &lab, const QString &role)
{
    NetnsLab::Scope scope(lab, role);
    QFile f(QStringLiteral("/proc/thread-self/net/raw6"));
    if (!scope.ok() || !f.open(QIODevice::ReadOnly))
        return -1;
    int n = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 1 && fields.at(1).endsWith(":003A"))
            ++n;
    }
    return n;
}
} // namespace

class TestRouterAdvertiserNetns : public QObject
{
    Q_OBJECT

    std::unique_ptr<NetnsLab> m_lab;
    std::unique_ptr<Icmpv6TestClient> m_client; // cli, on the chosen interface's cable
    std::unique_ptr<Icmpv6TestClient> m_other;  // cli2, on the other cable
    std::unique_ptr<RouterAdvertiser> m_advertiser;
    QList<BootEvent> m_events;

    QTemporaryDir m_dataDir;
    bool m_serverLabReady = false;

    ServiceConfig serverConfig(bool routerAdvertisements) const
    {
        ServiceConfig c;
        c.interfaceName = QStringLiteral("srv0");
        c.dataDir = m_dataDir.path();
        c.services = {QStringLiteral("dhcp")};
        c.dhcpMode = DhcpMode::Server;
        c.rangeFirst = QHostAddress(QStringLiteral("10.78.0.100"));
        c.rangeLast = QHostAddress(QStringLiteral("10.78.0.119"));
        c.dhcp.probeMs = 0; // nobody else here
        c.routerAdvertisements = routerAdvertisements;
        return c;
    }

    // The bench DHCP server in "srv" on srv0, cabled to "host" (eth0).
    bool prepareServerLab(QString *error)
    {
        NetnsLab &lab = *m_lab;
        if (m_serverLabReady)
            return true;
        if (!lab.addNamespace(QStringLiteral("srv")) || !lab.addNamespace(QStringLiteral("host"))) {
            *error = lab.lastError();
            return false;
        }
        m_serverLabReady = cable(lab, QStringLiteral("srv"), QStringLiteral("srv0"), QStringLiteral("fe80::21"),
                                 QStringLiteral("host"), QStringLiteral("eth0"), QStringLiteral("fe80::22"), error) &&
                           lab.ip(QStringLiteral("srv"),
                                  {QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("10.78.0.1/24"),
                                   QStringLiteral("dev"), QStringLiteral("srv0")});
        if (!m_serverLabReady && error->isEmpty())
            *error = lab.lastError();
        return m_serverLabReady;
    }

    QList<BootEvent> events(const QString &kind) const
    {
        QList<BootEvent> out;
        for (const BootEvent &e : m_events) {
            if (e.kind == kind)
                out << e;
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        if (const QString why = NetnsLab::unavailableReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (const QString missing = NetnsLab::missingPackage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
        m_lab = std::make_unique<NetnsLab>();
        NetnsLab &lab = *m_lab;
        QVERIFY2(lab.addNamespace(QStringLiteral("bb")), qPrintable(lab.lastError()));
        if (const QString why = Icmpv6TestClient::ipv6UnavailableReason(lab, QStringLiteral("bb")); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY2(lab.addNamespace(QStringLiteral("cli")) && lab.addNamespace(QStringLiteral("cli2")),
                 qPrintable(lab.lastError()));
        QString error;
        QVERIFY2(cable(lab, QStringLiteral("bb"), kBench, QStringLiteral("fe80::1"), QStringLiteral("cli"),
                       QStringLiteral("eth0"), QStringLiteral("fe80::2"), &error) &&
                     cable(lab, QStringLiteral("bb"), kOther, QStringLiteral("fe80::11"), QStringLiteral("cli2"),
                           QStringLiteral("eth0"), QStringLiteral("fe80::12"), &error),
                 qPrintable(error));
        m_client = std::make_unique<Icmpv6TestClient>();
        m_other = std::make_unique<Icmpv6TestClient>();
        QVERIFY2(m_client->open(lab, QStringLiteral("cli"), QStringLiteral("eth0"), &error), qPrintable(error));
        QVERIFY2(m_other->open(lab, QStringLiteral("cli2"), QStringLiteral("eth0"), &error), qPrintable(error));

        m_advertiser =
            std::make_unique<RouterAdvertiser>(QStringLiteral("dhcp"), [this](const BootEvent &e) { m_events << e; });
        NetnsLab::Scope scope(lab, QStringLiteral("bb")); // the socket is made in bb, used from here
        QVERIFY(scope.ok());
        QVERIFY2(m_advertiser->start(kBench, &error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        m_advertiser.reset();
        m_client.reset();
        m_other.reset();
        m_lab.reset(); // deletes the namespaces, and so the veths
    }

    void startOnAMissingInterfaceNamesIt()
    {
        RouterAdvertiser advertiser(QStringLiteral("dhcp"), [](const BootEvent &) {});
        NetnsLab::Scope scope(*m_lab, QStringLiteral("bb"));
        QVERIFY(scope.ok());
        QString error;
        QVERIFY(!advertiser.start(QStringLiteral("nosuch0"), &error));
        QVERIFY2(error.contains(QStringLiteral("nosuch0")) && error.contains(QStringLiteral("no network interface")),
                 qPrintable(error));
    }

    // First, so that the one-answer-a-second limit cannot be why it stays silent.
    void silentOnAnInterfaceNotChosen()
    {
        QString error;
        QVERIFY2(m_other->sendRouterSolicitation(kOtherMac, &error), qPrintable(error));
        QVERIFY2(!m_other->waitForAdvert(1500), "a router advertisement came on the interface not chosen");
        QCOMPARE(m_advertiser->answered(), 0);
        QVERIFY2(m_client->adverts().isEmpty(), "the solicitation on the other interface was answered on bench0");
        QVERIFY(events(QStringLiteral("ipv6-ra-sent")).isEmpty());
    }

    void answersASolicitationOnTheChosenInterface()
    {
        QString error;
        QVERIFY2(m_client->sendRouterSolicitation(kClientMac, &error), qPrintable(error));
        QVERIFY2(m_client->waitForAdvert(3000), "no router advertisement within 3 s");
        const Icmpv6TestClient::Advert a = m_client->adverts().constFirst();
        QCOMPARE(a.type, int(ND_ROUTER_ADVERT)); // 134
        QCOMPARE(a.code, 0);
        QCOMPARE(a.hopLimit, 255); // RFC 4861 6.1.2: else hosts drop it
        QCOMPARE(a.routerLifetime, 0);
        QCOMPARE(a.flags, 0);       // neither managed nor other configuration: no DHCPv6
        QCOMPARE(a.optionBytes, 0); // no prefix
        QVERIFY2(a.fromLinkLocal, qPrintable(a.from));
        QCOMPARE(a.from, QStringLiteral("fe80::1")); // bench0's own address
        QCOMPARE(a.ifindex, m_client->ifindex());
        QCOMPARE(m_advertiser->answered(), 1);
        QTRY_COMPARE(events(QStringLiteral("ipv6-ra-sent")).size(), 1);
        const BootEvent e = events(QStringLiteral("ipv6-ra-sent")).constFirst();
        QCOMPARE(e.mac, kClientMac);
        QCOMPARE(e.peer, QStringLiteral("fe80::2"));
        // Sent on bench0 only: the other cable hears nothing of it.
        QVERIFY2(!m_other->waitForAdvert(500), "the answer went out on the interface not chosen too");
        QCOMPARE(m_client->adverts().size(), 1);
    }

    void dhcpServerAnswersSolicitationsByDefault()
    {
        QString error;
        QVERIFY2(prepareServerLab(&error), qPrintable(error));
        Icmpv6TestClient host;
        QVERIFY2(host.open(*m_lab, QStringLiteral("host"), QStringLiteral("eth0"), &error), qPrintable(error));
        EventLog log;
        ServiceHost services;
        const ServiceStatus status =
            startInNamespace(services, std::make_unique<DhcpServerService>(serverConfig(true), &log.stream), *m_lab,
                             QStringLiteral("srv"));
        QVERIFY2(status.state == ServiceState::Running, qPrintable(status.reason));
        QCOMPARE(icmpv6Sockets(*m_lab, QStringLiteral("srv")), 1);
        QVERIFY2(host.sendRouterSolicitation(kClientMac, &error), qPrintable(error));
        QVERIFY2(host.waitForAdvert(3000), "the DHCP server did not answer the router solicitation");
        QCOMPARE(host.adverts().constFirst().routerLifetime, 0);
        QCOMPARE(host.adverts().constFirst().hopLimit, 255);
        QCOMPARE(host.adverts().constFirst().from, QStringLiteral("fe80::21"));
        QVERIFY(log.waitFor(QStringLiteral("ipv6-ra-sent"), kClientMac));
        QVERIFY(log.find(QStringLiteral("ipv6-ra-off")).isEmpty());
    }

    void dhcpServerWithTheSwitchOffOpensNoIcmpv6SocketAndStillLeases()
    {
        QString error;
        QVERIFY2(prepareServerLab(&error), qPrintable(error));
        Icmpv6TestClient host;
        DhcpTestClient dhcpClient;
        QVERIFY2(host.open(*m_lab, QStringLiteral("host"), QStringLiteral("eth0"), &error), qPrintable(error));
        QVERIFY2(dhcpClient.open(*m_lab, QStringLiteral("host"), QStringLiteral("eth0"), 68, &error),
                 qPrintable(error));
        EventLog log;
        ServiceHost services;
        const ServiceStatus status =
            startInNamespace(services, std::make_unique<DhcpServerService>(serverConfig(false), &log.stream), *m_lab,
                             QStringLiteral("srv"));
        QVERIFY2(status.state == ServiceState::Running, qPrintable(status.reason));
        QCOMPARE(icmpv6Sockets(*m_lab, QStringLiteral("srv")), 0);
        QVERIFY(log.waitFor(QStringLiteral("ipv6-ra-off")));
        QVERIFY(log.find(QStringLiteral("ipv6-ra-off")).constFirst().detail.contains(QStringLiteral("srv0")));

        QVERIFY2(host.sendRouterSolicitation(kClientMac, &error), qPrintable(error));
        QVERIFY2(!host.waitForAdvert(2000), "a router advertisement came although they are switched off");
        QVERIFY(log.find(QStringLiteral("ipv6-ra-sent")).isEmpty());

        // The DHCP server itself works as before.
        const DhcpPacket discover = plainBiosDiscover(1);
        QVERIFY(dhcpClient.send(discover, QStringLiteral("255.255.255.255"), 67));
        const auto offer = dhcpClient.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer), 5000);
        QVERIFY2(offer, "no OFFER from the DHCP server with router advertisements off");
        DhcpPacket request = discover;
        request.setMessageType(MessageType::Request);
        request.xid = discover.xid + 1;
        request.setIpv4Option(opt::RequestedAddress, offer->packet.yiaddr);
        request.setIpv4Option(opt::ServerId, *offer->packet.ipv4Option(opt::ServerId));
        QVERIFY(dhcpClient.send(request, QStringLiteral("255.255.255.255"), 67));
        const auto ack = dhcpClient.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack), 5000);
        QVERIFY2(ack, "no ACK from the DHCP server with router advertisements off");
        QVERIFY(ack->packet.yiaddr >= 0x0a4e0064 && ack->packet.yiaddr <= 0x0a4e0077);
    }
};

QTEST_GUILESS_MAIN(TestRouterAdvertiserNetns)
#include "tst_dhcp_routeradvertiser_netns.moc"
