// Several benches on one PostgreSQL store (a private cluster, tests/pgcluster.h): changes and
// events reach the other bench by LISTEN/NOTIFY, not polling; a server restart loses no event
// below the writer's bound, reports the loss beyond it and the watcher listens again.
// CTest label "postgres"; without Debian's postgresql package every test fails naming it.

#include "pgcluster.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/eventrepository.h"
#include "store/eventwriter.h"
#include "store/repository.h"
#include "store/store.h"
#include "store/storewatcher.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace bootbench;

namespace {
// One `bootbench serve --services policy` on loopback, the password in PGPASSWORD only.
struct Serve
{
    explicit Serve(const QString &benchName)
        : bench(benchName)
    {}
    ~Serve()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(10000))
                process.kill();
        }
    }
    bool start(const QString &dbUrl, const QString &dataDir)
    {
        quint16 ports[2] = {0, 0};
        for (quint16 &port : ports) {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0))
                return false;
            port = probe.serverPort();
        }
        httpPort = ports[0];
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), QString::fromLatin1(test::PgCluster::kPassword));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(BOOTBENCH_EXECUTABLE),
                      {QStringLiteral("serve"), QStringLiteral("--db"), dbUrl, QStringLiteral("--bench-name"), bench,
                       QStringLiteral("--data-dir"), dataDir, QStringLiteral("--services"), QStringLiteral("policy"),
                       QStringLiteral("--address"), QStringLiteral("127.0.0.1"), QStringLiteral("--http-port"),
                       QString::number(ports[0]), QStringLiteral("--image-port"), QString::number(ports[1])});
        return process.waitForStarted(10000);
    }
    QString output()
    {
        stdoutText += QString::fromUtf8(process.readAllStandardOutput());
        return stdoutText;
    }
    QString errors()
    {
        stderrText += QString::fromUtf8(process.readAllStandardError());
        return stderrText;
    }
    QString get(const QString &path)
    {
        QNetworkAccessManager net;
        QNetworkReply *reply =
            net.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(httpPort).arg(path))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(5000);
        const QString text = QString::fromUtf8(reply->readAll());
        reply->deleteLater();
        return text;
    }

    QString bench;
    QProcess process;
    quint16 httpPort = 0;
    QString stdoutText;
    QString stderrText;
};
} // namespace

class TestSharedStore : public QObject
{
    Q_OBJECT

    test::PgCluster m_cluster;
    QString m_clusterError;
    bool m_clusterUp = false;

    std::unique_ptr<Store> open(const DatabaseUrl &url, const QString &bench)
    {
        QString error;
        auto store = Store::open(url, &error);
        if (!store) {
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
            return nullptr;
        }
        store->setBenchName(bench);
        return store;
    }

    static BootEventBatch events(int n, const QString &kind)
    {
        BootEventBatch out;
        for (int i = 0; i < n; ++i) {
            BootEvent e;
            e.time = QDateTime::currentDateTimeUtc();
            e.service = QStringLiteral("tftp");
            e.kind = kind;
            e.bytes = i;
            out << e;
        }
        return out;
    }

    static Device device(const QString &mac)
    {
        Device d;
        d.mac = mac;
        return d;
    }

private slots:
    void initTestCase() { m_clusterUp = m_cluster.start(&m_clusterError); }

    void init() { QVERIFY2(m_clusterUp, qPrintable(m_clusterError)); }

    void changesAndEventsArriveByNotificationWithinASecond()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(m_cluster.createDatabase(&url, &error), qPrintable(error));
        auto a = open(url, QStringLiteral("bench-a"));
        auto b = open(url, QStringLiteral("bench-b"));
        QVERIFY(a && b);
        // A check interval of a minute: only a notification can deliver within the second.
        StoreWatcher watcher(*a, 60000);
        QVERIFY(watcher.isConnected());
        QSignalSpy changed(&watcher, &StoreWatcher::changed);
        QSignalSpy added(&watcher, &StoreWatcher::eventsAdded);
        QVERIFY(DeviceRepository(*b).add(device(QStringLiteral("52:54:00:00:00:07")), &error));
        QVERIFY(changed.wait(1000));
        QCOMPARE(changed.last().at(0).toLongLong(), configurationRevision(*b));
        QCOMPARE(watcher.revision(), configurationRevision(*b));

        // its own events do not wake it; another bench's do
        QVERIFY(EventRepository(*a).append(events(1, QStringLiteral("own")), &error));
        QVERIFY(EventRepository(*b).append(events(3, QStringLiteral("other")), &error));
        QVERIFY(added.wait(1000));
        QCOMPARE(added.size(), 1);
        const BootEventBatch got = EventRepository(*a).since(0, a->benchName(), 0, &error);
        QCOMPARE(got.size(), 3);
        QCOMPARE(got.first().bench, QStringLiteral("bench-b"));
    }

    void aServerRestartLosesNoEventBelowTheBound()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(m_cluster.createDatabase(&url, &error), qPrintable(error));
        auto a = open(url, QStringLiteral("bench-a"));
        QVERIFY(a);
        StoreWatcher watcher(*a, 100);
        QSignalSpy connection(&watcher, &StoreWatcher::connectionChanged);
        QSignalSpy changed(&watcher, &StoreWatcher::changed);
        constexpr int kBound = 50;
        EventWriter writer(*a, nullptr, kBound, 100);
        QSignalSpy unavailable(&writer, &EventWriter::storeUnavailable);
        QSignalSpy available(&writer, &EventWriter::storeAvailable);
        writer.write(events(5, QStringLiteral("before")));
        writer.drain();
        QCOMPARE(writer.writtenCount(), 5);

        // Down: events wait, none lost below the bound.
        QVERIFY2(m_cluster.stopServer(&error), qPrintable(error));
        writer.write(events(30, QStringLiteral("down")));
        // (the writer's signals come from its thread, maybe before a wait() would start: count them)
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.size(), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isConnected(), 5000);
        QVERIFY(watcher.disconnectedSince().isValid());
        QCOMPARE(connection.first().at(0).toBool(), false);
        writer.write(events(40, QStringLiteral("down")));
        writer.drain();
        QCOMPARE(writer.waitingCount(), kBound);
        QCOMPARE(writer.lostCount(), 20);

        QVERIFY2(m_cluster.startServer(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(available.size(), 1, 10000);
        QCOMPARE(available.first().at(0).toLongLong(), 20);
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isConnected(), 10000);
        QCOMPARE(connection.last().at(0).toBool(), true);

        auto reader = open(url, QStringLiteral("reader"));
        QVERIFY(reader);
        const BootEventBatch stored = EventRepository(*reader).since(0, QStringLiteral("reader"), 0, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(stored.size(), 5 + kBound + 1);
        QCOMPARE(stored.last().kind, QStringLiteral("store-events-lost"));
        QCOMPARE(stored.last().total, 20);
        QVERIFY2(stored.last().detail.contains(QStringLiteral("at most 50")), qPrintable(stored.last().detail));
        // the newest 50 of the 70 written while down were kept, in order
        QCOMPARE(stored.at(5).kind, QStringLiteral("down"));
        QCOMPARE(stored.at(5).bytes, 20);
        QCOMPARE(stored.at(5 + kBound - 1).bytes, 39);

        // A second outage below the bound: nothing lost at all.
        QVERIFY2(m_cluster.stopServer(&error), qPrintable(error));
        writer.write(events(10, QStringLiteral("again")));
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.size(), 2, 5000);
        QVERIFY2(m_cluster.startServer(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(available.size(), 2, 10000);
        QCOMPARE(available.last().at(0).toLongLong(), 0);
        // (the reader's first statement after the restart finds its connection lost; the next reconnects)
        QTRY_COMPARE_WITH_TIMEOUT(EventRepository(*reader).count(&error), 5 + kBound + 1 + 10, 5000);

        // The watcher listens again: a change is noticed without polling.
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isConnected(), 10000);
        changed.clear();
        QVERIFY(DeviceRepository(*reader).add(device(QStringLiteral("52:54:00:00:00:08")), &error));
        QVERIFY(changed.wait(1000));
    }

    // Two `bootbench serve` processes (bench-a, bench-b) on one database, policy service only.
    void twoServeProcessesShareOneStore()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(m_cluster.createDatabase(&url, &error), qPrintable(error));
        const QString mac = QStringLiteral("52:54:00:12:34:56");
        {
            auto setup = open(url, QStringLiteral("setup"));
            QVERIFY(setup);
            QVERIFY(DeviceRepository(*setup).add(device(mac), &error));
            Bundle b;
            b.name = QStringLiteral("restore-lab");
            b.kind = BundleKind::ImageRestore;
            QVERIFY2(BundleRepository(*setup).add(b, &error), qPrintable(error));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Serve a(QStringLiteral("bench-a")), b(QStringLiteral("bench-b"));
        for (Serve *s : {&a, &b}) {
            QVERIFY2(s->start(m_cluster.urlText(url.database), dir.filePath(s->bench)), qPrintable(s->output()));
            QVERIFY(!s->process.arguments().join(QLatin1Char(' ')).contains(QLatin1String(test::PgCluster::kPassword)));
        }
        for (Serve *s : {&a, &b})
            QTRY_VERIFY2_WITH_TIMEOUT(s->output().contains(QStringLiteral("service policy: running")),
                                      qPrintable(s->output()), 20000);
        const QString work = QStringLiteral("/ipxe/work?mac=%1&platform=pcbios").arg(mac);
        QVERIFY2(b.get(work).endsWith(QStringLiteral("\nexit\n")), qPrintable(b.get(work)));

        // Assigned on bench-a: bench-b's policy service answers with it within a second.
        {
            auto onA = open(url, QStringLiteral("bench-a"));
            QVERIFY(onA);
            QVERIFY2(AssignmentRepository(*onA).assign(mac, QStringLiteral("restore-lab"), true, &error),
                     qPrintable(error));
        }
        QElapsedTimer clock;
        clock.start();
        QString answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer = b.get(work)).contains(QStringLiteral("pxelinux.0")), 1000);
        QVERIFY(clock.elapsed() < 1000);

        // An event on bench-a (its work answer) is read by bench-b, woken by the notification.
        QVERIFY(a.get(work).contains(QStringLiteral("pxelinux.0")));
        QTRY_VERIFY2_WITH_TIMEOUT(b.output().contains(QStringLiteral("[bench-a] ")) &&
                                      b.output().contains(QStringLiteral("work-answer")),
                                  qPrintable(b.output()), 5000);
        QVERIFY2(!a.output().contains(QStringLiteral("[bench-a] ")), qPrintable(a.output())); // not its own

        // The server restarts: DHCP/TFTP do not use the store; bench-a's events wait and are
        // written after the reconnect (none lost), and bench-b reads them.
        QVERIFY2(m_cluster.stopServer(&error), qPrintable(error));
        const int before = int(b.output().count(QStringLiteral("[bench-a] ")));
        a.get(work); // its events wait in bench-a's writer
        QTRY_VERIFY2_WITH_TIMEOUT(a.errors().contains(QStringLiteral("store disconnected since")),
                                  qPrintable(a.errors()), 10000);
        QVERIFY2(m_cluster.startServer(&error), qPrintable(error));
        QTRY_VERIFY2_WITH_TIMEOUT(a.errors().contains(QStringLiteral("store connected again; 0 events lost")),
                                  qPrintable(a.errors()), 15000);
        QTRY_VERIFY2_WITH_TIMEOUT(b.output().count(QStringLiteral("[bench-a] ")) > before, qPrintable(b.output()),
                                  15000);
        QVERIFY(b.output().contains(QStringLiteral("store-reconnected")));
    }
};

QTEST_GUILESS_MAIN(TestSharedStore)
#include "tst_sharedstore.moc"
