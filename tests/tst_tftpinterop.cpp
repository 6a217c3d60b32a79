// Acceptance of issue 3 with the real clients Debian ships: `bootbench serve --services tftp
// --tftp-port P --address 127.0.0.1 --tftp-root DIR` serves DIR to tftp (tftp-hpa), atftp,
// curl tftp:// and busybox tftp with matching checksums, and answers every traversal attempt with
// an ERROR packet.
#include "tftp/tftptestsupport.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

using namespace bootbench;
using namespace tftptest;

class TestTftpInterop : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    QTemporaryDir m_data;
    QTemporaryDir m_out;
    QProcess m_serve;
    QByteArray m_serveOutput;
    quint16 m_port = 0;
    QByteArray m_kernel; // spans many blocks, not a multiple of any block size used
    QByteArray m_bcd;
    int m_fetch = 0;

    static QString tool(const QString &name) { return QStandardPaths::findExecutable(name); }

    // Runs a client; returns what it wrote to `local`, or a null QByteArray.
    QByteArray run(const QString &program, const QStringList &arguments, const QString &local, QString *log)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, arguments);
        if (!p.waitForFinished(20000)) {
            p.kill();
            p.waitForFinished();
            *log = QStringLiteral("%1 did not finish in 20 s").arg(program);
            return {};
        }
        *log = QStringLiteral("%1 %2 → exit %3: %4")
                   .arg(program, arguments.join(QLatin1Char(' ')))
                   .arg(p.exitCode())
                   .arg(QString::fromLocal8Bit(p.readAll()));
        QFile f(local);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return f.readAll();
    }

    QString outFile() { return m_out.filePath(QStringLiteral("fetched-%1").arg(++m_fetch)); }
    QString port() const { return QString::number(m_port); }

private slots:
    void initTestCase()
    {
        m_kernel = pattern(1'000'003, 42);
        m_bcd = pattern(12345, 43);
        QDir(m_root.path()).mkpath(QStringLiteral("boot"));
        QDir(m_root.path()).mkpath(QStringLiteral("Boot"));
        QVERIFY(writeFile(m_root.filePath(QStringLiteral("boot/kernel")), m_kernel));
        QVERIFY(writeFile(m_root.filePath(QStringLiteral("Boot/BCD")), m_bcd));
        QVERIFY(writeFile(m_out.filePath(QStringLiteral("secret.txt")), "secret"));
        QVERIFY(QFile::link(m_out.filePath(QStringLiteral("secret.txt")), m_root.filePath(QStringLiteral("out.txt"))));
        {
            QUdpSocket probe; // a free port for serve
            QVERIFY(probe.bind(QHostAddress::LocalHost, 0));
            m_port = probe.localPort();
        }
        m_serve.setProcessChannelMode(QProcess::MergedChannels);
        m_serve.start(QStringLiteral(BOOTBENCH_EXECUTABLE),
                      {QStringLiteral("serve"), QStringLiteral("--services"), QStringLiteral("tftp"),
                       QStringLiteral("--tftp-port"), port(), QStringLiteral("--address"), QStringLiteral("127.0.0.1"),
                       QStringLiteral("--tftp-root"), m_root.path(), QStringLiteral("--data-dir"), m_data.path()});
        QVERIFY2(m_serve.waitForStarted(10000), qPrintable(m_serve.errorString()));
        QElapsedTimer t;
        t.start();
        while (!m_serveOutput.contains("service tftp: running") && t.elapsed() < 20000 &&
               m_serve.state() == QProcess::Running) {
            m_serve.waitForReadyRead(200);
            m_serveOutput += m_serve.readAll();
        }
        QVERIFY2(m_serveOutput.contains("service tftp: running"), m_serveOutput.constData());
    }

    void cleanupTestCase()
    {
        if (m_serve.state() == QProcess::Running) {
            m_serve.terminate();
            if (!m_serve.waitForFinished(10000))
                m_serve.kill();
        }
    }

    void tftpHpa_data()
    {
        QTest::addColumn<QString>("remote");
        QTest::addColumn<QString>("mode");
        QTest::newRow("octet") << QStringLiteral("boot/kernel") << QStringLiteral("binary");
        QTest::newRow("leading slash") << QStringLiteral("/boot/kernel") << QStringLiteral("octet");
        QTest::newRow("windows name, wrong case") << QStringLiteral("\\boot\\bcd") << QStringLiteral("binary");
    }

    void tftpHpa()
    {
        QFETCH(QString, remote);
        QFETCH(QString, mode);
        const QString exe = tool(QStringLiteral("tftp"));
        if (exe.isEmpty())
            QFAIL("tftp (Debian package tftp-hpa) is not installed");
        const QString local = outFile();
        QString log;
        const QByteArray got = run(exe,
                                   {QStringLiteral("-m"), mode, QStringLiteral("127.0.0.1"), port(),
                                    QStringLiteral("-c"), QStringLiteral("get"), remote, local},
                                   local, &log);
        const QByteArray &want = remote.contains(QLatin1String("bcd")) ? m_bcd : m_kernel;
        QVERIFY2(sha256(got) == sha256(want), qPrintable(log));
    }

    void atftp_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("plain") << QStringList();
        QTest::newRow("blksize 1468") << QStringList{QStringLiteral("--option"), QStringLiteral("blksize 1468")};
        QTest::newRow("blksize 1468 + tsize + timeout")
            << QStringList{QStringLiteral("--option"), QStringLiteral("blksize 1468"), QStringLiteral("--option"),
                           QStringLiteral("tsize 0"),  QStringLiteral("--option"),     QStringLiteral("timeout 2")};
        QTest::newRow("windowsize 8") << QStringList{QStringLiteral("--option"), QStringLiteral("blksize 1468"),
                                                     QStringLiteral("--option"), QStringLiteral("windowsize 8")};
    }

    void atftp()
    {
        QFETCH(QStringList, options);
        const QString exe = tool(QStringLiteral("atftp"));
        if (exe.isEmpty())
            QFAIL("atftp (Debian package atftp) is not installed");
        const QString local = outFile();
        QString log;
        const QByteArray got =
            run(exe,
                options + QStringList{QStringLiteral("-g"), QStringLiteral("-r"), QStringLiteral("boot/kernel"),
                                      QStringLiteral("-l"), local, QStringLiteral("127.0.0.1"), port()},
                local, &log);
        QVERIFY2(sha256(got) == sha256(m_kernel), qPrintable(log));
    }

    void curl_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("default") << QStringList();
        QTest::newRow("blksize 1468") << QStringList{QStringLiteral("--tftp-blksize"), QStringLiteral("1468")};
        QTest::newRow("blksize 65464") << QStringList{QStringLiteral("--tftp-blksize"), QStringLiteral("65464")};
        QTest::newRow("no options") << QStringList{QStringLiteral("--tftp-no-options")};
    }

    void curl()
    {
        QFETCH(QStringList, options);
        const QString exe = tool(QStringLiteral("curl"));
        if (exe.isEmpty())
            QFAIL("curl (Debian package curl) is not installed");
        const QString local = outFile();
        QString log;
        const QByteArray got = run(exe,
                                   options + QStringList{QStringLiteral("-sS"), QStringLiteral("-o"), local,
                                                         QStringLiteral("tftp://127.0.0.1:%1/boot/kernel").arg(m_port)},
                                   local, &log);
        QVERIFY2(sha256(got) == sha256(m_kernel), qPrintable(log));
    }

    void busybox_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("default") << QStringList();
        QTest::newRow("blksize 1468") << QStringList{QStringLiteral("-b"), QStringLiteral("1468")};
    }

    void busybox()
    {
        QFETCH(QStringList, options);
        const QString exe = tool(QStringLiteral("busybox"));
        if (exe.isEmpty())
            QFAIL("busybox (Debian package busybox-static) is not installed");
        const QString local = outFile();
        QString log;
        const QByteArray got = run(exe,
                                   QStringList{QStringLiteral("tftp"), QStringLiteral("-g"), QStringLiteral("-r"),
                                               QStringLiteral("boot/kernel"), QStringLiteral("-l"), local} +
                                       options + QStringList{QStringLiteral("127.0.0.1"), port()},
                                   local, &log);
        QVERIFY2(sha256(got) == sha256(m_kernel), qPrintable(log));
    }

    void traversalAnsweredWithError_data()
    {
        QTest::addColumn<QByteArray>("name");
        for (const char *name : {"../etc/passwd", "..\\..\\etc\\passwd", "/etc/passwd", "boot/../../x", "out.txt",
                                 "boot/..\\..\\out.txt", "/proc/self/environ", "\\..\\secret.txt"})
            QTest::newRow(name) << QByteArray(name);
        QTest::newRow("NUL") << QByteArray("out.txt\0../secret.txt", 21);
    }

    void traversalAnsweredWithError()
    {
        QFETCH(QByteArray, name);
        Client client(m_port);
        client.sendRaw(TftpPacket::encodeRequest(TftpOpcode::Rrq, name, "octet"));
        QByteArray d;
        quint16 from = 0;
        QVERIFY(client.receive(&d, &from, 5000));
        TftpPacket p;
        QCOMPARE(TftpPacket::decode(d, &p), TftpDecodeError::None);
        QCOMPARE(p.opcode, TftpOpcode::Error);
        QVERIFY2(p.errorCode == TftpErrorCode::AccessViolation || p.errorCode == TftpErrorCode::FileNotFound,
                 qPrintable(QString::number(int(p.errorCode))));
    }

    void traversalWithRealClient()
    {
        const QString exe = tool(QStringLiteral("tftp"));
        if (exe.isEmpty())
            QFAIL("tftp (Debian package tftp-hpa) is not installed");
        const QString local = outFile();
        QString log;
        const QByteArray got = run(exe,
                                   {QStringLiteral("127.0.0.1"), port(), QStringLiteral("-c"), QStringLiteral("get"),
                                    QStringLiteral("../../../../etc/passwd"), local},
                                   local, &log);
        QVERIFY2(!got.contains("root:"), qPrintable(log));
        QVERIFY2(log.contains(QLatin1String("Error code 2")), qPrintable(log));
    }

    void serveLoggedTheTransfers()
    {
        const auto logged = [this](const char *text) {
            m_serveOutput += m_serve.readAll();
            return m_serveOutput.contains(text);
        };
        QTRY_VERIFY_WITH_TIMEOUT(logged("tftp transfer-finished phase=7"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(logged("tftp transfer-failed"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(logged("access-violation"), 5000);
    }
};

QTEST_GUILESS_MAIN(TestTftpInterop)
#include "tst_tftpinterop.moc"
