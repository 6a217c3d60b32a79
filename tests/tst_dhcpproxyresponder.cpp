// What the proxyDHCP answers (core/dhcp/proxyresponder), without sockets: real client packets
// in, replies and events out. Table-driven.
#include "dhcp/dhcpevents.h"
#include "dhcp/proxyresponder.h"
#include "dhcp/replydestination.h"
#include "dhcp/rogueprobe.h"

#include <QFile>
#include <QTest>

using namespace bootbench;
using namespace bootbench::dhcp;

namespace {

constexpr quint32 kServer = 0x0a4d0001; // 10.77.0.1

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/tests/data/dhcp/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

DhcpPacket packet(const QString &name)
{
    return decodeDhcpPacket(fixture(name)).packet;
}

// A BIOS PXE ROM without iPXE: the OVMF discover turned into arch 0 without user class.
DhcpPacket plainBiosDiscover()
{
    DhcpPacket p = packet("ovmf-native-uefi-discover.bin");
    p.setOption(opt::ClientArch, QByteArray("\0\0", 2));
    p.setOption(opt::VendorClass, "PXEClient:Arch:00000:UNDI:002001");
    return p;
}

DhcpPacket withArch(quint16 arch, const QByteArray &vendorClass = "PXEClient:Arch:00011:UNDI:003000")
{
    DhcpPacket p = packet("ovmf-native-uefi-discover.bin");
    QByteArray code(2, '\0');
    code[0] = char(arch >> 8);
    code[1] = char(arch & 0xff);
    p.setOption(opt::ClientArch, code);
    p.setOption(opt::VendorClass, vendorClass);
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

Q_DECLARE_METATYPE(bootbench::dhcp::DhcpPacket)

class TestProxyResponder : public QObject
{
    Q_OBJECT
private slots:
    void answers_data()
    {
        QTest::addColumn<DhcpPacket>("request");
        QTest::addColumn<bool>("onPxePort");
        QTest::addColumn<DhcpSettings>("settings");
        QTest::addColumn<int>("replyType"); // 0: no reply
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("option43"); // null: absent
        QTest::addColumn<QString>("vendorClass");
        QTest::addColumn<QStringList>("eventKinds");

        const DhcpSettings defaults;
        const QString script = QStringLiteral("http://10.77.0.1:8080/boot.ipxe");
        const QByteArray skipDiscovery("\x06\x01\x08\xff", 4);
        const QStringList offered{kind::Discover, kind::Offer};
        // An iPXE ROM's first DHCP: its bootstrap is built in (phase 2 without a download).
        const QStringList offeredBuiltIn{kind::Discover, kind::Offer, kind::BootstrapBuiltIn};

        QTest::newRow("BIOS PXE ROM: direct offer, undionly.kpxe, 43.6=8")
            << plainBiosDiscover() << false << defaults << int(MessageType::Offer) << "undionly.kpxe" << skipDiscovery
            << "PXEClient" << offered;
        QTest::newRow("UEFI arch 7 on 67: offer without 43 (steered to 4011)")
            << packet("ovmf-native-uefi-discover.bin") << false << defaults << int(MessageType::Offer) << "shimx64.efi"
            << QByteArray() << "PXEClient" << offered;
        QTest::newRow("UEFI arch 7 on 4011: ACK with the signed shim")
            << packet("ovmf-native-uefi-request-4011.bin") << true << defaults << int(MessageType::Ack) << "shimx64.efi"
            << QByteArray() << "PXEClient" << QStringList{kind::Request4011, kind::Ack4011};
        QTest::newRow("UEFI arch 9 on 67: steered")
            << withArch(9, "PXEClient:Arch:00009:UNDI:003016") << false << defaults << int(MessageType::Offer)
            << "shimx64.efi" << QByteArray() << "PXEClient" << offered;
        DhcpSettings ipxe7 = defaults;
        ipxe7.bootFiles.insert(7, QStringLiteral("snponly.efi"));
        QTest::newRow("UEFI arch 7 set to iPXE: snponly.efi on 4011")
            << packet("ovmf-native-uefi-request-4011.bin") << true << ipxe7 << int(MessageType::Ack) << "snponly.efi"
            << QByteArray() << "PXEClient" << QStringList{kind::Request4011, kind::Ack4011};
        QTest::newRow("iPXE ROM discover: script URL, not the binary")
            << packet("ipxe-rom-bios-discover.bin") << false << defaults << int(MessageType::Offer) << script
            << skipDiscovery << "PXEClient" << offeredBuiltIn;
        QTest::newRow("iPXE on 4011: script URL, boot item echoed")
            << packet("ipxe-rom-bios-request-4011.bin") << true << defaults << int(MessageType::Ack) << script
            << QByteArray("\x47\x04\x80\x00\x00\x00\xff", 7) << "PXEClient"
            << QStringList{kind::Request4011, kind::Ack4011, kind::BootstrapBuiltIn};
        QTest::newRow("iPXE's request to the DHCP server: silent")
            << packet("ipxe-rom-bios-request.bin") << false << defaults << 0 << "" << QByteArray() << ""
            << QStringList{kind::Ignored};
        QTest::newRow("non-PXE client (udhcpc): silent") << packet("busybox-udhcpc-discover.bin") << false << defaults
                                                         << 0 << "" << QByteArray() << "" << QStringList{kind::Ignored};
        QTest::newRow("ARM64 without a file: silent, event names the code")
            << withArch(11) << false << defaults << 0 << "" << QByteArray() << ""
            << QStringList{kind::Discover, kind::UnknownArch};
        DhcpSettings arm = defaults;
        arm.bootFiles.insert(11, QStringLiteral("arm64/snponly.efi"));
        QTest::newRow("ARM64 with a configured file: steered")
            << withArch(11) << false << arm << int(MessageType::Offer) << "arm64/snponly.efi" << QByteArray()
            << "PXEClient" << offered;
        DhcpSettings direct7 = defaults;
        direct7.directArchs << 7;
        QTest::newRow("arch 7 configured direct: 43.6=8")
            << packet("ovmf-native-uefi-discover.bin") << false << direct7 << int(MessageType::Offer) << "shimx64.efi"
            << skipDiscovery << "PXEClient" << offered;
        DhcpSettings http = defaults;
        http.bootFiles.insert(16, QStringLiteral("ipxe.efi"));
        QTest::newRow("UEFI HTTP boot, file configured: URL of the boot files route, HTTPClient, no 43")
            << withArch(16, "HTTPClient:Arch:00016:UNDI:003000") << false << http << int(MessageType::Offer)
            << "http://10.77.0.1:8080/boot-files/ipxe.efi" << QByteArray() << "HTTPClient" << offered;
        QTest::newRow("UEFI HTTP boot by default: the signed shim over HTTP")
            << withArch(16, "HTTPClient:Arch:00016:UNDI:003000") << false << defaults << int(MessageType::Offer)
            << "http://10.77.0.1:8080/boot-files/shimx64.efi" << QByteArray() << "HTTPClient" << offered;
        DhcpSettings acme = defaults;
        acme.extraVendorClasses << QStringLiteral("AcmeBoot");
        QTest::newRow("vendor class added in the configuration")
            << withArch(0, "AcmeBoot v2") << false << acme << int(MessageType::Offer) << "undionly.kpxe"
            << skipDiscovery << "PXEClient" << offered;
        QTest::newRow("vendor class not configured: silent") << withArch(0, "AcmeBoot v2") << false << defaults << 0
                                                             << "" << QByteArray() << "" << QStringList{kind::Ignored};
        DhcpSettings scriptPath = defaults;
        scriptPath.ipxeScriptPath = QStringLiteral("policy/boot.ipxe?mac=${net0/mac}");
        QTest::newRow("script path from the configuration")
            << packet("ipxe-rom-bios-discover.bin") << false << scriptPath << int(MessageType::Offer)
            << "http://10.77.0.1:8080/policy/boot.ipxe?mac=${net0/mac}" << skipDiscovery << "PXEClient"
            << offeredBuiltIn;
        QTest::newRow("DISCOVER on 4011: silent") << packet("ovmf-native-uefi-discover.bin") << true << defaults << 0
                                                  << "" << QByteArray() << "" << QStringList{kind::Ignored};
        QTest::newRow("REQUEST without vendor class on 4011: silent") << [] {
            DhcpPacket p = packet("ovmf-native-uefi-request-4011.bin");
            p.removeOption(opt::VendorClass);
            return p;
        }() << true << defaults << 0 << "" << QByteArray() << "" << QStringList{kind::Ignored};
        QTest::newRow("a server's reply: silent") <<
            [] {
                DhcpPacket p = packet("ovmf-native-uefi-discover.bin");
                p.op = kBootReply;
                return p;
            }() << false << defaults << 0 << "" << QByteArray()
                                                  << "" << QStringList{kind::Ignored};
        QTest::newRow("not Ethernet: silent") <<
            [] {
                DhcpPacket p = packet("ovmf-native-uefi-discover.bin");
                p.htype = 32;
                p.hlen = 16;
                return p;
            }() << false << defaults << 0 << ""
                                              << QByteArray() << "" << QStringList{kind::Ignored};
        QTest::newRow("no option 93: BIOS") <<
            [] {
                DhcpPacket p = plainBiosDiscover();
                p.removeOption(opt::ClientArch);
                return p;
            }() << false << defaults << int(MessageType::Offer)
                                            << "undionly.kpxe" << skipDiscovery << "PXEClient" << offered;
    }

    void proxyOnlyGivesUefiIpxeUnlessTheShimWasChosen()
    {
        DhcpSettings s;
        QCOMPARE(s.bootFilesFor(false).value(7), QStringLiteral("shimx64.efi"));
        QCOMPARE(s.bootFilesFor(true).value(7), QStringLiteral("snponly.efi"));
        QCOMPARE(s.bootFilesFor(true).value(9), QStringLiteral("snponly.efi"));
        QCOMPARE(s.bootFilesFor(true).value(0), QStringLiteral("undionly.kpxe"));
        s.chosenBootArchs << 7;
        QCOMPARE(s.bootFilesFor(true).value(7), QStringLiteral("shimx64.efi"));
        QCOMPARE(s.bootFilesFor(true).value(9), QStringLiteral("snponly.efi"));
        s.bootFiles[9] = QStringLiteral("custom.efi");
        QCOMPARE(s.bootFilesFor(true).value(9), QStringLiteral("custom.efi"));
    }

    void answers()
    {
        QFETCH(DhcpPacket, request);
        QFETCH(bool, onPxePort);
        QFETCH(DhcpSettings, settings);
        QFETCH(int, replyType);
        QFETCH(QString, file);
        QFETCH(QByteArray, option43);
        QFETCH(QString, vendorClass);
        QFETCH(QStringList, eventKinds);

        ProxyResponder responder(kServer, 8080, settings);
        const ProxyDecision d =
            responder.handle(request, onPxePort ? ProxyPort::Pxe : ProxyPort::Dhcp, QStringLiteral("peer"), 0);
        QCOMPARE(kinds(d.events), eventKinds);
        if (replyType == 0) {
            QVERIFY(!d.reply);
            return;
        }
        QVERIFY(d.reply);
        const DhcpPacket &r = *d.reply;
        // What goes on the wire decodes to the same.
        const DecodeResult wire = decodeDhcpPacket(encodeDhcpPacket(r));
        QVERIFY(wire.ok());
        QCOMPARE(int(wire.packet.messageType()), replyType);
        QCOMPARE(r.op, kBootReply);
        QCOMPARE(r.xid, request.xid);
        QCOMPARE(r.mac(), request.mac());
        QCOMPARE(r.yiaddr, quint32(0)); // a proxy never hands out addresses
        QCOMPARE(r.siaddr, kServer);
        QCOMPARE(*r.ipv4Option(opt::ServerId), kServer);
        QCOMPARE(QString::fromUtf8(wire.packet.file), file);
        QCOMPARE(QString::fromLatin1(*r.option(opt::VendorClass)), vendorClass);
        if (option43.isNull())
            QVERIFY(!r.hasOption(opt::VendorSpecific));
        else
            QCOMPARE(*r.option(opt::VendorSpecific), option43);
        if (const QByteArray *guid = request.option(opt::ClientGuid))
            QCOMPARE(*r.option(opt::ClientGuid), *guid); // option 97 mirrored
        else
            QVERIFY(!r.hasOption(opt::ClientGuid));
        if (onPxePort)
            QCOMPARE(r.ciaddr, request.ciaddr);
        for (const BootEvent &e : d.events) {
            QCOMPARE(e.service, QStringLiteral("proxydhcp"));
            QCOMPARE(e.mac, request.mac());
            // Phase 2 only as the built-in bootstrap of an iPXE ROM.
            QVERIFY(e.phase == Phase::Dhcp || e.phase == Phase::MenuSettings ||
                    (e.phase == Phase::Bootstrap && e.kind == kind::BootstrapBuiltIn));
        }
    }

    void discoverEventDescribesTheClient()
    {
        ProxyResponder responder(kServer, 8080, DhcpSettings());
        const ProxyDecision d =
            responder.handle(packet("ipxe-rom-bios-discover.bin"), ProxyPort::Dhcp, QStringLiteral("0.0.0.0:68"), 0);
        QCOMPARE(d.events.first().kind, kind::Discover);
        const QString detail = d.events.first().detail;
        for (const char *part :
             {"arch=0", "guid=", "vendor-class=\"PXEClient:Arch:00000:UNDI:002001\"", "user-class=\"iPXE\""})
            QVERIFY2(detail.contains(QLatin1String(part)), qPrintable(detail));
        QCOMPARE(d.events.first().peer, QStringLiteral("0.0.0.0:68"));
        QCOMPARE(d.events.at(1).kind, kind::Offer);
        QVERIFY(d.events.at(1).detail.contains(QStringLiteral("file=http://10.77.0.1:8080/boot.ipxe")));
        // The iPXE ROM's bootstrap is built in: phase 2 without a download.
        QCOMPARE(d.events.last().kind, kind::BootstrapBuiltIn);
        QCOMPARE(d.events.last().phase, Phase::Bootstrap);
    }

    void unknownArchEventIsClear()
    {
        ProxyResponder responder(kServer, 8080, DhcpSettings());
        const ProxyDecision d = responder.handle(withArch(10), ProxyPort::Dhcp, {}, 0);
        QCOMPARE(d.events.last().severity, BootEvent::Severity::Warning);
        QVERIFY2(d.events.last().detail.contains(QStringLiteral("architecture 10 (EFI ARM32)")),
                 qPrintable(d.events.last().detail));
    }

    void bootstrapsOwnDhcpIsPhase3()
    {
        ProxyResponder responder(kServer, 8080, DhcpSettings());
        DhcpPacket ipxe = packet("ipxe-rom-bios-discover.bin");
        // An iPXE ROM's first DHCP: phase 1 (the bootstrap is built in).
        QCOMPARE(responder.handle(ipxe, ProxyPort::Dhcp, {}, 0).events.first().phase, Phase::Dhcp);
        // A PXE ROM gets undionly.kpxe, then that iPXE asks: phase 3.
        QVERIFY(responder.handle(plainBiosDiscover(), ProxyPort::Dhcp, {}, 1000).reply);
        ipxe.setMac(plainBiosDiscover().macBytes());
        const ProxyDecision d = responder.handle(ipxe, ProxyPort::Dhcp, {}, 5000);
        QCOMPARE(d.events.first().phase, Phase::MenuSettings);
        QCOMPARE(d.events.last().phase, Phase::MenuSettings); // and no built-in bootstrap: it was downloaded
        // Long after, it is a new boot.
        QCOMPARE(responder.handle(ipxe, ProxyPort::Dhcp, {}, 3600 * 1000).events.first().phase, Phase::Dhcp);
    }

    void learnsFromRequestsAnd4011()
    {
        ProxyResponder responder(kServer, 8080, DhcpSettings());
        ProxyDecision d = responder.handle(packet("ipxe-rom-bios-request.bin"), ProxyPort::Dhcp, {}, 0);
        QCOMPARE(d.learnedMac, QStringLiteral("52:54:00:77:00:10"));
        QCOMPARE(ipv4Text(d.learnedIp), QStringLiteral("10.77.0.145"));
        d = responder.handle(packet("ovmf-native-uefi-request-4011.bin"), ProxyPort::Pxe, {}, 0);
        QCOMPARE(ipv4Text(d.learnedIp), QStringLiteral("10.77.0.145"));
        d = responder.handle(packet("ovmf-native-uefi-discover.bin"), ProxyPort::Dhcp, {}, 0);
        QCOMPARE(d.learnedIp, quint32(0));
    }

    void observesOtherServers()
    {
        ProxyResponder responder(kServer, 8080, DhcpSettings());
        DhcpPacket ack = packet("ovmf-native-uefi-discover.bin");
        ack.op = kBootReply;
        ack.setMessageType(MessageType::Ack);
        ack.yiaddr = 0x0a4d0091;
        ack.setIpv4Option(opt::ServerId, 0x0a4d0002);
        ProxyDecision d = responder.observe(ack, 0x0a4d0002, 0);
        QCOMPARE(ipv4Text(d.learnedIp), QStringLiteral("10.77.0.145"));
        QCOMPARE(kinds(d.events), QStringList{kind::OtherServer});
        QVERIFY(d.events.first().detail.contains(QStringLiteral("10.77.0.2")));
        d = responder.observe(ack, 0x0a4d0002, 1000);
        QVERIFY(d.events.isEmpty()); // reported once a minute per server
        QCOMPARE(ipv4Text(d.learnedIp), QStringLiteral("10.77.0.145"));
        ack.setIpv4Option(opt::ServerId, kServer);
        d = responder.observe(ack, kServer, 0); // our own broadcast looped back
        QVERIFY(d.events.isEmpty());
        QCOMPARE(d.learnedIp, quint32(0));
    }

    // Bootbench's own rogue-DHCP probe (the DHCP server's, before it starts) is heard by the proxy
    // on the same interface: neither its DISCOVER nor an answer to it is a device.
    void ownProbeIsNotADevice()
    {
        ProxyResponder responder(kServer, 8080, DhcpSettings());
        DhcpPacket probe = packet("ovmf-native-uefi-discover.bin");
        probe.setMac(QByteArray(6, '\0'));
        probe.xid = 0xb0071234;
        probe.setOption(opt::VendorClass, "bootbench-probe");
        QVERIFY(isOwnProbe(probe));
        ProxyDecision d = responder.handle(probe, ProxyPort::Dhcp, QStringLiteral("0.0.0.0:68"), 0);
        QVERIFY(!d.reply);
        QVERIFY2(d.events.isEmpty(), qPrintable(kinds(d.events).join(QLatin1Char(','))));
        // Another client that is not PXE still leaves a trace.
        probe.setOption(opt::VendorClass, "MSFT 5.0");
        QVERIFY(!isOwnProbe(probe));
        QCOMPARE(kinds(responder.handle(probe, ProxyPort::Dhcp, {}, 0).events), QStringList{kind::Ignored});

        DhcpPacket offer = packet("ovmf-native-uefi-discover.bin");
        offer.op = kBootReply;
        offer.setMessageType(MessageType::Offer);
        offer.yiaddr = 0x0a4d0091;
        offer.setIpv4Option(opt::ServerId, 0x0a4d0002);
        offer.xid = 0xb0071234;
        QVERIFY(isOwnProbe(offer));
        QVERIFY(responder.observe(offer, 0x0a4d0002, 0).events.isEmpty());
        offer.xid = 0x12345678; // the same answer to a real client is reported
        QVERIFY(!isOwnProbe(offer));
        QCOMPARE(kinds(responder.observe(offer, 0x0a4d0002, 0).events), QStringList{kind::OtherServer});
    }

    void destinations_data()
    {
        QTest::addColumn<quint32>("ciaddr");
        QTest::addColumn<quint32>("giaddr");
        QTest::addColumn<int>("type");
        QTest::addColumn<quint32>("source");
        QTest::addColumn<int>("sourcePort");
        QTest::addColumn<bool>("pxePort");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::newRow("offer, no address: broadcast to 68")
            << 0u << 0u << int(MessageType::Offer) << 0u << 68 << false << "255.255.255.255" << 68;
        QTest::newRow("relay") << 0u << 0x0a000001u << int(MessageType::Offer) << 0x0a000001u << 67 << false
                               << "10.0.0.1" << 67;
        QTest::newRow("renewal: unicast to ciaddr")
            << 0x0a4d0091u << 0u << int(MessageType::Ack) << 0x0a4d0091u << 68 << false << "10.77.0.145" << 68;
        QTest::newRow("NAK: broadcast") << 0x0a4d0091u << 0u << int(MessageType::Nak) << 0x0a4d0091u << 68 << false
                                        << "255.255.255.255" << 68;
        QTest::newRow("4011 from 4011 (OVMF): back to 4011")
            << 0x0a4d0091u << 0u << int(MessageType::Ack) << 0x0a4d0091u << 4011 << true << "10.77.0.145" << 4011;
        QTest::newRow("4011 from 68") << 0x0a4d0091u << 0u << int(MessageType::Ack) << 0x0a4d0091u << 68 << true
                                      << "10.77.0.145" << 68;
        QTest::newRow("4011 from no address: broadcast")
            << 0u << 0u << int(MessageType::Ack) << 0u << 68 << true << "255.255.255.255" << 68;
    }

    void destinations()
    {
        QFETCH(quint32, ciaddr);
        QFETCH(quint32, giaddr);
        QFETCH(int, type);
        QFETCH(quint32, source);
        QFETCH(int, sourcePort);
        QFETCH(bool, pxePort);
        QFETCH(QString, address);
        QFETCH(int, port);
        DhcpPacket p;
        p.ciaddr = ciaddr;
        p.giaddr = giaddr;
        const ReplyDestination to =
            replyDestination(p, MessageType(type), source, quint16(sourcePort), pxePort, 68, 67);
        QCOMPARE(ipv4Text(to.address), address);
        QCOMPARE(int(to.port), port);
    }
};

QTEST_GUILESS_MAIN(TestProxyResponder)
#include "tst_dhcpproxyresponder.moc"
