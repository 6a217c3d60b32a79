// Variant A for real: Debian's dnsmasq is the bench's plain DHCP server in namespace "srv", the
// Bootbench proxyDHCP runs in namespace "bb", PXE clients in "cli"; one switch between them.
#include "dhcp/addressbook.h"
#include "dhcp/proxydhcpservice.h"
#include "dhcpnetnsfixture.h"
#include "dhcptestclient.h"

#include <QTemporaryDir>

using namespace dhcptest;

namespace {
constexpr quint32 kProxy = 0x0a4d0001;   // 10.77.0.1
constexpr quint32 kDnsmasq = 0x0a4d0002; // 10.77.0.2
} // namespace

class TestDnsmasqNetns : public QObject
{
    Q_OBJECT

    std::unique_ptr<NetnsLab> m_lab;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<ServiceHost> m_host;
    std::shared_ptr<AddressBook> m_book;
    QTemporaryDir m_dir;
    DhcpTestClient m_client;
    QProcess *m_dnsmasq = nullptr;

    // DISCOVER → both offers; REQUEST to dnsmasq → its ACK. Returns the proxy's offer and the
    // leased address.
    bool boot(const DhcpPacket &discover, DhcpPacket *proxyOffer, quint32 *leased)
    {
        if (!m_client.send(discover, QStringLiteral("255.255.255.255"), 67))
            return false;
        const auto fromProxy = m_client.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer, kProxy), 5000);
        if (fromProxy)
            *proxyOffer = fromProxy->packet;
        const auto fromDnsmasq =
            m_client.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer, kDnsmasq), 5000);
        if (!fromProxy || !fromDnsmasq) {
            qWarning("offers: proxy %s, dnsmasq %s; dnsmasq said:\n%s", fromProxy ? "yes" : "no",
                     fromDnsmasq ? "yes" : "no", m_dnsmasq->readAll().constData());
            return false;
        }
        const quint32 offered = fromDnsmasq->packet.yiaddr;
        DhcpPacket request = discover;
        request.setMessageType(MessageType::Request);
        request.xid = discover.xid + 1;
        request.setIpv4Option(opt::RequestedAddress, offered);
        request.setIpv4Option(opt::ServerId, kDnsmasq);
        if (!m_client.send(request, QStringLiteral("255.255.255.255"), 67))
            return false;
        const auto ack = m_client.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack, kDnsmasq), 5000);
        if (!ack)
            return false;
        *leased = ack->packet.yiaddr;
        return true;
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
        QVERIFY2(lab.addSwitch(QStringLiteral("lan")) && lab.addNamespace(QStringLiteral("srv")) &&
                     lab.addNamespace(QStringLiteral("bb")) && lab.addNamespace(QStringLiteral("cli")) &&
                     lab.plug(QStringLiteral("srv"), QStringLiteral("eth0"), QStringLiteral("lan"),
                              QStringLiteral("10.77.0.2/24")) &&
                     lab.plug(QStringLiteral("bb"), QStringLiteral("eth0"), QStringLiteral("lan"),
                              QStringLiteral("10.77.0.1/24")) &&
                     lab.plug(QStringLiteral("cli"), QStringLiteral("eth0"), QStringLiteral("lan")),
                 qPrintable(lab.lastError()));
        QString error;
        QVERIFY2((m_dnsmasq =
                      startDnsmasq(lab, QStringLiteral("srv"), QStringLiteral("eth0"),
                                   QStringLiteral("10.77.0.100,10.77.0.150,255.255.255.0,1h"), m_dir.path(), &error)),
                 qPrintable(error));
        QVERIFY2(m_client.open(lab, QStringLiteral("cli"), QStringLiteral("eth0"), 68, &error), qPrintable(error));

        m_log = std::make_unique<EventLog>();
        m_host = std::make_unique<ServiceHost>();
        m_book = std::make_shared<AddressBook>();
        ServiceConfig config;
        config.interfaceName = QStringLiteral("eth0");
        const ServiceStatus st =
            startInNamespace(*m_host, std::make_unique<ProxyDhcpService>(config, &m_log->stream, nullptr, m_book), lab,
                             QStringLiteral("bb"));
        QVERIFY2(st.state == ServiceState::Running, qPrintable(st.reason));
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_lab.reset();
    }

    void biosClientGetsAddressFromDnsmasqAndBootstrapFromProxy()
    {
        DhcpPacket offer;
        quint32 leased = 0;
        QVERIFY(boot(plainBiosDiscover(1), &offer, &leased));
        QCOMPARE(offer.file, QByteArray("undionly.kpxe"));
        QCOMPARE(offer.yiaddr, 0u);
        QCOMPARE(offer.siaddr, kProxy);
        QCOMPARE(*offer.option(opt::VendorSpecific), QByteArray("\x06\x01\x08\xff", 4));
        QVERIFY(leased >= 0x0a4d0064 && leased <= 0x0a4d0096);
        // The proxy learned the address (dnsmasq's ACK, or the client's broadcast REQUEST).
        QTRY_COMPARE(m_book->macFor(QHostAddress(leased)), clientMac(1));
        QVERIFY(m_log->waitFor(kind::IpLearned, clientMac(1)));
        QVERIFY(m_log->waitFor(kind::OtherServer));
        QVERIFY(m_log->find(kind::OtherServer).first().detail.contains(QStringLiteral("10.77.0.2")));
    }

    void uefiClientGetsItsBootFileOn4011()
    {
        const DhcpPacket discover = asClient(fixturePacket(QStringLiteral("ovmf-native-uefi-discover.bin")), 2);
        DhcpPacket offer;
        quint32 leased = 0;
        QVERIFY(boot(discover, &offer, &leased));
        QVERIFY(!offer.hasOption(opt::VendorSpecific)); // steered to 4011
        const QString address = ipv4Text(leased);
        QVERIFY2(m_lab->ip(QStringLiteral("cli"),
                           {QStringLiteral("addr"), QStringLiteral("add"), address + QStringLiteral("/24"),
                            QStringLiteral("dev"), QStringLiteral("eth0")}),
                 qPrintable(m_lab->lastError()));
        DhcpTestClient ovmf;
        QString error;
        QVERIFY2(ovmf.open(*m_lab, QStringLiteral("cli"), QStringLiteral("eth0"), 4011, &error), qPrintable(error));
        DhcpPacket request = asClient(fixturePacket(QStringLiteral("ovmf-native-uefi-request-4011.bin")), 2);
        request.ciaddr = leased;
        QVERIFY(ovmf.send(request, ipv4Text(*offer.ipv4Option(opt::ServerId)), 4011));
        const auto ack = ovmf.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack, kProxy), 5000);
        QVERIFY2(ack, "no ACK from the proxy on port 4011");
        QCOMPARE(ack->packet.file, QByteArray("shimx64.efi"));
        QCOMPARE(ack->packet.siaddr, kProxy);
        QCOMPARE(ipv4Text(ack->from), QStringLiteral("10.77.0.1"));
    }

    void ipxeClientGetsTheScriptUrl()
    {
        DhcpPacket offer;
        quint32 leased = 0;
        QVERIFY(boot(asClient(fixturePacket(QStringLiteral("ipxe-rom-bios-discover.bin")), 3), &offer, &leased));
        QCOMPARE(offer.file, QByteArray("http://10.77.0.1:8080/boot.ipxe"));
    }

    void nonPxeClientIsLeftToDnsmasq()
    {
        const DhcpPacket udhcpc = asClient(fixturePacket(QStringLiteral("busybox-udhcpc-discover.bin")), 4);
        QVERIFY(m_client.send(udhcpc, QStringLiteral("255.255.255.255"), 67));
        QVERIFY(m_client.waitFor(DhcpTestClient::reply(udhcpc.xid, MessageType::Offer, kDnsmasq), 5000));
        const DhcpPacket barrier = plainBiosDiscover(5); // same path to the proxy, sent after
        QVERIFY(m_client.send(barrier, QStringLiteral("255.255.255.255"), 67));
        QVERIFY(m_client.waitFor(DhcpTestClient::reply(barrier.xid, MessageType::Offer, kProxy), 5000));
        QVERIFY(m_client
                    .matching([&](const auto &r) {
                        return r.packet.xid == udhcpc.xid && r.packet.ipv4Option(opt::ServerId) == kProxy;
                    })
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDnsmasqNetns)
#include "tst_dhcp_dnsmasq_netns.moc"
