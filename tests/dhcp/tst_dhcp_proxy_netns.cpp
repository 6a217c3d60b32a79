// The proxyDHCP over real sockets (variant A without another server): a lab namespace "bb" runs
// the service on eth0 (chosen) and eth1 (not chosen, holding the default route); client
// namespaces sit on each side's switch.
#include "dhcp/addressbook.h"
#include "dhcp/dhcpsettings.h"
#include "dhcp/proxydhcpservice.h"
#include "dhcpnetnsfixture.h"
#include "dhcptestclient.h"
#include "net/udpendpoint.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QUdpSocket>

using namespace dhcptest;

namespace {
constexpr quint32 kServer = 0x0a4d0001; // 10.77.0.1 on bb/eth0
const QString kServerText = QStringLiteral("10.77.0.1");
} // namespace

class TestProxyNetns : public QObject
{
    Q_OBJECT

    std::unique_ptr<NetnsLab> m_lab;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<ServiceHost> m_host;
    std::shared_ptr<AddressBook> m_book;
    DhcpTestClient m_client;  // on lanA, like a PXE ROM: port 68, no address
    DhcpTestClient m_clientB; // on lanB (the interface not chosen)

private slots:
    void initTestCase()
    {
        if (const QString why = NetnsLab::unavailableReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (const QString missing = NetnsLab::missingPackage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
        m_lab = std::make_unique<NetnsLab>();
        NetnsLab &lab = *m_lab;
        QVERIFY2(
            lab.addSwitch(QStringLiteral("lanA")) && lab.addSwitch(QStringLiteral("lanB")) &&
                lab.addNamespace(QStringLiteral("bb")) && lab.addNamespace(QStringLiteral("cli")) &&
                lab.addNamespace(QStringLiteral("cliB")) &&
                lab.plug(QStringLiteral("bb"), QStringLiteral("eth0"), QStringLiteral("lanA"),
                         QStringLiteral("10.77.0.1/24")) &&
                lab.plug(QStringLiteral("bb"), QStringLiteral("eth1"), QStringLiteral("lanB"),
                         QStringLiteral("10.78.0.1/24")) &&
                // Unbound broadcasts would leave through eth1: the binding has to do the work.
                lab.ip(QStringLiteral("bb"), {QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("default"),
                                              QStringLiteral("dev"), QStringLiteral("eth1")}) &&
                lab.plug(QStringLiteral("cli"), QStringLiteral("eth0"), QStringLiteral("lanA")) &&
                lab.plug(QStringLiteral("cliB"), QStringLiteral("eth0"), QStringLiteral("lanB")),
            qPrintable(lab.lastError()));
        QString error;
        QVERIFY2(m_client.open(lab, QStringLiteral("cli"), QStringLiteral("eth0"), 68, &error), qPrintable(error));
        QVERIFY2(m_clientB.open(lab, QStringLiteral("cliB"), QStringLiteral("eth0"), 68, &error), qPrintable(error));

        m_log = std::make_unique<EventLog>();
        m_host = std::make_unique<ServiceHost>();
        m_book = std::make_shared<AddressBook>();
        ServiceConfig config;
        config.interfaceName = QStringLiteral("eth0");
        config.services = {QStringLiteral("proxydhcp")};
        const ServiceStatus st =
            startInNamespace(*m_host, std::make_unique<ProxyDhcpService>(config, &m_log->stream, nullptr, m_book), lab,
                             QStringLiteral("bb"));
        QVERIFY2(st.state == ServiceState::Running, qPrintable(st.reason));
    }

    void cleanupTestCase()
    {
        m_host.reset(); // stops the service (its sockets) before the namespaces go
        m_lab.reset();
    }

    // The proxy's worker thread asks for nice -10 (root here): its answers stay prompt on a busy
    // machine. Only that thread: the rest of the process keeps its priority.
    void workerThreadRunsAtRaisedPriority()
    {
        QMap<QString, int> niceByThread;
        const QDir tasks(QStringLiteral("/proc/self/task"));
        for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray line = stat.readAll();
            const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
            const QList<QByteArray> fields = line.mid(close + 2).split(' '); // fields from 3 (state) on
            if (open < 0 || close < open || fields.size() < 17)
                continue;
            niceByThread.insert(QString::fromLatin1(line.mid(open + 1, close - open - 1)), fields.at(16).toInt());
        }
        const QString worker = QStringLiteral("bootbench-proxy"); // "bootbench-proxydhcp", cut to 15 bytes
        QVERIFY2(niceByThread.contains(worker), qPrintable(QStringList(niceByThread.keys()).join(u' ')));
        QCOMPARE(niceByThread.value(worker), DhcpSettings().threadNiceValue);
        const QString mainThread = QFileInfo(QCoreApplication::applicationFilePath()).fileName().left(15);
        QVERIFY(niceByThread.contains(mainThread));
        QVERIFY(niceByThread.value(mainThread) > niceByThread.value(worker));
    }

    void biosClientGetsUndionly()
    {
        const DhcpPacket discover = plainBiosDiscover(1);
        QVERIFY(m_client.send(discover, QStringLiteral("255.255.255.255"), 67));
        const auto offer = m_client.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer), 5000);
        QVERIFY2(offer, "no proxy offer for a BIOS PXE DISCOVER");
        const DhcpPacket &p = offer->packet;
        QCOMPARE(p.file, QByteArray("undionly.kpxe"));
        QCOMPARE(p.yiaddr, 0u);
        QCOMPARE(p.siaddr, kServer);
        QCOMPARE(*p.ipv4Option(opt::ServerId), kServer);
        QCOMPARE(*p.option(opt::VendorClass), QByteArray("PXEClient"));
        QCOMPARE(*p.option(opt::VendorSpecific), QByteArray("\x06\x01\x08\xff", 4));
        QCOMPARE(*p.option(opt::ClientGuid), *discover.option(opt::ClientGuid));
        QCOMPARE(ipv4Text(offer->from), kServerText);
        QCOMPARE(offer->fromPort, quint16(67));
        QVERIFY(m_log->waitFor(kind::Offer, clientMac(1)));
        QVERIFY(m_log->find(kind::Offer, clientMac(1)).first().detail.contains(QStringLiteral("undionly.kpxe")));
        QVERIFY(m_log->find(kind::Discover, clientMac(1)).first().detail.contains(QStringLiteral("arch=0")));
    }

    void uefiClientIsAnsweredOn4011()
    {
        const DhcpPacket discover = asClient(fixturePacket(QStringLiteral("ovmf-native-uefi-discover.bin")), 2);
        QVERIFY(m_client.send(discover, QStringLiteral("255.255.255.255"), 67));
        const auto offer = m_client.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer), 5000);
        QVERIFY(offer);
        QVERIFY2(!offer->packet.hasOption(opt::VendorSpecific), "UEFI clients must be steered to port 4011");

        // Like OVMF: it has its address by now and asks port 4011 from port 4011.
        QVERIFY2(m_lab->ip(QStringLiteral("cli"),
                           {QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("10.77.0.145/24"),
                            QStringLiteral("dev"), QStringLiteral("eth0")}),
                 qPrintable(m_lab->lastError()));
        DhcpTestClient ovmf;
        QString error;
        QVERIFY2(ovmf.open(*m_lab, QStringLiteral("cli"), QStringLiteral("eth0"), 4011, &error), qPrintable(error));
        const DhcpPacket request = asClient(fixturePacket(QStringLiteral("ovmf-native-uefi-request-4011.bin")), 2);
        QCOMPARE(ipv4Text(request.ciaddr), QStringLiteral("10.77.0.145"));
        QVERIFY(ovmf.send(request, kServerText, 4011));
        const auto ack = ovmf.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack), 5000);
        QVERIFY2(ack, "no ACK on port 4011");
        QCOMPARE(ack->packet.file, QByteArray("shimx64.efi"));
        QCOMPARE(ack->packet.siaddr, kServer);
        QCOMPARE(*ack->packet.option(opt::VendorClass), QByteArray("PXEClient"));
        QCOMPARE(*ack->packet.option(opt::ClientGuid), *request.option(opt::ClientGuid));
        QCOMPARE(ack->fromPort, quint16(4011));
        // Learned from the 4011 request.
        QVERIFY(m_log->waitFor(kind::IpLearned, clientMac(2)));
        QCOMPARE(m_book->macFor(QHostAddress(QStringLiteral("10.77.0.145"))), clientMac(2));
        QVERIFY(m_log->waitFor(kind::Ack4011, clientMac(2)));
    }

    void ipxeClientGetsTheScriptUrl()
    {
        const DhcpPacket discover = asClient(fixturePacket(QStringLiteral("ipxe-rom-bios-discover.bin")), 3);
        QVERIFY(m_client.send(discover, QStringLiteral("255.255.255.255"), 67));
        const auto offer = m_client.waitFor(DhcpTestClient::reply(discover.xid, MessageType::Offer), 5000);
        QVERIFY(offer);
        QCOMPARE(offer->packet.file, QByteArray("http://10.77.0.1:8080/boot.ipxe"));
        // And on 4011 (the fixture's request, from port 68).
        DhcpPacket request = asClient(fixturePacket(QStringLiteral("ipxe-rom-bios-request-4011.bin")), 3);
        request.ciaddr = 0; // sent broadcast by a client without address: answered by broadcast
        QVERIFY(m_client.send(request, QStringLiteral("255.255.255.255"), 4011));
        const auto ack = m_client.waitFor(DhcpTestClient::reply(request.xid, MessageType::Ack), 5000);
        QVERIFY(ack);
        QCOMPARE(ack->packet.file, QByteArray("http://10.77.0.1:8080/boot.ipxe"));
        QCOMPARE(*ack->packet.option(opt::VendorSpecific), QByteArray("\x47\x04\x80\x00\x00\x00\xff", 7));
    }

    void nonPxeClientGetsNothing()
    {
        const DhcpPacket udhcpc = asClient(fixturePacket(QStringLiteral("busybox-udhcpc-discover.bin")), 4);
        QVERIFY(m_client.send(udhcpc, QStringLiteral("255.255.255.255"), 67));
        // A PXE DISCOVER sent after it takes the same path: once its offer is here, an answer to
        // the first would have been too.
        const DhcpPacket barrier = plainBiosDiscover(5);
        QVERIFY(m_client.send(barrier, QStringLiteral("255.255.255.255"), 67));
        QVERIFY(m_client.waitFor(DhcpTestClient::reply(barrier.xid, MessageType::Offer), 5000));
        QVERIFY(m_client.matching([&](const auto &r) { return r.packet.xid == udhcpc.xid; }).isEmpty());
        QVERIFY(m_log->waitFor(kind::Ignored, clientMac(4)));
        const BootEvent ignored = m_log->find(kind::Ignored, clientMac(4)).first();
        QCOMPARE(ignored.severity, BootEvent::Severity::Debug);
        QVERIFY2(ignored.detail.contains(QStringLiteral("udhcp 1.35.0")), qPrintable(ignored.detail));
    }

    void malformedPacketIsDroppedWithADebugEvent()
    {
        DhcpPacket broken = plainBiosDiscover(6);
        QByteArray wire = encodeDhcpPacket(broken);
        wire.truncate(250); // options cut off: no END
        {
            NetnsLab::Scope scope(*m_lab, QStringLiteral("cli"));
            UdpBindRequest req;
            req.interfaceName = QStringLiteral("eth0");
            req.broadcast = true;
            QString error;
            auto raw = openUdpSocket(req, &error);
            QVERIFY2(raw, qPrintable(error));
            QCOMPARE(raw->writeDatagram(wire, QHostAddress::Broadcast, 67), qint64(wire.size()));
        }
        QVERIFY(m_log->waitFor(kind::Malformed));
        QCOMPARE(m_log->find(kind::Malformed).first().severity, BootEvent::Severity::Debug);
        const DhcpPacket after = plainBiosDiscover(7);
        QVERIFY(m_client.send(after, QStringLiteral("255.255.255.255"), 67));
        QVERIFY(m_client.waitFor(DhcpTestClient::reply(after.xid, MessageType::Offer), 5000));
    }

    void trafficNeverLeavesTheChosenInterface()
    {
        // Control: an unbound broadcast from bb does reach lanB, so the checks below can fail.
        {
            NetnsLab::Scope scope(*m_lab, QStringLiteral("bb"));
            QUdpSocket unbound;
            QVERIFY(unbound.bind(QHostAddress::AnyIPv4, 0));
            DhcpPacket probe = plainBiosDiscover(8);
            probe.op = kBootReply;
            QVERIFY(unbound.writeDatagram(encodeDhcpPacket(probe), QHostAddress::Broadcast, 68) > 0);
            QVERIFY2(m_clientB.waitFor([&](const auto &r) { return r.packet.xid == probe.xid; }, 5000),
                     "lab broken: an unbound broadcast from bb did not reach lanB");
        }
        m_clientB.clear();

        // A PXE client behind eth1 is not answered; the proxy does not even see it.
        const DhcpPacket fromB = plainBiosDiscover(9);
        {
            NetnsLab::Scope scope(*m_lab, QStringLiteral("bb"));
            UdpBindRequest req;
            req.port = 67;
            req.interfaceName = QStringLiteral("eth1");
            QString error;
            auto witness = openUdpSocket(req, &error); // proves the DISCOVER reached bb's eth1
            QVERIFY2(witness, qPrintable(error));
            QVERIFY(m_clientB.send(fromB, QStringLiteral("255.255.255.255"), 67));
            QVERIFY(QTest::qWaitFor([&] { return witness->hasPendingDatagrams(); }, 5000));
        }
        // Answers to lanA go to lanA only.
        const DhcpPacket fromA = plainBiosDiscover(10);
        QVERIFY(m_client.send(fromA, QStringLiteral("255.255.255.255"), 67));
        QVERIFY(m_client.waitFor(DhcpTestClient::reply(fromA.xid, MessageType::Offer), 5000));
        QVERIFY(m_log->waitFor(kind::Offer, clientMac(10)));
        QVERIFY(!QTest::qWaitFor([&] { return !m_clientB.received().isEmpty(); }, 500));
        QVERIFY2(m_clientB.received().isEmpty(), "an answer left through the interface that was not chosen");
        QVERIFY(m_log->find(kind::Discover, clientMac(9)).isEmpty());
    }

    void aBenchPoweringOnAtOnceIsAnsweredAndLogged()
    {
        // 200 machines switched on together: their DISCOVERs arrive within a few milliseconds.
        // Every one is answered, and every DISCOVER and offer reaches the event stream (what the
        // GUI and the store are fed from): nothing is dropped on the way.
        constexpr int kFirst = 40, kCount = 200;
        QList<quint32> xids;
        QSet<QString> wanted;
        for (int n = kFirst; n < kFirst + kCount; ++n) {
            wanted.insert(clientMac(n));
            const DhcpPacket discover = plainBiosDiscover(n);
            xids << discover.xid;
            QVERIFY(m_client.send(discover, QStringLiteral("255.255.255.255"), 67));
        }
        const auto answered = [&] {
            int count = 0;
            for (const quint32 xid : xids)
                count += m_client.matching(DhcpTestClient::reply(xid, MessageType::Offer)).isEmpty() ? 0 : 1;
            return count;
        };
        QTRY_COMPARE_WITH_TIMEOUT(answered(), kCount, 15000);
        const auto logged = [&](const QString &kind) {
            QSet<QString> macs;
            for (const BootEvent &e : m_log->find(kind)) {
                if (wanted.contains(e.mac))
                    macs.insert(e.mac);
            }
            return int(macs.size());
        };
        QTRY_COMPARE_WITH_TIMEOUT(logged(kind::Discover), kCount, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(logged(kind::Offer), kCount, 10000);
    }

    void refusesToStartWithoutAChosenInterface_data()
    {
        QTest::addColumn<QString>("interfaceName");
        QTest::addColumn<QString>("reason");
        QTest::newRow("none chosen") << QString() << "no network interface has been chosen";
        QTest::newRow("no such interface") << "bbt-nonexistent0"
                                           << "there is no network interface named";
    }

    void refusesToStartWithoutAChosenInterface()
    {
        QFETCH(QString, interfaceName);
        QFETCH(QString, reason);
        ServiceConfig config;
        config.interfaceName = interfaceName;
        ServiceHost host;
        host.addService(std::make_unique<ProxyDhcpService>(config, nullptr));
        host.start(QStringLiteral("proxydhcp"));
        QTRY_COMPARE(host.status(QStringLiteral("proxydhcp")).state, ServiceState::Failed);
        const QString why = host.status(QStringLiteral("proxydhcp")).reason;
        QVERIFY2(why.contains(reason), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("--interface")) || !interfaceName.isEmpty(), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestProxyNetns)
#include "tst_dhcp_proxy_netns.moc"
