// The TFTP service over real UDP sockets on loopback: options, netascii, rollover, windows with
// lost and duplicated ACKs, timeouts, the root jail, case mapping, uploads, events, concurrency.
#include "tftp/tftptestsupport.h"

#include <QDir>
#include <QThread>

#include <sys/stat.h>
#include <unistd.h>

using namespace bootbench;
using namespace tftptest;

Q_DECLARE_METATYPE(bootbench::TftpOptions)

namespace {
TftpOptions opts(std::initializer_list<std::pair<const char *, const char *>> list)
{
    TftpOptions o;
    for (const auto &[name, value] : list)
        o.append({QByteArray(name), QByteArray(value)});
    return o;
}
} // namespace

class TestTftpService : public QObject
{
    Q_OBJECT
private slots:
    void servesPlainRfc1350()
    {
        Server server;
        QVERIFY(server.waitRunning());
        const QByteArray content = pattern(5000);
        QVERIFY(writeFile(server.file(QStringLiteral("undionly.kpxe")), content));
        Client client(server.port());
        const Result r = client.get("undionly.kpxe");
        QVERIFY2(r.ok, qPrintable(r.failure + QString::fromUtf8(r.errorMessage)));
        QVERIFY(!r.gotOack);
        QCOMPARE(sha256(r.data), sha256(content));
        QCOMPARE(r.dataPackets, 10);           // 9 full blocks + 392 bytes
        QVERIFY(r.serverTid != server.port()); // a fresh ephemeral port per transfer
        BootEvent finished;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-finished"), QStringLiteral("undionly.kpxe"), &finished));
        QCOMPARE(finished.phase, Phase::Bootstrap);
        QCOMPARE(finished.bytes, qint64(5000));
        QVERIFY(finished.mac.isEmpty());
        QCOMPARE(finished.peer, QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort()));
        BootEvent started;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-started"), QStringLiteral("undionly.kpxe"), &started));
        QCOMPARE(started.total, qint64(5000));
    }

    void optionsAndOack_data()
    {
        QTest::addColumn<TftpOptions>("request");
        QTest::addColumn<TftpOptions>("oack");
        QTest::addColumn<int>("blocks");
        QTest::addColumn<bool>("blksizeOn");
        QTest::addColumn<int>("maxBlksize");
        const int size = 10000;
        QTest::newRow("blksize") << opts({{"blksize", "1468"}}) << opts({{"blksize", "1468"}}) << 7 << true << 65464;
        QTest::newRow("blksize 8") << opts({{"blksize", "8"}}) << opts({{"blksize", "8"}}) << 1251 << true << 65464;
        QTest::newRow("blksize 65464") << opts({{"blksize", "65464"}}) << opts({{"blksize", "65464"}}) << 1 << true
                                       << 65464;
        QTest::newRow("blksize over max")
            << opts({{"blksize", "65535"}}) << opts({{"blksize", "65464"}}) << 1 << true << 65464;
        QTest::newRow("blksize config max")
            << opts({{"blksize", "1468"}}) << opts({{"blksize", "1000"}}) << 11 << true << 1000;
        QTest::newRow("blksize switched off")
            << opts({{"blksize", "1468"}, {"tsize", "0"}}) << opts({{"tsize", QByteArray::number(size).constData()}})
            << 20 << false << 65464;
        QTest::newRow("tsize") << opts({{"tsize", "0"}}) << opts({{"tsize", "10000"}}) << 20 << true << 65464;
        QTest::newRow("timeout") << opts({{"timeout", "2"}}) << opts({{"timeout", "2"}}) << 20 << true << 65464;
        QTest::newRow("windowsize") << opts({{"windowsize", "4"}}) << opts({{"windowsize", "4"}}) << 20 << true
                                    << 65464;
        QTest::newRow("all, EDK2 style")
            << opts({{"blksize", "1468"}, {"windowsize", "4"}, {"tsize", "0"}, {"timeout", "1"}, {"unknown", "x"}})
            << opts({{"blksize", "1468"}, {"windowsize", "4"}, {"tsize", "10000"}, {"timeout", "1"}}) << 7 << true
            << 65464;
    }

    void optionsAndOack()
    {
        QFETCH(TftpOptions, request);
        QFETCH(TftpOptions, oack);
        QFETCH(int, blocks);
        QFETCH(bool, blksizeOn);
        QFETCH(int, maxBlksize);
        ServiceConfig config;
        config.tftpBlksizeNegotiation = blksizeOn;
        config.tftpMaxBlksize = maxBlksize;
        Server server(config);
        QVERIFY(server.waitRunning());
        const QByteArray content = pattern(10000);
        QVERIFY(writeFile(server.file(QStringLiteral("f.bin")), content));
        Client client(server.port());
        Options o;
        o.options = request;
        const Result r = client.get("f.bin", o);
        QVERIFY2(r.ok, qPrintable(r.failure + QString::fromUtf8(r.errorMessage)));
        QVERIFY(r.gotOack);
        QCOMPARE(r.oack, oack);
        QCOMPARE(r.dataPackets, blocks);
        QCOMPARE(r.duplicateData, 0);
        QCOMPARE(sha256(r.data), sha256(content));
    }

    // Lock-step: each block is read while the previous one waits for its ACK (large ones straight
    // from the file, small ones from the read-ahead buffer). Every size must give the exact bytes,
    // with an empty last block for a size that is a multiple of blksize, and a block whose ACK was
    // lost must be sent again although the next one is already prepared.
    void largeAndSmallBlocksFromTheFile_data()
    {
        QTest::addColumn<int>("blksize");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("dropEveryNthAck");
        QTest::newRow("8192, 5 blocks + 100") << 8192 << 5 * 8192 + 100 << 0;
        QTest::newRow("8192, exact multiple") << 8192 << 3 * 8192 << 0;
        QTest::newRow("65464, exact multiple, lost ACKs") << 65464 << 4 * 65464 << 2;
        QTest::newRow("40000, lost ACKs") << 40000 << 300001 << 3;
        QTest::newRow("1468, read-ahead, lost ACKs") << 1468 << 200 * 1468 + 7 << 5;
        QTest::newRow("512, read-ahead, exact multiple") << 512 << 300 * 512 << 0;
    }

    void largeAndSmallBlocksFromTheFile()
    {
        QFETCH(int, blksize);
        QFETCH(int, size);
        QFETCH(int, dropEveryNthAck);
        ServiceConfig config;
        config.tftpTimeoutMs = 30; // lost ACKs: keep the resends quick
        config.tftpRetries = 20;
        Server server(config);
        QVERIFY(server.waitRunning());
        const QByteArray content = pattern(size, blksize);
        QVERIFY(writeFile(server.file(QStringLiteral("big.bin")), content));
        Client client(server.port());
        Options o;
        o.options = opts({{"blksize", QByteArray::number(blksize).constData()}});
        o.dropEveryNthAck = dropEveryNthAck;
        const Result r = client.get("big.bin", o);
        QVERIFY2(r.ok, qPrintable(r.failure + QString::fromUtf8(r.errorMessage)));
        QCOMPARE(r.data.size(), content.size());
        QCOMPARE(sha256(r.data), sha256(content));
        const int blocks = size / blksize + 1;
        if (dropEveryNthAck == 0) {
            QCOMPARE(r.dataPackets, blocks);
            QCOMPARE(r.duplicateData, 0);
        } else {
            QVERIFY(r.duplicateData > 0); // the server resent what the lost ACKs did not acknowledge
        }
    }

    void refusesBadBlksizeWithError8()
    {
        Server server;
        QVERIFY(server.waitRunning());
        QVERIFY(writeFile(server.file(QStringLiteral("f")), "x"));
        Client client(server.port());
        Options o;
        o.options = opts({{"blksize", "4"}});
        const Result r = client.get("f", o);
        QVERIFY(r.gotError);
        QCOMPARE(r.errorCode, TftpErrorCode::OptionRefused);
    }

    void netasciiConversion()
    {
        ServiceConfig config;
        config.tftpTimeoutMs = 30; // the client "loses" ACKs: keep the resends quick
        Server server(config);
        QVERIFY(server.waitRunning());
        QByteArray text;
        for (int i = 0; i < 40; ++i)
            text += "line " + QByteArray::number(i) + (i % 3 == 0 ? "\r" : "\n");
        QVERIFY(writeFile(server.file(QStringLiteral("default")), text));
        QByteArray wire = text;
        wire.replace("\r", QByteArray("\r\0", 2)).replace("\n", "\r\n");
        Client client(server.port());
        for (const char *window : {"1", "3"}) {
            Options o;
            o.mode = "netascii";
            o.options = opts({{"blksize", "8"}, {"windowsize", window}, {"tsize", "0"}});
            o.dropEveryNthAck = 4; // forces resends from checkpoints inside the converted stream
            const Result r = client.get("default", o);
            QVERIFY2(r.ok, qPrintable(r.failure));
            QCOMPARE(r.data, wire);
            QCOMPARE(r.oack, opts({{"blksize", "8"}, {"windowsize", window}})); // no tsize for netascii
        }
    }

    void rolloverPastBlock65535()
    {
        Server server;
        QVERIFY(server.waitRunning());
        // 65536 full blocks of 8 bytes plus a short one: block numbers wrap 65535 → 0 → 1.
        const QByteArray content = pattern(65536 * 8 + 5, 7);
        QVERIFY(writeFile(server.file(QStringLiteral("winpe.wim")), content));
        Client client(server.port());
        Options o;
        o.options = opts({{"blksize", "8"}});
        QElapsedTimer t;
        t.start();
        const Result r = client.get("winpe.wim", o);
        QVERIFY2(r.ok, qPrintable(r.failure));
        QCOMPARE(r.dataPackets, 65537);
        QCOMPARE(sha256(r.data), sha256(content));
        QVERIFY(server.waitEvent(QStringLiteral("transfer-finished"), QStringLiteral("winpe.wim")));
        // Progress events: at most a few per second.
        const int progress = server.count(QStringLiteral("transfer-progress"), QStringLiteral("winpe.wim"));
        QVERIFY2(progress <= int(t.elapsed() / 1000 * 3 + 3), qPrintable(QString::number(progress)));

        // The same with a window: rollover in the middle of a window.
        o.options = opts({{"blksize", "8"}, {"windowsize", "16"}});
        const Result w = client.get("winpe.wim", o);
        QVERIFY2(w.ok, qPrintable(w.failure));
        QCOMPARE(sha256(w.data), sha256(content));
    }

    void windowWithLostAcks()
    {
        ServiceConfig config;
        config.tftpTimeoutMs = 50;
        Server server(config);
        QVERIFY(server.waitRunning());
        const QByteArray content = pattern(64 * 512 + 100, 3);
        QVERIFY(writeFile(server.file(QStringLiteral("kernel")), content));
        Client client(server.port());
        Options o;
        o.options = opts({{"windowsize", "4"}});
        o.dropEveryNthAck = 3;
        const Result r = client.get("kernel", o);
        QVERIFY2(r.ok, qPrintable(r.failure));
        QCOMPARE(sha256(r.data), sha256(content));
        QVERIFY(r.duplicateData > 0); // the server resent windows after its timeout
        BootEvent finished;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-finished"), QStringLiteral("kernel"), &finished));
        QVERIFY2(finished.detail.contains(QStringLiteral("retransmissions")), qPrintable(finished.detail));
        QVERIFY2(!finished.detail.contains(QStringLiteral(" 0 retransmissions")), qPrintable(finished.detail));
    }

    void duplicateAcksNeverCauseDuplicateData_data()
    {
        QTest::addColumn<QByteArray>("window");
        QTest::newRow("lock-step") << QByteArray("1");
        QTest::newRow("windowsize 8") << QByteArray("8");
    }

    void duplicateAcksNeverCauseDuplicateData()
    {
        QFETCH(QByteArray, window);
        ServiceConfig config;
        config.tftpTimeoutMs = 2000; // no timeout may hide a duplicate burst
        Server server(config);
        QVERIFY(server.waitRunning());
        const QByteArray content = pattern(300 * 512 + 1, 4);
        QVERIFY(writeFile(server.file(QStringLiteral("initrd")), content));
        Client client(server.port());
        Options o;
        o.options = {{"windowsize", window}};
        o.duplicateAcks = true; // every ACK twice
        const Result r = client.get("initrd", o);
        QVERIFY2(r.ok, qPrintable(r.failure));
        QCOMPARE(sha256(r.data), sha256(content));
        QCOMPARE(r.duplicateData, 0); // Sorcerer's Apprentice: duplicate ACKs are not answered
        QCOMPARE(r.dataPackets, 301);
    }

    void vanishedClientTimesOutWithBackoff()
    {
        ServiceConfig config;
        config.tftpTimeoutMs = 40;
        config.tftpRetries = 3;
        Server server(config);
        QVERIFY(server.waitRunning());
        QVERIFY(writeFile(server.file(QStringLiteral("ldlinux.c32")), pattern(4096)));
        Client client(server.port());
        Options o;
        o.stopAfterBlocks = 0; // receives DATA 1, never acknowledges
        o.timeoutMs = 800;
        o.retries = 0;
        QElapsedTimer t;
        t.start();
        const Result r = client.get("ldlinux.c32", o);
        QVERIFY(!r.ok);
        // The first DATA 1, then exactly 3 retransmissions, spaced further and further apart.
        QCOMPARE(r.dataPackets, 4);
        const qint64 gap1 = r.dataTimesMs[1] - r.dataTimesMs[0];
        const qint64 gap3 = r.dataTimesMs[3] - r.dataTimesMs[2];
        QVERIFY2(gap3 >= gap1 * 2, qPrintable(QStringLiteral("gaps %1 ms then %2 ms").arg(gap1).arg(gap3)));
        BootEvent failed;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-failed"), QStringLiteral("ldlinux.c32"), &failed));
        QVERIFY2(failed.detail.contains(QStringLiteral("timeout")), qPrintable(failed.detail));
        QCOMPARE(failed.outcome, Outcome::Failed);
        QCOMPARE(failed.phase, Phase::Loader);
        QVERIFY(t.elapsed() < 3000);
        QTRY_COMPARE(server.service()->activeTransfers(), 0);
    }

    void clientAbortAndTsizeProbe()
    {
        Server server;
        QVERIFY(server.waitRunning());
        QVERIFY(writeFile(server.file(QStringLiteral("snponly.efi")), pattern(100000)));
        Client client(server.port());
        // EDK2: RRQ with tsize=0, reads the OACK, aborts with ERROR 8 — a normal refusal.
        client.sendRaw(TftpPacket::encodeRequest(TftpOpcode::Rrq, "snponly.efi", "octet", {{"tsize", "0"}}));
        QByteArray d;
        quint16 tid = 0;
        QVERIFY(client.receive(&d, &tid, 3000));
        TftpPacket oack;
        QCOMPARE(TftpPacket::decode(d, &oack), TftpDecodeError::None);
        QCOMPARE(oack.opcode, TftpOpcode::Oack);
        QCOMPARE(oack.option("tsize"), QByteArray("100000"));
        client.sendRaw(TftpPacket::encodeError(TftpErrorCode::OptionRefused, "User aborted the transfer"), tid);
        BootEvent probe;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-failed"), QStringLiteral("tsize-probe"), &probe));
        QCOMPARE(probe.outcome, Outcome::Expected);
        QCOMPARE(probe.phase, Phase::Bootstrap);

        // An abort in the middle of the data is a client abort, a failure.
        Client second(server.port());
        second.sendRaw(TftpPacket::encodeRequest(TftpOpcode::Rrq, "snponly.efi", "octet"));
        QVERIFY(second.receive(&d, &tid, 3000));
        second.sendRaw(TftpPacket::encodeError(TftpErrorCode::NotDefined, "power off"), tid);
        BootEvent abort;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-failed"), QStringLiteral("client-abort"), &abort));
        QCOMPARE(abort.outcome, Outcome::Failed);
        QVERIFY(abort.detail.contains(QStringLiteral("power off")));
    }

    void wrongTidGetsError5AndTransferGoesOn()
    {
        Server server;
        QVERIFY(server.waitRunning());
        const QByteArray content = pattern(3000);
        QVERIFY(writeFile(server.file(QStringLiteral("f")), content));
        Client client(server.port());
        client.sendRaw(TftpPacket::encodeRequest(TftpOpcode::Rrq, "f", "octet"));
        QByteArray d;
        quint16 tid = 0;
        QVERIFY(client.receive(&d, &tid, 3000));
        Client intruder(server.port());
        intruder.sendRaw(TftpPacket::encodeAck(1), tid);
        QByteArray e;
        quint16 from = 0;
        QVERIFY(intruder.receive(&e, &from, 3000));
        TftpPacket error;
        QCOMPARE(TftpPacket::decode(e, &error), TftpDecodeError::None);
        QCOMPARE(error.opcode, TftpOpcode::Error);
        QCOMPARE(error.errorCode, TftpErrorCode::UnknownTransferId);
        // The real client finishes normally.
        QByteArray received = d.mid(4);
        for (quint16 block = 1; d.size() == 516; ++block) {
            client.sendRaw(TftpPacket::encodeAck(block), tid);
            QVERIFY(client.receive(&d, &from, 3000));
            received += d.mid(4);
        }
        client.sendRaw(TftpPacket::encodeAck(6), tid);
        QCOMPARE(received, content);
        QVERIFY(server.waitEvent(QStringLiteral("transfer-finished"), QStringLiteral("f:")));
    }

    void traversalIsRefused_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<int>("code"); // 1 not found or 2 access violation
        QTest::newRow("../") << QByteArray("../outside.txt") << 2;
        QTest::newRow("..\\") << QByteArray("..\\outside.txt") << 2;
        QTest::newRow("deep ../") << QByteArray("boot/../../outside.txt") << 2;
        QTest::newRow("deep ..\\") << QByteArray("boot\\..\\..\\outside.txt") << 2;
        QTest::newRow("absolute /etc/passwd") << QByteArray("/etc/passwd") << 1;
        QTest::newRow("absolute outside") << QByteArray("OUTSIDE_ABS") << 1;
        QTest::newRow("symlink out") << QByteArray("link-out.txt") << 2;
        QTest::newRow("symlinked folder out") << QByteArray("linkdir/outside.txt") << 2;
        QTest::newRow("hard link out") << QByteArray("hardlink.txt") << 2;
        QTest::newRow("fifo") << QByteArray("fifo") << 2;
        QTest::newRow("device via symlink") << QByteArray("null") << 2;
        QTest::newRow("directory") << QByteArray("boot") << 2;
        QTest::newRow("control character") << QByteArray("a\x01z") << 2;
        QTest::newRow("over-long") << QByteArray(2000, 'a') << 2;
        QTest::newRow("long component") << QByteArray(300, 'b') << 2;
        QTest::newRow("only dots") << QByteArray("./.") << 2;
        QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe") << 2;
        QTest::newRow("NUL in name") << QByteArray("link-out.txt\0../outside.txt", 27) << 2;
    }

    void traversalIsRefused()
    {
        QFETCH(QByteArray, name);
        QFETCH(int, code);
        QTemporaryDir outside;
        QVERIFY(writeFile(outside.filePath(QStringLiteral("outside.txt")), "secret"));
        Server server;
        QVERIFY(server.waitRunning());
        QDir(server.root()).mkpath(QStringLiteral("boot"));
        QVERIFY(writeFile(server.file(QStringLiteral("boot/kernel")), "k"));
        QVERIFY(
            QFile::link(outside.filePath(QStringLiteral("outside.txt")), server.file(QStringLiteral("link-out.txt"))));
        QVERIFY(QFile::link(outside.path(), server.file(QStringLiteral("linkdir"))));
        QVERIFY(QFile::link(QStringLiteral("/dev/null"), server.file(QStringLiteral("null"))));
        QCOMPARE(::link(QFile::encodeName(outside.filePath(QStringLiteral("outside.txt"))).constData(),
                        QFile::encodeName(server.file(QStringLiteral("hardlink.txt"))).constData()),
                 0);
        QCOMPARE(::mkfifo(QFile::encodeName(server.file(QStringLiteral("fifo"))).constData(), 0644), 0);
        if (name == "OUTSIDE_ABS")
            name = QFile::encodeName(outside.filePath(QStringLiteral("outside.txt")));
        Client client(server.port());
        QByteArray datagram = TftpPacket::encodeRequest(TftpOpcode::Rrq, name, "octet");
        client.sendRaw(datagram);
        QByteArray d;
        quint16 from = 0;
        QVERIFY(client.receive(&d, &from, 3000));
        TftpPacket p;
        QCOMPARE(TftpPacket::decode(d, &p), TftpDecodeError::None);
        QCOMPARE(p.opcode, TftpOpcode::Error);
        QCOMPARE(int(p.errorCode), code);
        QVERIFY(!d.contains("secret"));
        BootEvent refused;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-failed"), QString(), &refused));
        QCOMPARE(refused.outcome, Outcome::Failed);
        QCOMPARE(refused.peer, QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort())); // logged with client
        QVERIFY2(refused.detail.contains(code == 1 ? QStringLiteral("not-found") : QStringLiteral("access-violation")),
                 qPrintable(refused.detail));
    }

    void symlinkInsideRootIsServed()
    {
        Server server;
        QVERIFY(server.waitRunning());
        QDir(server.root()).mkpath(QStringLiteral("bios"));
        QVERIFY(writeFile(server.file(QStringLiteral("bios/pxelinux.0")), "loader"));
        QVERIFY(QFile::link(server.file(QStringLiteral("bios/pxelinux.0")), server.file(QStringLiteral("pxelinux.0"))));
        Client client(server.port());
        const Result r = client.get("pxelinux.0");
        QVERIFY2(r.ok, qPrintable(QString::fromUtf8(r.errorMessage)));
        QCOMPARE(r.data, QByteArray("loader"));
        BootEvent started;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-started"), QStringLiteral("pxelinux.0"), &started));
        QCOMPARE(started.phase, Phase::Loader);
    }

    void backslashAndCaseMapping_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("windows boot manager") << QByteArray("\\Boot\\BCD");
        QTest::newRow("wrong case") << QByteArray("\\boot\\bcd");
        QTest::newRow("leading slash") << QByteArray("/Boot/BCD");
        QTest::newRow("dot slash") << QByteArray("./BOOT/./bcd");
        QTest::newRow("double slashes") << QByteArray("//boot//BCD");
    }

    void backslashAndCaseMapping()
    {
        QFETCH(QByteArray, name);
        Server server;
        QVERIFY(server.waitRunning());
        QDir(server.root()).mkpath(QStringLiteral("Boot"));
        // A lower-case "boot" too (Linux imaging files): BCD is only in "Boot".
        QDir(server.root()).mkpath(QStringLiteral("boot"));
        QVERIFY(writeFile(server.file(QStringLiteral("boot/kernel")), "k"));
        const QByteArray content = pattern(2000, 9);
        QVERIFY(writeFile(server.file(QStringLiteral("Boot/BCD")), content));
        Client client(server.port());
        const Result r = client.get(name);
        QVERIFY2(r.ok, qPrintable(QString::fromUtf8(r.errorMessage)));
        QCOMPARE(r.data, content);
        BootEvent finished;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-finished"), QString(), &finished));
        QCOMPARE(finished.phase, Phase::ImagingFiles);
    }

    void notFoundEvents_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<int>("phase");
        QTest::addColumn<int>("outcome");
        QTest::newRow("missing kernel") << QByteArray("/boot/kernel") << int(Phase::ImagingFiles)
                                        << int(Outcome::Failed);
        QTest::newRow("updateDrivers.tgz")
            << QByteArray("/boot/updateDrivers.tgz") << int(Phase::ImagingFiles) << int(Outcome::Expected);
        QTest::newRow("pxelinux.cfg look-up")
            << QByteArray("pxelinux.cfg/01-52-54-00-12-34-56") << int(Phase::ConfigFile) << int(Outcome::Expected);
        QTest::newRow("pxelinux.cfg hex ip")
            << QByteArray("pxelinux.cfg/C0A8") << int(Phase::ConfigFile) << int(Outcome::Expected);
        QTest::newRow("z_auto.cfg") << QByteArray("z_auto.cfg") << int(Phase::ConfigFile) << int(Outcome::Failed);
        QTest::newRow("bootstrap") << QByteArray("nvlnbp.sys") << int(Phase::Bootstrap) << int(Outcome::Failed);
    }

    void notFoundEvents()
    {
        QFETCH(QByteArray, name);
        QFETCH(int, phase);
        QFETCH(int, outcome);
        Server server;
        QVERIFY(server.waitRunning());
        Client client(server.port());
        const Result r = client.get(name);
        QVERIFY(r.gotError);
        QCOMPARE(r.errorCode, TftpErrorCode::FileNotFound);
        BootEvent e;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-failed"), QString(), &e));
        QCOMPARE(int(e.phase), phase);
        QCOMPARE(int(e.outcome), outcome);
        QCOMPARE(e.service, QStringLiteral("tftp"));
        // The event names the path that was looked for.
        QVERIFY2(e.detail.contains(server.root() + QLatin1Char('/')), qPrintable(e.detail));
        QCOMPARE(e.severity,
                 outcome == int(Outcome::Expected) ? BootEvent::Severity::Info : BootEvent::Severity::Warning);
    }

    void otherModesRefused()
    {
        Server server;
        QVERIFY(server.waitRunning());
        QVERIFY(writeFile(server.file(QStringLiteral("f")), "x"));
        Client client(server.port());
        Options o;
        o.mode = "mail";
        const Result r = client.get("f", o);
        QVERIFY(r.gotError);
        QCOMPARE(r.errorCode, TftpErrorCode::IllegalOperation);
    }

    void malformedRequestsAnswered()
    {
        Server server;
        QVERIFY(server.waitRunning());
        Client client(server.port());
        client.sendRaw(QByteArray("\0\1f\0octet\0blksize\0", 18));
        QByteArray d;
        quint16 from = 0;
        QVERIFY(client.receive(&d, &from, 3000));
        TftpPacket p;
        QCOMPARE(TftpPacket::decode(d, &p), TftpDecodeError::None);
        QCOMPARE(p.errorCode, TftpErrorCode::OptionRefused);
        // Garbage is not answered (no reflection), and the server keeps working.
        client.sendRaw(QByteArray("\0\x09zzzz", 6));
        client.sendRaw(QByteArray("\x01", 1));
        QVERIFY(!client.receive(&d, &from, 200));
        QVERIFY(writeFile(server.file(QStringLiteral("ok")), "fine"));
        QCOMPARE(client.get("ok").data, QByteArray("fine"));
    }

    void virtualFilesBeforeDisk()
    {
        struct Provider : TftpFileProvider
        {
            std::optional<QByteArray> fileFor(const QString &path, const QHostAddress &client) override
            {
                if (path != QLatin1String("z_auto.cfg"))
                    return std::nullopt;
                return "generated for " + client.toString().toLatin1();
            }
        };
        Server server;
        QVERIFY(server.waitRunning());
        QVERIFY(writeFile(server.file(QStringLiteral("z_auto.cfg")), "from disk"));
        QVERIFY(writeFile(server.file(QStringLiteral("winpe.cfg")), "disk winpe"));
        auto provider = std::make_shared<Provider>();
        server.service()->addFileProvider(provider); // from this (another) thread, while running
        Client client(server.port());
        QCOMPARE(client.get("/z_auto.cfg").data, QByteArray("generated for 127.0.0.1"));
        QCOMPARE(client.get("winpe.cfg").data, QByteArray("disk winpe"));
        Options o;
        o.options = opts({{"tsize", "0"}});
        const Result r = client.get("z_auto.cfg", o);
        QCOMPARE(r.oack, opts({{"tsize", "23"}}));
        server.service()->removeFileProvider(provider.get());
        QCOMPARE(client.get("z_auto.cfg").data, QByteArray("from disk"));
        BootEvent e;
        QVERIFY(server.waitEvent(QStringLiteral("transfer-finished"), QStringLiteral("z_auto.cfg"), &e));
        QCOMPARE(e.phase, Phase::ConfigFile);
    }

    void uploadsRefusedByDefault()
    {
        Server server;
        QVERIFY(server.waitRunning());
        Client client(server.port());
        const Result r = client.put("up.bin", "data");
        QVERIFY(r.gotError);
        QCOMPARE(r.errorCode, TftpErrorCode::AccessViolation);
        QVERIFY(!QFile::exists(server.file(QStringLiteral("up.bin"))));
        QVERIFY(server.waitEvent(QStringLiteral("transfer-failed"), QStringLiteral("uploads-disabled")));
    }

    void uploadsIntoConfiguredFolder()
    {
        QTemporaryDir uploads;
        ServiceConfig config;
        config.tftpUploadDir = uploads.path();
        Server server(config);
        QVERIFY(server.waitRunning());
        Client client(server.port());
        const QByteArray content = pattern(70000, 5);
        Result r = client.put("image.bin", content);
        QVERIFY2(r.ok, qPrintable(r.failure + QString::fromUtf8(r.errorMessage)));
        QFile f(uploads.filePath(QStringLiteral("image.bin")));
        QTRY_VERIFY(f.exists());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(sha256(f.readAll()), sha256(content));
        // With options, windowed.
        Options o;
        o.options = opts({{"blksize", "1024"}, {"windowsize", "4"}, {"tsize", "70000"}});
        r = client.put("image2.bin", content, o);
        QVERIFY2(r.ok, qPrintable(r.failure + QString::fromUtf8(r.errorMessage)));
        QCOMPARE(r.oack, o.options);
        QFile f2(uploads.filePath(QStringLiteral("image2.bin")));
        QTRY_VERIFY(f2.exists());
        QVERIFY(f2.open(QIODevice::ReadOnly));
        QCOMPARE(sha256(f2.readAll()), sha256(content));
        // Netascii uploads are converted back.
        o = {};
        o.mode = "netascii";
        r = client.put("notes.txt", QByteArray("a\r\nb\r\0c", 7), o);
        QVERIFY(r.ok);
        QFile f3(uploads.filePath(QStringLiteral("notes.txt")));
        QTRY_VERIFY(f3.exists());
        QVERIFY(f3.open(QIODevice::ReadOnly));
        QCOMPARE(f3.readAll(), QByteArray("a\nb\rc"));
        // Never replaces a file; never leaves the folder.
        r = client.put("image.bin", "other");
        QVERIFY(r.gotError);
        QCOMPARE(r.errorCode, TftpErrorCode::FileExists);
        r = client.put("../escape.bin", "x");
        QVERIFY(r.gotError);
        QCOMPARE(r.errorCode, TftpErrorCode::AccessViolation);
        // No temporary files left behind.
        QCOMPARE(QDir(uploads.path()).entryList(QDir::Files | QDir::Hidden).size(), 3);
    }

    void repeatedRequestDoesNotStartASecondTransfer()
    {
        Server server;
        QVERIFY(server.waitRunning());
        QVERIFY(writeFile(server.file(QStringLiteral("f")), pattern(100)));
        Client client(server.port());
        const QByteArray rrq = TftpPacket::encodeRequest(TftpOpcode::Rrq, "f", "octet", {{"tsize", "0"}});
        client.sendRaw(rrq);
        client.sendRaw(rrq);
        QByteArray d;
        quint16 tid = 0, second = 0;
        QVERIFY(client.receive(&d, &tid, 3000));
        // Only the first request is answered; a second OACK would come from another port.
        QVERIFY(!client.receive(&d, &second, 100) || second == tid);
        QCOMPARE(server.service()->activeTransfers(), 1);
        client.sendRaw(TftpPacket::encodeError(TftpErrorCode::OptionRefused, "abort"), tid);
    }

    // With one transfer running on the service thread the next one is handed to the second transfer
    // thread; a repeat of that request (the client's retransmission before it heard an answer) must
    // be recognised there as well, not start a third transfer.
    void repeatedRequestOfAHandedOverTransfer()
    {
        if (QThread::idealThreadCount() < 2)
            QSKIP("one core: no second transfer thread");
        Server server;
        QVERIFY(server.waitRunning());
        QVERIFY(writeFile(server.file(QStringLiteral("f")), pattern(100)));
        const QByteArray rrq = TftpPacket::encodeRequest(TftpOpcode::Rrq, "f", "octet", {{"tsize", "0"}});
        Client first(server.port());
        first.sendRaw(rrq);
        QByteArray d;
        quint16 firstTid = 0;
        QVERIFY(first.receive(&d, &firstTid, 3000));
        QCOMPARE(server.service()->activeTransfers(), 1);
        Client second(server.port());
        second.sendRaw(rrq);
        second.sendRaw(rrq);
        quint16 tid = 0, again = 0;
        QVERIFY(second.receive(&d, &tid, 3000));
        TftpPacket oack;
        QCOMPARE(TftpPacket::decode(d, &oack), TftpDecodeError::None);
        QCOMPARE(oack.opcode, TftpOpcode::Oack);
        QVERIFY(!second.receive(&d, &again, 100) || again == tid);
        QCOMPARE(server.service()->activeTransfers(), 2);
        // The handed-over transfer then runs to the end on its thread.
        second.sendRaw(TftpPacket::encodeAck(0), tid);
        QVERIFY(second.receive(&d, &again, 3000));
        QCOMPARE(again, tid);
        QCOMPARE(d.mid(4), pattern(100));
        second.sendRaw(TftpPacket::encodeAck(1), tid);
        first.sendRaw(TftpPacket::encodeError(TftpErrorCode::OptionRefused, "abort"), firstTid);
        QTRY_COMPARE(server.service()->activeTransfers(), 0);
        QCOMPARE(server.count(QStringLiteral("transfer-finished"), QStringLiteral("f")), 1);
    }

    void fiftyConcurrentClients()
    {
        Server server;
        QVERIFY(server.waitRunning());
        const QByteArray big = pattern(300000, 11);
        QVERIFY(writeFile(server.file(QStringLiteral("boot.wim")), big));
        constexpr int kClients = 50;
        QList<QThread *> threads;
        QList<Result> results(kClients);
        const quint16 port = server.port();
        for (int i = 0; i < kClients; ++i) {
            threads << QThread::create([&results, i, port] {
                Client client(port);
                Options o;
                if (i % 2)
                    o.options = {{"blksize", "1468"}};
                if (i % 5 == 0)
                    o.options.append(TftpOption{"windowsize", "8"});
                results[i] = client.get("boot.wim", o);
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        for (int i = 0; i < kClients; ++i) {
            QVERIFY2(results[i].ok, qPrintable(QStringLiteral("client %1: %2").arg(i).arg(results[i].failure)));
            QCOMPARE(sha256(results[i].data), sha256(big));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.count(QStringLiteral("transfer-finished"), QStringLiteral("boot.wim")),
                                  kClients, 5000);
        QCOMPARE(server.count(QStringLiteral("transfer-failed"), QString()), 0);
        QTRY_COMPARE(server.service()->activeTransfers(), 0);
    }

    void startFailsClearly()
    {
        ServiceConfig config;
        config.tftpRoot = QStringLiteral("/nonexistent/tftp-root");
        Server server(config, false);
        QString why;
        QVERIFY(!server.waitRunning(&why));
        QVERIFY2(why.contains(QStringLiteral("/nonexistent/tftp-root")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestTftpService)
#include "tst_tftpservice.moc"
