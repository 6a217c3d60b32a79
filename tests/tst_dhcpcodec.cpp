// The DHCP codec (core/dhcp/dhcppacket, pxeclientinfo): captured client packets, malformed input,
// option overload, encoder round trips. Table-driven.
#include "dhcp/dhcppacket.h"
#include "dhcp/pxeclientinfo.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <memory>

using namespace bootbench::dhcp;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/tests/data/dhcp/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

// Decodes from a heap block of exactly `bytes.size()` bytes, so that an over-read is caught by
// AddressSanitizer (a QByteArray has a NUL after its end).
DecodeResult decodeExact(const QByteArray &bytes)
{
    std::unique_ptr<char[]> copy(new char[size_t(std::max<qsizetype>(1, bytes.size()))]);
    std::memcpy(copy.get(), bytes.constData(), size_t(bytes.size()));
    return decodeDhcpPacket(copy.get(), bytes.size());
}

// A minimal valid DHCPDISCOVER with the given bytes after the magic cookie.
QByteArray withOptions(const QByteArray &options)
{
    QByteArray b(kFixedHeaderSize, '\0');
    b[0] = 1;
    b[1] = 1;
    b[2] = 6;
    b.append("\x63\x82\x53\x63", 4);
    b.append(options);
    return b;
}

QByteArray bytes(std::initializer_list<int> list)
{
    QByteArray b;
    for (int v : list)
        b.append(char(v));
    return b;
}

} // namespace

class TestDhcpCodec : public QObject
{
    Q_OBJECT
private slots:
    void capturedPackets_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("arch");
        QTest::addColumn<QString>("vendorClass");
        QTest::addColumn<bool>("ipxe");
        QTest::addColumn<bool>("guid");
        QTest::addColumn<bool>("bootItem");
        QTest::addColumn<QString>("ciaddr");
        QTest::addColumn<QString>("requested");

        QTest::newRow("iPXE ROM BIOS discover")
            << "ipxe-rom-bios-discover.bin" << int(MessageType::Discover) << 0 << "PXEClient:Arch:00000:UNDI:002001"
            << true << true << false << "0.0.0.0"
            << "";
        QTest::newRow("iPXE ROM BIOS request")
            << "ipxe-rom-bios-request.bin" << int(MessageType::Request) << 0 << "PXEClient:Arch:00000:UNDI:002001"
            << true << true << false << "0.0.0.0"
            << "10.77.0.145";
        QTest::newRow("iPXE ROM BIOS request to 4011") << "ipxe-rom-bios-request-4011.bin" << int(MessageType::Request)
                                                       << 0 << "PXEClient" << true << true << true << "10.77.0.145"
                                                       << "";
        QTest::newRow("OVMF UEFI discover") << "ovmf-native-uefi-discover.bin" << int(MessageType::Discover) << 7
                                            << "PXEClient:Arch:00007:UNDI:003000" << false << true << false << "0.0.0.0"
                                            << "";
        QTest::newRow("OVMF UEFI request to 4011")
            << "ovmf-native-uefi-request-4011.bin" << int(MessageType::Request) << 7
            << "PXEClient:Arch:00007:UNDI:003000" << false << true << false << "10.77.0.145"
            << "";
        QTest::newRow("busybox udhcpc discover (not PXE)")
            << "busybox-udhcpc-discover.bin" << int(MessageType::Discover) << 0 << "udhcp 1.35.0" << false << false
            << false << "0.0.0.0"
            << "";
    }

    void capturedPackets()
    {
        QFETCH(QString, file);
        QFETCH(int, type);
        QFETCH(int, arch);
        QFETCH(QString, vendorClass);
        QFETCH(bool, ipxe);
        QFETCH(bool, guid);
        QFETCH(bool, bootItem);
        QFETCH(QString, ciaddr);
        QFETCH(QString, requested);

        const DecodeResult r = decodeExact(fixture(file));
        QVERIFY2(r.ok(), qPrintable(decodeErrorText(r.error)));
        const DhcpPacket &p = r.packet;
        QCOMPARE(p.op, kBootRequest);
        QCOMPARE(int(p.messageType()), type);
        QCOMPARE(p.mac(), QStringLiteral("52:54:00:77:00:10"));
        QCOMPARE(ipv4Text(p.ciaddr), ciaddr);
        const auto req = p.ipv4Option(opt::RequestedAddress);
        QCOMPARE(req ? ipv4Text(*req) : QString(), requested);
        const PxeClientInfo info = pxeClientInfo(p);
        QCOMPARE(int(info.arch()), arch);
        QCOMPARE(QString::fromLatin1(info.vendorClass), vendorClass);
        QCOMPARE(info.isIpxe(), ipxe);
        QCOMPARE(info.guid.size() == 17, guid);
        QCOMPARE(info.hasBootItem, bootItem);
        if (bootItem) {
            QCOMPARE(info.bootItemType, quint16(0x8000));
            QCOMPARE(info.bootItemLayer, quint16(0));
        }
        if (guid)
            QCOMPARE(info.guidText(), QStringLiteral("00000000-0000-0000-0000-000000000000"));
    }

    void ipxeDetails()
    {
        const PxeClientInfo info = pxeClientInfo(decodeExact(fixture("ipxe-rom-bios-discover.bin")).packet);
        QCOMPARE(info.userClasses, QList<QByteArray>{"iPXE"});
        QVERIFY(info.hasIpxeOptions);
        QVERIFY(info.hasNdi);
        QCOMPARE(int(info.ndiMajor), 2);
        QCOMPARE(int(info.ndiMinor), 1);
        QVERIFY(info.summary().contains(QStringLiteral("user-class=\"iPXE\"")));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<int>("error");

        const QByteArray good = fixture("ovmf-native-uefi-discover.bin");
        QTest::newRow("empty") << QByteArray() << int(DecodeError::TruncatedHeader);
        QTest::newRow("one byte") << QByteArray(1, '\1') << int(DecodeError::TruncatedHeader);
        QTest::newRow("header only, no cookie") << good.left(236) << int(DecodeError::TruncatedHeader);
        QTest::newRow("cookie cut") << good.left(239) << int(DecodeError::TruncatedHeader);
        QTest::newRow("cookie, no options") << good.left(240) << int(DecodeError::MissingEnd);
        QByteArray badCookie = good;
        badCookie[238] = 0;
        QTest::newRow("wrong magic cookie") << badCookie << int(DecodeError::BadMagicCookie);
        QByteArray bootp = good;
        bootp.replace(236, 4, QByteArray(4, '\0'));
        QTest::newRow("plain BOOTP (no cookie)") << bootp << int(DecodeError::BadMagicCookie);
        QByteArray hlen = good;
        hlen[2] = 17;
        QTest::newRow("hlen 17") << hlen << int(DecodeError::BadHardwareLength);
        QTest::newRow("option length past the end")
            << withOptions(bytes({53, 1, 1, 60, 40, 'P', 'X', 'E'})) << int(DecodeError::OptionTruncated);
        QTest::newRow("option code at the last byte")
            << withOptions(bytes({53, 1, 1, 60})) << int(DecodeError::OptionTruncated);
        QTest::newRow("missing END") << withOptions(bytes({53, 1, 1, 93, 2, 0, 7})) << int(DecodeError::MissingEnd);
        QTest::newRow("missing END after PAD run")
            << withOptions(bytes({53, 1, 1}) + QByteArray(200, '\0')) << int(DecodeError::MissingEnd);
        QTest::newRow("truncated fixture") << good.left(good.size() - 1) << int(DecodeError::MissingEnd);
        QTest::newRow("overloaded file with a runaway option") << [] {
            QByteArray b = withOptions(bytes({53, 1, 1, 52, 1, 1, 255}));
            b[108] = 60;
            b[109] = char(200); // past the 128-byte file field
            return b;
        }() << int(DecodeError::OptionTruncated);
    }

    void malformed()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(int, error);
        const DecodeResult r = decodeExact(datagram);
        QCOMPARE(int(r.error), error);
        QVERIFY(!r.ok());
        QVERIFY(r.errorOffset >= 0 && r.errorOffset <= datagram.size());
        QVERIFY(!decodeErrorText(r.error).isEmpty());
    }

    void legalOddities_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<int>("optionCount");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("value");

        QTest::newRow("PAD run between options")
            << withOptions(bytes({53, 1, 1}) + QByteArray(300, '\0') + bytes({60, 3, 'a', 'b', 'c', 255})) << 2 << 60
            << QByteArray("abc");
        QTest::newRow("zero-length option") << withOptions(bytes({53, 1, 1, 80, 0, 255})) << 2 << 80 << QByteArray();
        QTest::newRow("garbage after END")
            << withOptions(bytes({53, 1, 1, 255, 60, 200, 1, 2})) << 1 << 53 << bytes({1});
        QTest::newRow("repeated option concatenated (RFC 3396)")
            << withOptions(bytes({53, 1, 1, 60, 2, 'P', 'X', 12, 1, 'h', 60, 1, 'E', 255})) << 3 << 60
            << QByteArray("PXE");
        QTest::newRow("overload 1: options in file") << [] {
            QByteArray b = withOptions(bytes({53, 1, 1, 52, 1, 1, 255}));
            b.replace(108, 6, bytes({60, 3, 'P', 'X', 'E', 255}));
            return b;
        }() << 3 << 60 << QByteArray("PXE");
        QTest::newRow("overload 2: options in sname, no END there") << [] {
            QByteArray b = withOptions(bytes({53, 1, 1, 52, 1, 2, 255}));
            b.replace(44, 4, bytes({93, 2, 0, 9}));
            return b;
        }() << 3 << 93 << bytes({0, 9});
        QTest::newRow("overload 3: file before sname") << [] {
            QByteArray b = withOptions(bytes({53, 1, 1, 52, 1, 3, 255}));
            b.replace(44, 4, bytes({60, 2, 'C', 'D'}));
            b.replace(108, 5, bytes({60, 2, 'A', 'B', 255}));
            return b;
        }() << 3 << 60 << QByteArray("ABCD");
        QTest::newRow("overload with a bogus value")
            << withOptions(bytes({53, 1, 1, 52, 1, 200, 255})) << 2 << 52 << bytes({200});
        QTest::newRow("overload of zero length")
            << withOptions(bytes({53, 1, 1, 52, 0, 255})) << 2 << 52 << QByteArray();
    }

    void legalOddities()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(int, optionCount);
        QFETCH(int, code);
        QFETCH(QByteArray, value);
        const DecodeResult r = decodeExact(datagram);
        QVERIFY2(r.ok(), qPrintable(decodeErrorText(r.error)));
        QCOMPARE(int(r.packet.options.size()), optionCount);
        QVERIFY(r.packet.option(quint8(code)));
        QCOMPARE(*r.packet.option(quint8(code)), value);
    }

    void overloadedFieldsAreNotNames()
    {
        QByteArray b = withOptions(bytes({53, 1, 1, 52, 1, 1, 255}));
        b.replace(108, 6, bytes({60, 3, 'P', 'X', 'E', 255}));
        b.replace(44, 5, QByteArray("host\0", 5));
        const DecodeResult r = decodeExact(b);
        QVERIFY(r.ok());
        QVERIFY(r.packet.file.isEmpty());
        QCOMPARE(r.packet.sname, QByteArray("host"));
    }

    void optionSoup()
    {
        // 1500 bytes of well-formed options, then 1500 random bytes: the first decodes fully,
        // the second never crashes, whatever it yields.
        QRandomGenerator rng(4711);
        QByteArray soup;
        int count = 0;
        while (soup.size() < 1500) {
            const int len = int(rng.bounded(0, 20));
            soup.append(char(rng.bounded(1, 255)));
            soup.append(char(len));
            for (int i = 0; i < len; ++i)
                soup.append(char(rng.bounded(256)));
            ++count;
        }
        soup.append(char(255));
        const DecodeResult r = decodeExact(withOptions(soup));
        QVERIFY2(r.ok(), qPrintable(decodeErrorText(r.error)));
        QVERIFY(!r.packet.options.empty() && int(r.packet.options.size()) <= count);
        for (int round = 0; round < 2000; ++round) {
            QByteArray junk(int(rng.bounded(0, 1500)), Qt::Uninitialized);
            for (char &c : junk)
                c = char(rng.bounded(256));
            decodeExact(withOptions(junk));
            decodeExact(junk);
        }
    }

    void everyPrefixOfEveryFixture()
    {
        const QStringList files{"ipxe-rom-bios-discover.bin",        "ipxe-rom-bios-request.bin",
                                "ipxe-rom-bios-request-4011.bin",    "ovmf-native-uefi-discover.bin",
                                "ovmf-native-uefi-request-4011.bin", "busybox-udhcpc-discover.bin"};
        for (const QString &f : files) {
            const QByteArray full = fixture(f);
            int endAt = full.size();
            while (endAt > 0 && full.at(endAt - 1) != char(255))
                --endAt; // prefixes that still hold the END decode fine (zero padding follows)
            for (int n = 0; n < endAt - 1; ++n)
                QVERIFY2(!decodeExact(full.left(n)).ok(), qPrintable(QStringLiteral("%1 cut at %2").arg(f).arg(n)));
        }
    }

    void encodeRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f : {"ipxe-rom-bios-discover.bin", "ipxe-rom-bios-request-4011.bin",
                              "ovmf-native-uefi-discover.bin", "busybox-udhcpc-discover.bin"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }

    void encodeRoundTrip()
    {
        QFETCH(QString, file);
        const DhcpPacket a = decodeExact(fixture(file)).packet;
        const QByteArray wire = encodeDhcpPacket(a);
        QVERIFY(wire.size() >= kBootpMinimumSize);
        const DecodeResult b = decodeExact(wire);
        QVERIFY(b.ok());
        QCOMPARE(b.packet.xid, a.xid);
        QCOMPARE(b.packet.flags, a.flags);
        QCOMPARE(b.packet.ciaddr, a.ciaddr);
        QCOMPARE(b.packet.mac(), a.mac());
        QCOMPARE(b.packet.options.size(), a.options.size());
        QCOMPARE(b.packet.options.front().code, opt::MessageType);
        for (const DhcpOption &o : a.options)
            QCOMPARE(*b.packet.option(o.code), o.data);
    }

    void encodeReply()
    {
        DhcpPacket p;
        p.op = kBootReply;
        p.xid = 0x01020304;
        p.flags = kBroadcastFlag;
        p.siaddr = 0x0a4d0001;
        p.setMac(QByteArray::fromHex("525400770010"));
        p.file = "undionly.kpxe";
        p.setIpv4Option(opt::ServerId, 0x0a4d0001);
        p.setOption(opt::VendorClass, "PXEClient");
        p.setMessageType(MessageType::Offer); // added last, still encoded first
        p.setOption(opt::VendorSpecific, bytes({6, 1, 8, 255}));
        p.setOption(200, QByteArray(600, 'x')); // split into 255 + 255 + 90
        const QByteArray wire = encodeDhcpPacket(p);
        QCOMPARE(quint8(wire.at(240)), opt::MessageType);
        QCOMPARE(quint8(wire.at(242)), quint8(MessageType::Offer));
        QCOMPARE(wire.mid(108, 14), QByteArray("undionly.kpxe\0", 14));
        const DecodeResult r = decodeExact(wire);
        QVERIFY(r.ok());
        QCOMPARE(r.packet.messageType(), MessageType::Offer);
        QCOMPARE(r.packet.option(200)->size(), 600);
        QCOMPARE(*r.packet.ipv4Option(opt::ServerId), quint32(0x0a4d0001));
        QCOMPARE(r.packet.file, QByteArray("undionly.kpxe"));
        QVERIFY(r.packet.broadcastRequested());
        QCOMPARE(pxeClientInfo(r.packet).discoveryControl, 8);
    }

    void userClassForms_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QList<QByteArray>>("classes");
        QTest::addColumn<bool>("ipxe");
        QTest::newRow("iPXE bare string") << QByteArray("iPXE") << QList<QByteArray>{"iPXE"} << true;
        QTest::newRow("RFC 3004 list") << QByteArray("\x04iPXE\x03"
                                                     "abc")
                                       << QList<QByteArray>{"iPXE", "abc"} << true;
        QTest::newRow("RFC 3004 other") << QByteArray("\x03"
                                                      "abc")
                                        << QList<QByteArray>{"abc"} << false;
        QTest::newRow("length past end: taken whole") << QByteArray("\x09"
                                                                    "ab")
                                                      << QList<QByteArray>{"\x09"
                                                                           "ab"}
                                                      << false;
        QTest::newRow("zero length byte") << QByteArray("\x00", 1) << QList<QByteArray>{QByteArray("\x00", 1)} << false;
    }

    void userClassForms()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QList<QByteArray>, classes);
        QFETCH(bool, ipxe);
        DhcpPacket p;
        p.setOption(opt::UserClass, raw);
        const PxeClientInfo info = pxeClientInfo(p);
        QCOMPARE(info.userClasses, classes);
        QCOMPARE(info.isIpxe(), ipxe);
    }

    void pxeSubOptions_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("discovery");
        QTest::addColumn<bool>("bootItem");
        QTest::newRow("6=8") << bytes({6, 1, 8, 255}) << 1 << 8 << false;
        QTest::newRow("71 boot item, PADs") << bytes({0, 0, 71, 4, 0x80, 0, 0, 0, 255}) << 1 << -1 << true;
        QTest::newRow("runaway sub-option") << bytes({6, 1, 8, 71, 9, 0}) << 1 << 8 << false;
        QTest::newRow("short boot item ignored") << bytes({71, 2, 0x80, 0}) << 1 << -1 << false;
        QTest::newRow("empty") << QByteArray() << 0 << -1 << false;
        QTest::newRow("lone code") << bytes({6}) << 0 << -1 << false;
    }

    void pxeSubOptions()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, count);
        QFETCH(int, discovery);
        QFETCH(bool, bootItem);
        QCOMPARE(parsePxeSubOptions(raw).size(), count);
        DhcpPacket p;
        p.setOption(opt::VendorSpecific, raw);
        const PxeClientInfo info = pxeClientInfo(p);
        QCOMPARE(info.discoveryControl, discovery);
        QCOMPARE(info.hasBootItem, bootItem);
    }

    void architectures_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("arch");
        QTest::newRow("absent → BIOS") << QByteArray() << 0;
        QTest::newRow("EFI BC") << bytes({0, 7}) << 7;
        QTest::newRow("list, first wins") << bytes({0, 9, 0, 7}) << 9;
        QTest::newRow("odd length: whole pairs only") << bytes({0, 11, 3}) << 11;
        QTest::newRow("one byte: ignored") << bytes({7}) << 0;
    }

    void architectures()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, arch);
        DhcpPacket p;
        if (!raw.isNull())
            p.setOption(opt::ClientArch, raw);
        QCOMPARE(int(pxeClientInfo(p).arch()), arch);
        QVERIFY(!archName(quint16(arch)).isEmpty());
    }

    void nonEthernetHasNoMac()
    {
        DhcpPacket p;
        p.htype = 6;
        QVERIFY(p.mac().isEmpty());
        p.htype = 1;
        p.hlen = 8;
        QVERIFY(p.macBytes().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDhcpCodec)
#include "tst_dhcpcodec.moc"
