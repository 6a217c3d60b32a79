// The bench DHCP server without sockets (core/dhcp/dhcpserverresponder, leasepool,
// fileleasestore): RFC 2131 exchanges, PXE clients, pool limits, leases kept across a restart.
#include "dhcp/dhcpevents.h"
#include "dhcp/dhcpserverresponder.h"
#include "dhcp/fileleasestore.h"
#include "dhcp/leasepool.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;
using namespace bootbench::dhcp;

namespace {

constexpr quint32 kServer = 0x0a4d0001; // 10.77.0.1
constexpr quint32 kFirst = 0x0a4d0064;  // 10.77.0.100
constexpr quint32 kLast = 0x0a4d0066;   // 10.77.0.102

const QDateTime kNow = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

ServerNetwork network()
{
    ServerNetwork n;
    n.serverAddress = kServer;
    n.subnetMask = 0xffffff00;
    n.router = 0x0a4d00fe;
    n.dnsServers = {0x0a4d0001, 0x0a4d0002};
    n.leaseSeconds = 600;
    return n;
}

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/tests/data/dhcp/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

DhcpPacket client(MessageType type, int macLast, bool pxe = false)
{
    DhcpPacket p =
        decodeDhcpPacket(fixture(pxe ? "ovmf-native-uefi-discover.bin" : "busybox-udhcpc-discover.bin")).packet;
    p.setMessageType(type);
    p.xid = 0x1000u + quint32(macLast);
    p.setMac(QByteArray::fromHex("5254000000") + QByteArray(1, char(macLast)));
    p.removeOption(opt::ClientId);
    return p;
}

DhcpPacket request(int macLast, quint32 ip, quint32 serverId, bool pxe = false)
{
    DhcpPacket p = client(MessageType::Request, macLast, pxe);
    if (ip)
        p.setIpv4Option(opt::RequestedAddress, ip);
    if (serverId)
        p.setIpv4Option(opt::ServerId, serverId);
    return p;
}

QStringList kinds(const BootEventBatch &events)
{
    QStringList k;
    for (const BootEvent &e : events)
        k << e.kind;
    return k;
}

} // namespace

class TestDhcpServerResponder : public QObject
{
    Q_OBJECT
private slots:
    void discoverOfferRequestAck()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        ServerDecision d = server.handle(client(MessageType::Discover, 1), {}, kNow);
        QVERIFY(d.reply);
        QCOMPARE(d.reply->messageType(), MessageType::Offer);
        QCOMPARE(ipv4Text(d.reply->yiaddr), QStringLiteral("10.77.0.100"));
        QCOMPARE(*d.reply->uint32Option(opt::LeaseTime), 600u);
        QCOMPARE(*d.reply->uint32Option(opt::RenewalTime), 300u);
        QCOMPARE(*d.reply->uint32Option(opt::RebindingTime), 525u);
        QCOMPARE(ipv4Text(*d.reply->ipv4Option(opt::SubnetMask)), QStringLiteral("255.255.255.0"));
        QCOMPARE(ipv4Text(*d.reply->ipv4Option(opt::Router)), QStringLiteral("10.77.0.254"));
        QCOMPARE(d.reply->option(opt::DomainNameServer)->toHex(), QByteArray("0a4d00010a4d0002"));
        QCOMPARE(*d.reply->ipv4Option(opt::ServerId), kServer);
        QVERIFY(!d.reply->hasOption(opt::VendorClass)); // not a PXE client
        QVERIFY(!d.persist);                            // offers are not persisted
        QCOMPARE(kinds(d.events), (QStringList{kind::Discover, kind::Offer}));

        // A second client meanwhile gets another address.
        d = server.handle(client(MessageType::Discover, 2), {}, kNow);
        QCOMPARE(ipv4Text(d.reply->yiaddr), QStringLiteral("10.77.0.101"));

        d = server.handle(request(1, kFirst, kServer), {}, kNow);
        QVERIFY(d.reply);
        QCOMPARE(d.reply->messageType(), MessageType::Ack);
        QCOMPARE(d.reply->yiaddr, kFirst);
        QVERIFY(d.persist);
        QCOMPARE(d.persist->ip, kFirst);
        QCOMPARE(d.persist->expires, kNow.addSecs(600));
        QCOMPARE(d.persist->hostName, QStringLiteral("imaging-engine"));
        QCOMPARE(d.learnedIp, kFirst);
        QVERIFY(kinds(d.events).contains(kind::Lease));
    }

    void pxeClientGetsPxeClientAndNoBootFile()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        for (MessageType t : {MessageType::Discover, MessageType::Request}) {
            const ServerDecision d = server.handle(
                t == MessageType::Discover ? client(t, 1, true) : request(1, kFirst, kServer, true), {}, kNow);
            QVERIFY(d.reply);
            QCOMPARE(*d.reply->option(opt::VendorClass), QByteArray("PXEClient"));
            QVERIFY(d.reply->file.isEmpty());
            QVERIFY(!d.reply->hasOption(opt::BootFileName));
            QVERIFY(!d.reply->hasOption(opt::VendorSpecific));
            QCOMPARE(d.reply->siaddr, kServer);
            QCOMPARE(d.reply->yiaddr, kFirst);
            QVERIFY(d.reply->hasOption(opt::ClientGuid));
        }
    }

    void ipxeGetsThePolicyScriptInTheOffer()
    {
        ServerNetwork net = network();
        net.ipxeScriptUrl = QStringLiteral("http://10.77.0.1:8080/boot.ipxe");
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(net, &pool);
        for (MessageType t : {MessageType::Discover, MessageType::Request}) {
            DhcpPacket p = t == MessageType::Discover ? client(t, 1, true) : request(1, kFirst, kServer, true);
            p.setOption(opt::UserClass, QByteArray("iPXE"));
            const ServerDecision d = server.handle(p, {}, kNow);
            QVERIFY(d.reply);
            QCOMPARE(d.reply->file, QByteArray("http://10.77.0.1:8080/boot.ipxe"));
            QCOMPARE(d.reply->siaddr, kServer);
            QVERIFY(!d.reply->hasOption(opt::VendorSpecific)); // nothing sends it to port 4011
            QVERIFY(std::any_of(d.events.cbegin(), d.events.cend(), [](const BootEvent &e) {
                return e.detail.contains(QLatin1String("file=http://10.77.0.1:8080/boot.ipxe"));
            }));
        }
        // iPXE asking first is the firmware itself (phase 2 built in, said on the DISCOVER); iPXE
        // after a PXE ROM's own DHCP was handed out by us.
        // The PXE ROM before iPXE still goes to port 4011; the iPXE after it was handed out.
        const ServerDecision rom = server.handle(client(MessageType::Discover, 2, true), {}, kNow);
        QVERIFY(rom.reply->file.isEmpty());
        DhcpPacket handedOut = client(MessageType::Discover, 2, true);
        handedOut.setOption(opt::UserClass, QByteArray("iPXE"));
        QVERIFY(!kinds(server.handle(handedOut, {}, kNow.addSecs(20)).events).contains(kind::BootstrapBuiltIn));
        DhcpPacket firmware = client(MessageType::Discover, 3, true);
        firmware.setOption(opt::UserClass, QByteArray("iPXE"));
        const ServerDecision builtIn = server.handle(firmware, {}, kNow);
        QCOMPARE(kinds(builtIn.events), (QStringList{kind::Discover, kind::Offer, kind::BootstrapBuiltIn}));
        QCOMPARE(builtIn.events.last().phase, Phase::Bootstrap);
    }

    void httpBootGetsItsUrlWithHttpClient()
    {
        ServerNetwork net = network();
        net.httpBootUrls.insert(16, QStringLiteral("http://10.77.0.1:8080/boot-files/shimx64.efi"));
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(net, &pool);
        for (MessageType t : {MessageType::Discover, MessageType::Request}) {
            DhcpPacket p = t == MessageType::Discover ? client(t, 1, true) : request(1, kFirst, kServer, true);
            p.setOption(opt::VendorClass, QByteArray("HTTPClient:Arch:00016:UNDI:003001"));
            p.setOption(opt::ClientArch, QByteArray("\x00\x10", 2));
            const ServerDecision d = server.handle(p, {}, kNow);
            QVERIFY(d.reply);
            QCOMPARE(*d.reply->option(opt::VendorClass), QByteArray("HTTPClient"));
            QCOMPARE(d.reply->file, QByteArray("http://10.77.0.1:8080/boot-files/shimx64.efi"));
            QCOMPARE(d.reply->yiaddr, kFirst);
        }
        // An HTTP client of another architecture: nothing configured, the plain PXEClient answer.
        DhcpPacket arm = client(MessageType::Discover, 3, true);
        arm.setOption(opt::VendorClass, QByteArray("HTTPClient:Arch:00019:UNDI:003001"));
        arm.setOption(opt::ClientArch, QByteArray("\x00\x13", 2));
        const ServerDecision d = server.handle(arm, {}, kNow);
        QCOMPARE(*d.reply->option(opt::VendorClass), QByteArray("PXEClient"));
        QVERIFY(d.reply->file.isEmpty());
    }

    void requestForAnotherServerIsSilent()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        server.handle(client(MessageType::Discover, 1), {}, kNow);
        const ServerDecision d = server.handle(request(1, 0x0a4d0091, 0x0a4d0002), {}, kNow);
        QVERIFY(!d.reply);
        QCOMPARE(ipv4Text(d.learnedIp), QStringLiteral("10.77.0.145"));
        // The offer was released: the next client may have that address.
        QCOMPARE(ipv4Text(server.handle(client(MessageType::Discover, 2), {}, kNow).reply->yiaddr),
                 QStringLiteral("10.77.0.100"));
    }

    void requests_data()
    {
        QTest::addColumn<quint32>("requested");
        QTest::addColumn<quint32>("serverId");
        QTest::addColumn<quint32>("ciaddr");
        QTest::addColumn<int>("expected"); // 0: silent
        QTest::newRow("selecting, address of another client") << kFirst << kServer << 0u << int(MessageType::Nak);
        QTest::newRow("selecting, free address in the pool") << kFirst + 2 << kServer << 0u << int(MessageType::Ack);
        QTest::newRow("selecting, outside the pool") << 0x0a4d0005u << kServer << 0u << int(MessageType::Nak);
        QTest::newRow("init-reboot, wrong network") << 0xc0a80105u << 0u << 0u << int(MessageType::Nak);
        QTest::newRow("init-reboot, unknown client: silent") << kFirst + 2 << 0u << 0u << 0;
        QTest::newRow("renewing someone else's address") << 0u << 0u << kFirst << int(MessageType::Nak);
        QTest::newRow("renewing outside the pool: silent") << 0u << 0u << 0x0a4d0005u << 0;
        QTest::newRow("rebinding a free pool address") << 0u << 0u << kFirst + 1 << int(MessageType::Ack);
        QTest::newRow("no address at all: silent") << 0u << 0u << 0u << 0;
    }

    void requests()
    {
        QFETCH(quint32, requested);
        QFETCH(quint32, serverId);
        QFETCH(quint32, ciaddr);
        QFETCH(int, expected);
        LeasePool pool(kFirst, kLast, {kServer});
        pool.bind(QStringLiteral("52:54:00:00:00:09"), kFirst, 600, kNow, {});
        DhcpServerResponder server(network(), &pool);
        DhcpPacket p = request(1, requested, serverId);
        p.ciaddr = ciaddr;
        const ServerDecision d = server.handle(p, {}, kNow);
        QCOMPARE(d.reply ? int(d.reply->messageType()) : 0, expected);
        if (expected == int(MessageType::Nak)) {
            QCOMPARE(d.reply->yiaddr, 0u);
            QVERIFY(d.reply->hasOption(opt::Message));
            QVERIFY(!d.persist);
        }
        if (expected == int(MessageType::Ack))
            QVERIFY(d.persist);
    }

    void initRebootOfAKnownClient()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        pool.bind(QStringLiteral("52:54:00:00:00:01"), kFirst + 1, 600, kNow.addSecs(-100), {});
        DhcpServerResponder server(network(), &pool);
        ServerDecision d = server.handle(request(1, kFirst + 1, 0), {}, kNow);
        QCOMPARE(d.reply->messageType(), MessageType::Ack);
        d = server.handle(request(1, kFirst + 2, 0), {}, kNow);
        QCOMPARE(d.reply->messageType(), MessageType::Nak);
    }

    void renewalIsUnicastAndExtends()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        pool.bind(QStringLiteral("52:54:00:00:00:01"), kFirst, 600, kNow.addSecs(-300), {});
        DhcpServerResponder server(network(), &pool);
        DhcpPacket p = request(1, 0, 0);
        p.ciaddr = kFirst;
        const ServerDecision d = server.handle(p, {}, kNow);
        QCOMPARE(d.reply->messageType(), MessageType::Ack);
        QCOMPARE(d.reply->ciaddr, kFirst);
        QCOMPARE(d.persist->expires, kNow.addSecs(600));
    }

    void releaseKeepsTheAddressForTheClient()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        server.handle(client(MessageType::Discover, 1), {}, kNow);
        server.handle(request(1, kFirst, kServer), {}, kNow);
        DhcpPacket rel = client(MessageType::Release, 1);
        rel.ciaddr = kFirst;
        rel.setIpv4Option(opt::ServerId, kServer);
        ServerDecision d = server.handle(rel, {}, kNow.addSecs(10));
        QVERIFY(!d.reply);
        QVERIFY(d.persist);
        QCOMPARE(d.persist->expires, kNow.addSecs(10));
        QCOMPARE(kinds(d.events), QStringList{kind::Release});
        // Another client does not take it while a never-used address is left…
        QCOMPARE(server.handle(client(MessageType::Discover, 2), {}, kNow.addSecs(20)).reply->yiaddr, kFirst + 1);
        // …and the first one gets it back.
        QCOMPARE(server.handle(client(MessageType::Discover, 1), {}, kNow.addSecs(30)).reply->yiaddr, kFirst);
    }

    void declineTakesTheAddressOut()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        server.handle(client(MessageType::Discover, 1), {}, kNow);
        server.handle(request(1, kFirst, kServer), {}, kNow);
        DhcpPacket dec = client(MessageType::Decline, 1);
        dec.setIpv4Option(opt::RequestedAddress, kFirst);
        dec.setIpv4Option(opt::ServerId, kServer);
        ServerDecision d = server.handle(dec, {}, kNow);
        QVERIFY(!d.reply);
        QCOMPARE(d.forgetMac, QStringLiteral("52:54:00:00:00:01"));
        QCOMPARE(d.events.first().severity, BootEvent::Severity::Warning);
        d = server.handle(client(MessageType::Discover, 1), {}, kNow.addSecs(1));
        QCOMPARE(d.reply->yiaddr, kFirst + 1);
        // After the hold it is usable again.
        QVERIFY(pool.isAvailableFor(kFirst, QStringLiteral("52:54:00:00:00:05"),
                                    kNow.addSecs(DhcpServerResponder::kDeclineHoldSeconds + 1)));
    }

    void informGetsConfigurationOnly()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        DhcpPacket inf = client(MessageType::Inform, 1);
        inf.ciaddr = 0x0a4d0032;
        const ServerDecision d = server.handle(inf, {}, kNow);
        QCOMPARE(d.reply->messageType(), MessageType::Ack);
        QCOMPARE(d.reply->yiaddr, 0u);
        QCOMPARE(d.reply->ciaddr, 0x0a4d0032u);
        QVERIFY(!d.reply->hasOption(opt::LeaseTime));
        QVERIFY(d.reply->hasOption(opt::SubnetMask));
        QVERIFY(!d.persist);
    }

    void exhaustedPoolThenExpiredReuse()
    {
        LeasePool pool(kFirst, kLast, {kServer, kFirst + 1}); // 2 usable addresses
        DhcpServerResponder server(network(), &pool);
        for (int c = 1; c <= 2; ++c) {
            const quint32 ip = server.handle(client(MessageType::Discover, c), {}, kNow).reply->yiaddr;
            QVERIFY(ip != kFirst + 1);
            QCOMPARE(server.handle(request(c, ip, kServer), {}, kNow).reply->messageType(), MessageType::Ack);
        }
        ServerDecision d = server.handle(client(MessageType::Discover, 3), {}, kNow);
        QVERIFY(!d.reply);
        QVERIFY(kinds(d.events).contains(kind::PoolExhausted));
        // Once client 1's lease has run out, client 3 gets the longest-expired address.
        d = server.handle(client(MessageType::Discover, 3), {}, kNow.addSecs(601));
        QVERIFY(d.reply);
        QCOMPARE(d.reply->yiaddr, kFirst);
    }

    void offersAreHeldPerClient()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        const quint32 a = server.handle(client(MessageType::Discover, 1), {}, kNow).reply->yiaddr;
        QCOMPARE(server.handle(client(MessageType::Discover, 1), {}, kNow.addSecs(2)).reply->yiaddr, a);
        QVERIFY(server.handle(client(MessageType::Discover, 2), {}, kNow.addSecs(2)).reply->yiaddr != a);
        // Requesting an address offered to someone else: NAK.
        QCOMPARE(server.handle(request(3, a, kServer), {}, kNow.addSecs(3)).reply->messageType(), MessageType::Nak);
    }

    void requestedAddressIsHonouredWhenFree()
    {
        LeasePool pool(kFirst, kLast, {kServer});
        DhcpServerResponder server(network(), &pool);
        DhcpPacket p = client(MessageType::Discover, 1);
        p.setIpv4Option(opt::RequestedAddress, kFirst + 2);
        QCOMPARE(server.handle(p, {}, kNow).reply->yiaddr, kFirst + 2);
        p.setIpv4Option(opt::RequestedAddress, 0x0a4d0005); // outside the pool
        QCOMPARE(server.handle(p, {}, kNow).reply->yiaddr, kFirst + 2);
    }

    void leasesSurviveARestart()
    {
        QTemporaryDir dir;
        const QString path = FileLeaseStore::defaultPath(dir.path());
        {
            FileLeaseStore store(path);
            QList<DhcpLease> loaded;
            QString error;
            QVERIFY(store.load(&loaded, &error));
            QVERIFY(loaded.isEmpty());
            LeasePool pool(kFirst, kLast, {kServer});
            DhcpServerResponder server(network(), &pool);
            for (int c = 1; c <= 2; ++c) {
                const quint32 ip = server.handle(client(MessageType::Discover, c), {}, kNow).reply->yiaddr;
                const ServerDecision d = server.handle(request(c, ip, kServer), {}, kNow);
                QVERIFY2(store.put(*d.persist, &error), qPrintable(error));
            }
        }
        QVERIFY(QFile::exists(path));
        // A new process: the same MAC gets its address back, a newcomer does not get it.
        FileLeaseStore store(path);
        QList<DhcpLease> loaded;
        QString error;
        QVERIFY2(store.load(&loaded, &error), qPrintable(error));
        QCOMPARE(loaded.size(), 2);
        LeasePool pool(kFirst, kLast, {kServer});
        pool.load(loaded);
        DhcpServerResponder server(network(), &pool);
        QCOMPARE(server.handle(client(MessageType::Discover, 2), {}, kNow.addSecs(5)).reply->yiaddr, kFirst + 1);
        QCOMPARE(server.handle(client(MessageType::Discover, 7), {}, kNow.addSecs(5)).reply->yiaddr, kFirst + 2);
        DhcpPacket renew = request(1, 0, 0);
        renew.ciaddr = kFirst;
        QCOMPARE(server.handle(renew, {}, kNow.addSecs(5)).reply->messageType(), MessageType::Ack);
        DhcpPacket steal = request(8, 0, 0);
        steal.ciaddr = kFirst;
        QCOMPARE(server.handle(steal, {}, kNow.addSecs(5)).reply->messageType(), MessageType::Nak);
    }

    void leaseStoreKeepsOneMacPerAddress()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/leases.json"));
        FileLeaseStore store(path);
        QList<DhcpLease> loaded;
        QString error;
        QVERIFY(store.load(&loaded, &error));
        QVERIFY(store.put({QStringLiteral("52:54:00:00:00:01"), kFirst, kNow, {}}, &error));
        QVERIFY(store.put({QStringLiteral("52:54:00:00:00:02"), kFirst, kNow.addSecs(5), {}}, &error));
        QVERIFY(store.put({QStringLiteral("52:54:00:00:00:03"), kFirst + 1, kNow, QStringLiteral("pc3")}, &error));
        QVERIFY(store.remove(QStringLiteral("52:54:00:00:00:03"), &error));
        FileLeaseStore again(path);
        QVERIFY(again.load(&loaded, &error));
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().mac, QStringLiteral("52:54:00:00:00:02"));
        QCOMPARE(loaded.first().expires, kNow.addSecs(5));
    }

    void damagedLeaseFileIsReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dhcp-leases.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"leases\": [ {\"mac\": ");
        f.close();
        FileLeaseStore store(path);
        QList<DhcpLease> loaded;
        QString error;
        QVERIFY(!store.load(&loaded, &error));
        QVERIFY2(error.contains(path) && error.contains(QStringLiteral("damaged")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDhcpServerResponder)
#include "tst_dhcpserverresponder.moc"
