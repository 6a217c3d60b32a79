// Table-driven tests of the TFTP packet codec and option negotiation (no sockets).
#include "tftp/tftpnegotiation.h"
#include "tftp/tftppacket.h"

#include <QTest>

using namespace bootbench;

Q_DECLARE_METATYPE(bootbench::TftpDecodeError)
Q_DECLARE_METATYPE(bootbench::TftpOpcode)
Q_DECLARE_METATYPE(bootbench::TftpOptions)

namespace {
// A string literal with its embedded NULs, without the terminating one.
template <size_t N>
QByteArray raw(const char (&literal)[N])
{
    return QByteArray(literal, qsizetype(N - 1));
}

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (int v : values)
        out.append(char(v));
    return out;
}

QByteArray rrq(const QByteArray &body)
{
    return bytes({0, 1}) + body;
}

QByteArray manyOptions(int count)
{
    QByteArray body("f\0octet\0", 8);
    for (int i = 0; i < count; ++i)
        body += "opt" + QByteArray::number(i) + '\0' + "1" + '\0';
    return rrq(body);
}
} // namespace

class TestTftpPacket : public QObject
{
    Q_OBJECT
private slots:
    void decode_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<TftpDecodeError>("error");
        QTest::addColumn<TftpOpcode>("opcode");
        QTest::addColumn<QByteArray>("filename");
        QTest::addColumn<QByteArray>("mode");
        QTest::addColumn<TftpOptions>("options");
        QTest::addColumn<int>("block");
        QTest::addColumn<QByteArray>("payload"); // DATA payload or ERROR message

        using E = TftpDecodeError;
        using O = TftpOpcode;
        const TftpOptions none;
        // Valid packets, every opcode.
        QTest::newRow("rrq plain") << rrq(raw("pxelinux.0\0octet\0")) << E::None << O::Rrq << QByteArray("pxelinux.0")
                                   << QByteArray("octet") << none << 0 << QByteArray();
        QTest::newRow("rrq mode case") << rrq(raw("a\0NetASCII\0")) << E::None << O::Rrq << QByteArray("a")
                                       << QByteArray("netascii") << none << 0 << QByteArray();
        QTest::newRow("rrq options") << rrq(raw("boot/kernel\0octet\0BLKSIZE\0001468\0tsize\0000\0windowsize\0004\0"))
                                     << E::None << O::Rrq << QByteArray("boot/kernel") << QByteArray("octet")
                                     << TftpOptions{{"blksize", "1468"}, {"tsize", "0"}, {"windowsize", "4"}} << 0
                                     << QByteArray();
        QTest::newRow("rrq nul padding") << rrq(raw("a\0octet\0\0\0\0")) << E::None << O::Rrq << QByteArray("a")
                                         << QByteArray("octet") << none << 0 << QByteArray();
        QTest::newRow("rrq option with empty value")
            << rrq(raw("a\0octet\0x\0\0")) << E::None << O::Rrq << QByteArray("a") << QByteArray("octet")
            << TftpOptions{{"x", ""}} << 0 << QByteArray();
        QTest::newRow("wrq") << (bytes({0, 2}) + raw("up.bin\0octet\0")) << E::None << O::Wrq << QByteArray("up.bin")
                             << QByteArray("octet") << none << 0 << QByteArray();
        QTest::newRow("data") << (bytes({0, 3, 0x12, 0x34}) + "hello") << E::None << O::Data << QByteArray()
                              << QByteArray() << none << 0x1234 << QByteArray("hello");
        QTest::newRow("data empty") << bytes({0, 3, 0xff, 0xff}) << E::None << O::Data << QByteArray() << QByteArray()
                                    << none << 0xffff << QByteArray();
        QTest::newRow("ack") << bytes({0, 4, 0, 7}) << E::None << O::Ack << QByteArray() << QByteArray() << none << 7
                             << QByteArray();
        QTest::newRow("ack padded") << bytes({0, 4, 1, 0, 0, 0}) << E::None << O::Ack << QByteArray() << QByteArray()
                                    << none << 256 << QByteArray();
        QTest::newRow("error") << (bytes({0, 5, 0, 8}) + raw("User aborted the transfer\0")) << E::None << O::Error
                               << QByteArray() << QByteArray() << none << 0 << QByteArray("User aborted the transfer");
        QTest::newRow("error without nul") << (bytes({0, 5, 0, 1}) + "gone") << E::None << O::Error << QByteArray()
                                           << QByteArray() << none << 0 << QByteArray("gone");
        QTest::newRow("oack") << (bytes({0, 6}) + raw("tsize\0009\0")) << E::None << O::Oack << QByteArray()
                              << QByteArray() << TftpOptions{{"tsize", "9"}} << 0 << QByteArray();
        // Malformed packets.
        QTest::newRow("empty") << QByteArray() << E::Truncated << O::Ack << QByteArray() << QByteArray() << none << 0
                               << QByteArray();
        QTest::newRow("one byte") << bytes({0}) << E::Truncated << O::Ack << QByteArray() << QByteArray() << none << 0
                                  << QByteArray();
        QTest::newRow("opcode 0") << bytes({0, 0, 0, 0}) << E::UnknownOpcode << O::Ack << QByteArray() << QByteArray()
                                  << none << 0 << QByteArray();
        QTest::newRow("opcode 7") << bytes({0, 7, 0, 0}) << E::UnknownOpcode << O::Ack << QByteArray() << QByteArray()
                                  << none << 0 << QByteArray();
        QTest::newRow("opcode 256") << bytes({1, 1}) << E::UnknownOpcode << O::Ack << QByteArray() << QByteArray()
                                    << none << 0 << QByteArray();
        QTest::newRow("rrq opcode only") << bytes({0, 1}) << E::Truncated << O::Rrq << QByteArray() << QByteArray()
                                         << none << 0 << QByteArray();
        QTest::newRow("rrq no nul") << rrq("pxelinux.0") << E::MissingTerminator << O::Rrq << QByteArray()
                                    << QByteArray() << none << 0 << QByteArray();
        QTest::newRow("rrq no mode") << rrq(raw("a\0")) << E::Truncated << O::Rrq << QByteArray("a") << QByteArray()
                                     << none << 0 << QByteArray();
        QTest::newRow("rrq mode no nul") << rrq(raw("a\0octet")) << E::MissingTerminator << O::Rrq << QByteArray("a")
                                         << QByteArray() << none << 0 << QByteArray();
        QTest::newRow("rrq empty filename") << rrq(raw("\0octet\0")) << E::EmptyFilename << O::Rrq << QByteArray()
                                            << QByteArray() << none << 0 << QByteArray();
        QTest::newRow("rrq empty mode") << rrq(raw("a\0\0")) << E::EmptyMode << O::Rrq << QByteArray("a")
                                        << QByteArray() << none << 0 << QByteArray();
        QTest::newRow("option without value") << rrq(raw("a\0octet\0blksize\0")) << E::OptionWithoutValue << O::Rrq
                                              << QByteArray("a") << QByteArray("octet") << none << 0 << QByteArray();
        QTest::newRow("option name no nul") << rrq(raw("a\0octet\0blksize")) << E::MissingTerminator << O::Rrq
                                            << QByteArray("a") << QByteArray("octet") << none << 0 << QByteArray();
        QTest::newRow("option value no nul") << rrq(raw("a\0octet\0blksize\0001468")) << E::MissingTerminator << O::Rrq
                                             << QByteArray("a") << QByteArray("octet") << none << 0 << QByteArray();
        QTest::newRow("empty option name") << rrq(raw("a\0octet\0\0x\0")) << E::EmptyOptionName << O::Rrq
                                           << QByteArray("a") << QByteArray("octet") << none << 0 << QByteArray();
        QTest::newRow("duplicate option")
            << rrq(raw("a\0octet\0blksize\0008\0BlkSize\0009\0")) << E::DuplicateOption << O::Rrq << QByteArray("a")
            << QByteArray("octet") << TftpOptions{{"blksize", "8"}} << 0 << QByteArray();
        QTest::newRow("16 options") << manyOptions(16) << E::None << O::Rrq << QByteArray("f") << QByteArray("octet") <<
            [] {
                TftpOptions o;
                for (int i = 0; i < 16; ++i)
                    o.append({"opt" + QByteArray::number(i), "1"});
                return o;
            }() << 0 << QByteArray();
        QTest::newRow("huge option count") << manyOptions(5000) << E::TooManyOptions << O::Rrq << QByteArray("f")
                                           << QByteArray("octet") << TftpOptions() << -1 << QByteArray();
        QTest::newRow("data truncated") << bytes({0, 3, 0}) << E::Truncated << O::Data << QByteArray() << QByteArray()
                                        << none << 0 << QByteArray();
        QTest::newRow("ack truncated") << bytes({0, 4, 0}) << E::Truncated << O::Ack << QByteArray() << QByteArray()
                                       << none << 0 << QByteArray();
        QTest::newRow("error truncated") << bytes({0, 5, 0}) << E::Truncated << O::Error << QByteArray() << QByteArray()
                                         << none << 0 << QByteArray();
        QTest::newRow("oversized") << QByteArray(TftpPacket::kMaxPacketSize + 1, 'x') << E::Oversized << O::Ack
                                   << QByteArray() << QByteArray() << none << 0 << QByteArray();
    }

    void decode()
    {
        QFETCH(QByteArray, wire);
        QFETCH(TftpDecodeError, error);
        QFETCH(TftpOpcode, opcode);
        QFETCH(QByteArray, filename);
        QFETCH(QByteArray, mode);
        QFETCH(TftpOptions, options);
        QFETCH(int, block);
        QFETCH(QByteArray, payload);

        TftpPacket p;
        const TftpDecodeError got = TftpPacket::decode(wire, &p);
        QCOMPARE(tftpDecodeErrorKey(got), tftpDecodeErrorKey(error));
        if (got == TftpDecodeError::UnknownOpcode || got == TftpDecodeError::Oversized ||
            (got == TftpDecodeError::Truncated && wire.size() < 2))
            return;
        QCOMPARE(p.opcode, opcode);
        QCOMPARE(p.filename, filename);
        QCOMPARE(p.mode, mode);
        if (block >= 0) // -1: don't care (huge option list)
            QCOMPARE(p.options, options);
        if (got != TftpDecodeError::None)
            return;
        if (opcode == TftpOpcode::Data || opcode == TftpOpcode::Ack)
            QCOMPARE(int(p.block), block);
        if (opcode == TftpOpcode::Data)
            QCOMPARE(p.data, payload);
        if (opcode == TftpOpcode::Error)
            QCOMPARE(p.errorMessage, payload);
        // Round trip: what we encode decodes to the same packet.
        TftpPacket again;
        QCOMPARE(TftpPacket::decode(p.encode(), &again), TftpDecodeError::None);
        QCOMPARE(again.opcode, p.opcode);
        QCOMPARE(again.filename, p.filename);
        QCOMPARE(again.options, p.options);
        QCOMPARE(again.block, p.block);
        QCOMPARE(again.data, p.data);
        QCOMPARE(again.errorMessage, p.errorMessage);
    }

    void encodeExactBytes()
    {
        QCOMPARE(TftpPacket::encodeAck(0x0102), bytes({0, 4, 1, 2}));
        QCOMPARE(TftpPacket::encodeData(65535, "xy"), bytes({0, 3, 0xff, 0xff, 'x', 'y'}));
        QCOMPARE(TftpPacket::encodeError(TftpErrorCode::FileNotFound, "no"), bytes({0, 5, 0, 1, 'n', 'o', 0}));
        QCOMPARE(TftpPacket::encodeError(TftpErrorCode::NotDefined, raw("a\0b")),
                 bytes({0, 5, 0, 0, 'a', ' ', 'b', 0}));
        QCOMPARE(TftpPacket::encodeOack({{"tsize", "12"}}), bytes({0, 6, 't', 's', 'i', 'z', 'e', 0, '1', '2', 0}));
        QCOMPARE(TftpPacket::encodeRequest(TftpOpcode::Rrq, "f", "octet"),
                 bytes({0, 1, 'f', 0, 'o', 'c', 't', 'e', 't', 0}));
        TftpOpcode op;
        quint16 block;
        QVERIFY(!TftpPacket::peekHeader(bytes({0, 4, 0}), &op, &block));
        QVERIFY(TftpPacket::peekHeader(bytes({0, 4, 0xab, 0xcd}), &op, &block));
        QCOMPARE(op, TftpOpcode::Ack);
        QCOMPARE(block, quint16(0xabcd));
    }

    void negotiate_data()
    {
        QTest::addColumn<bool>("read");
        QTest::addColumn<TftpOptions>("options");
        QTest::addColumn<bool>("blksizeOn");
        QTest::addColumn<int>("maxBlksize");
        QTest::addColumn<qint64>("fileSize");
        QTest::addColumn<bool>("refused");
        QTest::addColumn<int>("blksize");
        QTest::addColumn<int>("windowsize");
        QTest::addColumn<TftpOptions>("oack");

        const TftpOptions none;
        QTest::newRow("no options") << true << none << true << 65464 << qint64(10) << false << 512 << 1 << none;
        QTest::newRow("blksize 1468") << true << TftpOptions{{"blksize", "1468"}} << true << 65464 << qint64(10)
                                      << false << 1468 << 1 << TftpOptions{{"blksize", "1468"}};
        QTest::newRow("blksize min") << true << TftpOptions{{"blksize", "8"}} << true << 65464 << qint64(10) << false
                                     << 8 << 1 << TftpOptions{{"blksize", "8"}};
        QTest::newRow("blksize clamped to RFC max")
            << true << TftpOptions{{"blksize", "70000"}} << true << 65464 << qint64(10) << false << 65464 << 1
            << TftpOptions{{"blksize", "65464"}};
        QTest::newRow("blksize clamped to config max")
            << true << TftpOptions{{"blksize", "9000"}} << true << 1468 << qint64(10) << false << 1468 << 1
            << TftpOptions{{"blksize", "1468"}};
        QTest::newRow("blksize too small")
            << true << TftpOptions{{"blksize", "7"}} << true << 65464 << qint64(10) << true << 512 << 1 << none;
        QTest::newRow("blksize not a number")
            << true << TftpOptions{{"blksize", "12a"}} << true << 65464 << qint64(10) << true << 512 << 1 << none;
        QTest::newRow("blksize switched off")
            << true << TftpOptions{{"blksize", "1468"}, {"tsize", "0"}} << false << 65464 << qint64(10) << false << 512
            << 1 << TftpOptions{{"tsize", "10"}};
        QTest::newRow("tsize read") << true << TftpOptions{{"tsize", "0"}} << true << 65464 << qint64(123456) << false
                                    << 512 << 1 << TftpOptions{{"tsize", "123456"}};
        QTest::newRow("tsize unknown size")
            << true << TftpOptions{{"tsize", "0"}} << true << 65464 << qint64(-1) << false << 512 << 1 << none;
        QTest::newRow("tsize write") << false << TftpOptions{{"tsize", "777"}} << true << 65464 << qint64(-1) << false
                                     << 512 << 1 << TftpOptions{{"tsize", "777"}};
        QTest::newRow("timeout") << true << TftpOptions{{"timeout", "3"}} << true << 65464 << qint64(1) << false << 512
                                 << 1 << TftpOptions{{"timeout", "3"}};
        QTest::newRow("timeout 0 ignored")
            << true << TftpOptions{{"timeout", "0"}} << true << 65464 << qint64(1) << false << 512 << 1 << none;
        QTest::newRow("timeout 256 ignored")
            << true << TftpOptions{{"timeout", "256"}} << true << 65464 << qint64(1) << false << 512 << 1 << none;
        QTest::newRow("windowsize") << true << TftpOptions{{"windowsize", "16"}} << true << 65464 << qint64(1) << false
                                    << 512 << 16 << TftpOptions{{"windowsize", "16"}};
        QTest::newRow("windowsize clamped") << true << TftpOptions{{"windowsize", "65535"}} << true << 65464
                                            << qint64(1) << false << 512 << 64 << TftpOptions{{"windowsize", "64"}};
        QTest::newRow("windowsize 0 ignored")
            << true << TftpOptions{{"windowsize", "0"}} << true << 65464 << qint64(1) << false << 512 << 1 << none;
        QTest::newRow("windowsize 65536 ignored")
            << true << TftpOptions{{"windowsize", "65536"}} << true << 65464 << qint64(1) << false << 512 << 1 << none;
        QTest::newRow("unknown ignored, order kept")
            << true << TftpOptions{{"windowsize", "4"}, {"multicast", ""}, {"blksize", "1468"}} << true << 65464
            << qint64(1) << false << 1468 << 4 << TftpOptions{{"windowsize", "4"}, {"blksize", "1468"}};
    }

    void negotiate()
    {
        QFETCH(bool, read);
        QFETCH(TftpOptions, options);
        QFETCH(bool, blksizeOn);
        QFETCH(int, maxBlksize);
        QFETCH(qint64, fileSize);
        QFETCH(bool, refused);
        QFETCH(int, blksize);
        QFETCH(int, windowsize);
        QFETCH(TftpOptions, oack);

        TftpPacket request;
        request.opcode = read ? TftpOpcode::Rrq : TftpOpcode::Wrq;
        request.filename = "f";
        request.mode = "octet";
        request.options = options;
        TftpLimits limits;
        limits.blksizeNegotiation = blksizeOn;
        limits.maxBlksize = maxBlksize;
        limits.maxWindowsize = 64;
        const TftpNegotiation n = TftpNegotiation::negotiate(request, limits, fileSize);
        QCOMPARE(n.refused, refused);
        if (refused) {
            QVERIFY(!n.refusal.isEmpty());
            return;
        }
        QCOMPARE(n.blksize, blksize);
        QCOMPARE(n.windowsize, windowsize);
        QCOMPARE(n.oack, oack);
    }
};

QTEST_GUILESS_MAIN(TestTftpPacket)
#include "tst_tftppacket.moc"
