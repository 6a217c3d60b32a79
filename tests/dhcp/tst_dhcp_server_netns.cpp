// Variant B for real: Bootbench is the bench's DHCP server and proxyDHCP in namespace "bb" (one
// process, port 67 handed to the server); PXE clients in "cli" get an address with option 60
// "PXEClient", then their boot file on port 4011. Leases survive a restart. A second lab has
// dnsmasq answering: the server refuses to start and names it, the proxy serves on 67.
#include "dhcp/addressbook.h"
#include "dhcp/dhcpportarbiter.h"
#include "dhcp/dhcpserverservice.h"
#include "dhcp/fileleasestore.h"
#include "dhcp/proxydhcpservice.h"
#include "dhcpnetnsfixture.h"
#include "dhcptestclient.h"

#include <QTemporaryDir>

using namespace dhcptest;

namespace {
constexpr quint32 kServer = 0x0a4d0001; // 10.77.0.1
const QString kServerText = QStringLiteral("10.77.0.1");
} // namespace

class TestServerNetns : public QObject
{
    Q_OBJECT

    std::unique_ptr<NetnsLab> m_lab;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<ServiceHost> m_host;
    QTemporaryDir m_dataDir;
    DhcpTestClient m_client;
    ProxyDhcpService *m_proxy = nullptr;

    ServiceConfig config() const
    {
        ServiceConfig c;
        c.interfaceName = QStringLiteral("eth0");
        c.dataDir = m_dataDir.path();
        c.services = {QStringLiteral("dhcp"), QStringLiteral("proxydhcp")};
        c.dhcpMode = DhcpMode::Server;
        c.rangeFirst = QHostAddress(QStringLiteral("10.77.0.100"));
        c.rangeLast = QHostAddress(QStringLiteral("10.77.0.119"));
        c.dhcp.router = QHostAddress(QStringLiteral("10.77.0.254"));
        c.dhcp.dnsServers = {QHostAddress(QStringLiteral("10.77.0.1"))};
        c.dhcp.leaseSeconds = 1800;
        c.dhcp.probeMs = 600; // a real probe (nobody answers here), kept short
        return c;
    }

    // Both services in `role`, sharing port 67 and the address book as composeServices does.
    bool startBoth(ServiceHost &host, EventLog &log, const QString &role, ServiceStatus *server, ServiceStatus *proxy,
                   ProxyDhcpService **proxyOut, const ServiceConfig &c)
    {
        auto arbiter = std::make_shared<DhcpPortArbiter>();
        auto book = std::make_shared<AddressBook>();
        auto p = std::make_unique<ProxyDhcpService>(c, &log.stream, arbiter, book);
        *proxyOut = p.get();
        *proxy = startInNamespace(host, std::move(p), *m_lab, role);
        *server = startInNamespace(host, std::make_unique<DhcpServerService>(c, &log.stream, nullptr, arbiter, book),
                                   *m_lab, role);
        return proxy->state == ServiceState::Running;
    }

    // DISCOVER → OFFER → REQUEST → ACK with Bootbench's server. Returns the ACK.
    std::optional<DhcpTestClient::Received> lease(const DhcpPacket &discover)
    {
        if (!m_client.send(discover, QStringLiteral("255.255.255.255"), 67))
            return std::nullopt;
        const auto offer = m_client.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer), 5000);
        if (!offer)
            return std::nullopt;
        DhcpPacket request = discover;
        request.setMessageType(MessageType::Request);
        request.xid = discover.xid + 1;
        request.setIpv4Option(opt::RequestedAddress, offer->packet.yiaddr);
        request.setIpv4Option(opt::ServerId, *offer->packet.ipv4Option(opt::ServerId));
        if (!m_client.send(request, QStringLiteral("255.255.255.255"), 67))
            return std::nullopt;
        return m_client.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack), 5000);
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
        QVERIFY2(lab.addSwitch(QStringLiteral("lan")) && lab.addNamespace(QStringLiteral("bb")) &&
                     lab.addNamespace(QStringLiteral("cli")) &&
                     lab.plug(QStringLiteral("bb"), QStringLiteral("eth0"), QStringLiteral("lan"),
                              QStringLiteral("10.77.0.1/24")) &&
                     lab.plug(QStringLiteral("cli"), QStringLiteral("eth0"), QStringLiteral("lan")),
                 qPrintable(lab.lastError()));
        QString error;
        QVERIFY2(m_client.open(lab, QStringLiteral("cli"), QStringLiteral("eth0"), 68, &error), qPrintable(error));
        m_log = std::make_unique<EventLog>();
        m_host = std::make_unique<ServiceHost>();
        ServiceStatus server, proxy;
        QVERIFY(startBoth(*m_host, *m_log, QStringLiteral("bb"), &server, &proxy, &m_proxy, config()));
        QVERIFY2(server.state == ServiceState::Running, qPrintable(server.reason));
        // The server holds 67; the proxy answers on 4011 only.
        QTRY_VERIFY(!m_proxy->listensOnDhcpPort());
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_lab.reset();
    }

    void uefiClientGetsAnAddressThenItsBootFileOn4011()
    {
        const DhcpPacket discover = asClient(fixturePacket(QStringLiteral("ovmf-native-uefi-discover.bin")), 1);
        const auto ack = lease(discover);
        QVERIFY2(ack, "no lease from the bench DHCP server");
        const DhcpPacket &p = ack->packet;
        QVERIFY(p.yiaddr >= 0x0a4d0064 && p.yiaddr <= 0x0a4d0077);
        QCOMPARE(*p.option(opt::VendorClass), QByteArray("PXEClient"));
        QVERIFY2(p.file.isEmpty() && !p.hasOption(opt::BootFileName), "variant B: no boot file from the server");
        QCOMPARE(*p.uint32Option(opt::LeaseTime), 1800u);
        QCOMPARE(ipv4Text(*p.ipv4Option(opt::SubnetMask)), QStringLiteral("255.255.255.0"));
        QCOMPARE(ipv4Text(*p.ipv4Option(opt::Router)), QStringLiteral("10.77.0.254"));
        QCOMPARE(*p.ipv4Option(opt::ServerId), kServer);
        // Only the server answered on 67: one OFFER, one ACK.
        QCOMPARE(m_client.matching([&](const auto &r) { return r.packet.xid == discover.xid; }).size(), 1);

        const QString address = ipv4Text(p.yiaddr);
        QVERIFY2(m_lab->ip(QStringLiteral("cli"),
                           {QStringLiteral("addr"), QStringLiteral("add"), address + QStringLiteral("/24"),
                            QStringLiteral("dev"), QStringLiteral("eth0")}),
                 qPrintable(m_lab->lastError()));
        DhcpTestClient ovmf;
        QString error;
        QVERIFY2(ovmf.open(*m_lab, QStringLiteral("cli"), QStringLiteral("eth0"), 4011, &error), qPrintable(error));
        DhcpPacket request = asClient(fixturePacket(QStringLiteral("ovmf-native-uefi-request-4011.bin")), 1);
        request.ciaddr = p.yiaddr;
        QVERIFY(ovmf.send(request, kServerText, 4011));
        const auto bootAck = ovmf.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack), 5000);
        QVERIFY2(bootAck, "no ACK on port 4011");
        QCOMPARE(bootAck->packet.file, QByteArray("shimx64.efi"));
        QCOMPARE(bootAck->packet.siaddr, kServer);
        QVERIFY(m_log->waitFor(kind::Lease, clientMac(1)));
        QVERIFY(m_log->waitFor(kind::Ack4011, clientMac(1)));
    }

    void ipxeClientGetsTheScriptUrlOn4011()
    {
        const auto ack = lease(asClient(fixturePacket(QStringLiteral("ipxe-rom-bios-discover.bin")), 2));
        QVERIFY(ack);
        QCOMPARE(*ack->packet.option(opt::VendorClass), QByteArray("PXEClient"));
        // As the captured iPXE did: it asks port 4011 (here by broadcast, it has no address yet).
        DhcpPacket request = asClient(fixturePacket(QStringLiteral("ipxe-rom-bios-request-4011.bin")), 2);
        request.ciaddr = 0;
        QVERIFY(m_client.send(request, QStringLiteral("255.255.255.255"), 4011));
        const auto bootAck = m_client.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack), 5000);
        QVERIFY(bootAck);
        QCOMPARE(bootAck->packet.file, QByteArray("http://10.77.0.1:8080/boot.ipxe"));
    }

    void nonPxeClientGetsAPlainLease()
    {
        const auto ack = lease(asClient(fixturePacket(QStringLiteral("busybox-udhcpc-discover.bin")), 3));
        QVERIFY(ack);
        QVERIFY(ack->packet.yiaddr != 0);
        QVERIFY(!ack->packet.hasOption(opt::VendorClass));
    }

    void leasesAreHonouredAfterARestart()
    {
        const auto before = lease(plainBiosDiscover(4));
        QVERIFY(before);
        const quint32 address = before->packet.yiaddr;
        QVERIFY(QFile::exists(FileLeaseStore::defaultPath(m_dataDir.path())));

        m_host.reset(); // both services stop, sockets close
        m_log = std::make_unique<EventLog>();
        m_host = std::make_unique<ServiceHost>();
        ServiceStatus server, proxy;
        QVERIFY(startBoth(*m_host, *m_log, QStringLiteral("bb"), &server, &proxy, &m_proxy, config()));
        QVERIFY2(server.state == ServiceState::Running, qPrintable(server.reason));

        // The same machine gets the same address; a new one does not get it.
        m_client.clear(); // the same client number: the same transaction ids as before
        const DhcpPacket again = plainBiosDiscover(4);
        QVERIFY(m_client.send(again, QStringLiteral("255.255.255.255"), 67));
        const auto offer = m_client.waitFor(DhcpTestClient::reply(again.xid, MessageType::Offer), 5000);
        QVERIFY(offer);
        QCOMPARE(ipv4Text(offer->packet.yiaddr), ipv4Text(address));
        const auto newcomer = lease(plainBiosDiscover(5));
        QVERIFY(newcomer);
        QVERIFY(newcomer->packet.yiaddr != address);
        // INIT-REBOOT after the restart: its address is confirmed.
        DhcpPacket reboot = plainBiosDiscover(4);
        reboot.setMessageType(MessageType::Request);
        reboot.xid += 7;
        reboot.setIpv4Option(opt::RequestedAddress, address);
        QVERIFY(m_client.send(reboot, QStringLiteral("255.255.255.255"), 67));
        QVERIFY(m_client.waitFor(DhcpTestClient::reply(reboot.xid, MessageType::Ack), 5000));
    }

    void refusesToStartWhenAnotherDhcpServerAnswers()
    {
        NetnsLab &lab = *m_lab;
        QVERIFY2(lab.addSwitch(QStringLiteral("lan2")) && lab.addNamespace(QStringLiteral("srv2")) &&
                     lab.addNamespace(QStringLiteral("bb2")) && lab.addNamespace(QStringLiteral("cli2")) &&
                     lab.plug(QStringLiteral("srv2"), QStringLiteral("eth0"), QStringLiteral("lan2"),
                              QStringLiteral("10.77.0.2/24")) &&
                     lab.plug(QStringLiteral("bb2"), QStringLiteral("eth0"), QStringLiteral("lan2"),
                              QStringLiteral("10.77.0.1/24")) &&
                     lab.plug(QStringLiteral("cli2"), QStringLiteral("eth0"), QStringLiteral("lan2")),
                 qPrintable(lab.lastError()));
        QTemporaryDir work;
        QString error;
        QVERIFY2(startDnsmasq(lab, QStringLiteral("srv2"), QStringLiteral("eth0"),
                              QStringLiteral("10.77.0.150,10.77.0.160,255.255.255.0,1h"), work.path(), &error),
                 qPrintable(error));
        const QString rogueMac = lab.macOf(QStringLiteral("srv2"), QStringLiteral("eth0"));
        QVERIFY(!rogueMac.isEmpty());

        EventLog log;
        ServiceHost host;
        ServiceConfig c = config();
        c.dhcp.probeMs = 3000; // stops early once a server answered
        QTemporaryDir data;
        c.dataDir = data.path();
        ServiceStatus server, proxy;
        ProxyDhcpService *proxyService = nullptr;
        QVERIFY(startBoth(host, log, QStringLiteral("bb2"), &server, &proxy, &proxyService, c));
        QCOMPARE(server.state, ServiceState::Failed);
        QVERIFY2(server.reason.contains(QStringLiteral("another DHCP server")) &&
                     server.reason.contains(QStringLiteral("10.77.0.2")) && server.reason.contains(rogueMac),
                 qPrintable(server.reason));
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const BootEvent &e : log.find(kind::OtherServer)) {
                    if (e.service == QLatin1String("dhcp") && e.severity == BootEvent::Severity::Warning &&
                        e.detail.contains(rogueMac) && e.peer == QLatin1String("10.77.0.2"))
                        return true;
                }
                return false;
            },
            5000));

        // The proxy still serves, on 67 too (variant A next to the other server).
        QCOMPARE(proxy.state, ServiceState::Running);
        QTRY_VERIFY(proxyService->listensOnDhcpPort());
        DhcpTestClient client;
        QVERIFY2(client.open(lab, QStringLiteral("cli2"), QStringLiteral("eth0"), 68, &error), qPrintable(error));
        const DhcpPacket discover = plainBiosDiscover(9);
        QVERIFY(client.send(discover, QStringLiteral("255.255.255.255"), 67));
        const auto offer = client.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer, kServer), 5000);
        QVERIFY2(offer, "the proxy did not answer on 67 after the DHCP server refused");
        QCOMPARE(offer->packet.file, QByteArray("undionly.kpxe"));
        QCOMPARE(offer->packet.yiaddr, 0u);
    }
};

QTEST_GUILESS_MAIN(TestServerNetns)
#include "tst_dhcp_server_netns.moc"
