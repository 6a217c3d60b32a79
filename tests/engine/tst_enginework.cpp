// The engine's work runner against the real policy service on loopback: the whole cycle (work,
// progress, result; the once assignment cleared), a failing script (the assignment kept as failed
// with the exit code and last lines), no disk, an action it cannot run yet, and the server going
// away mid-work and coming back on the same port (the result posted exactly once).
#include "../tst_policyfixture.h"
#include "tst_engineoffthread.h"

#include "engineapi.h"
#include "enginelog.h"
#include "resultreporter.h"
#include "workrunner.h"

#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"

#include <QFile>

using namespace bootbench;
using namespace bootbench::engine;

namespace {

const QString kMac = QStringLiteral("52:54:00:aa:bb:cc");

BundleAction scriptAction(const QString &text)
{
    return {QStringLiteral("script"), QJsonObject{{QStringLiteral("script"), text}}};
}

} // namespace

class TestEngineWork : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::PolicyFixture> m_fx;
    std::unique_ptr<EngineLog> m_log;
    ServiceConfig m_serviceConfig;
    QString m_disk;

    void assignBundle(const QList<BundleAction> &actions, BundleKind kind = BundleKind::Script)
    {
        Bundle b;
        b.name = QStringLiteral("work");
        b.kind = kind;
        b.actions = actions;
        QString error;
        QVERIFY2(BundleRepository(*m_fx->store).add(b, &error), qPrintable(error));
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, b.name, false, &error), qPrintable(error));
    }

    EngineConfig config() const
    {
        EngineConfig c;
        c.server = "http://127.0.0.1:" + std::to_string(m_fx->service->port());
        c.mac = kMac.toStdString();
        c.token = m_fx->token(kMac).toStdString();
        c.disk = m_disk.toStdString();
        c.noReboot = true;
        return c;
    }

    QString log() const { return QString::fromStdString(m_log->tail(64 * 1024)); }

private slots:
    void init()
    {
        m_fx = std::make_unique<test::PolicyFixture>();
        m_log = std::make_unique<EngineLog>(nullptr);
        QString error;
        QVERIFY2(m_fx->openStore(&error), qPrintable(error));
        Device d;
        d.mac = kMac;
        d.name = QStringLiteral("bench-7");
        QVERIFY2(DeviceRepository(*m_fx->store).add(d, &error), qPrintable(error));
        m_disk = m_fx->dir.filePath(QStringLiteral("disk.img"));
        QFile disk(m_disk);
        QVERIFY(disk.open(QIODevice::WriteOnly));
        QVERIFY(disk.resize(1 << 20));
        m_serviceConfig = m_fx->loopbackConfig();
        QVERIFY(m_fx->startService(m_serviceConfig));
        QCOMPARE(m_fx->request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac)).status,
                 401); // makes the secret
    }

    void cleanup()
    {
        m_fx.reset();
        m_log.reset();
    }

    void wholeCycle()
    {
        const QString marker = m_fx->dir.filePath(QStringLiteral("marker"));
        assignBundle({scriptAction(QStringLiteral("echo \"first on $BOOTBENCH_DISK for $BOOTBENCH_DEVICE\"\n")),
                      scriptAction(QStringLiteral("echo \"$BOOTBENCH_BUNDLE\" > '%1'\necho second\n").arg(marker))});
        EngineApi api(config(), *m_log);
        WorkRunner runner(config(), *m_log, api);
        const WorkOutcome out = offThread([&] { return runner.run(); });
        QCOMPARE(int(out.kind), int(WorkOutcome::Kind::Done));
        QVERIFY(out.resultAcknowledged);
        QCOMPARE(out.after, std::string("reboot"));
        QVERIFY2(log().contains(QStringLiteral("\nfirst on %1 for bench-7\n").arg(m_disk)), qPrintable(log()));
        QFile f(marker);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("work\n"));

        QString error;
        QVERIFY(!AssignmentRepository(*m_fx->store).forDevice(kMac, &error)); // the once assignment is cleared
        const QList<BootEvent> results = m_fx->eventsOf(QStringLiteral("result"));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].outcome, Outcome::Done);
        const QList<BootEvent> progress = m_fx->eventsOf(QStringLiteral("progress"));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress[0].detail, QStringLiteral("script: running script 1/2 step=1/2"));
        // The log's end reaches the monitor as its own event, before the result.
        const QList<BootEvent> logs = m_fx->eventsOf(QStringLiteral("engine-log"));
        QCOMPARE(logs.size(), 1);
        QVERIFY2(logs[0].detail.contains(QStringLiteral("first on %1 for bench-7").arg(m_disk)),
                 qPrintable(logs[0].detail));
    }

    void failingScript()
    {
        assignBundle({scriptAction(QStringLiteral("echo preparing\necho 'no space left' >&2\nexit 3\n")),
                      scriptAction(QStringLiteral("echo never\n"))});
        EngineApi api(config(), *m_log);
        WorkRunner runner(config(), *m_log, api);
        const WorkOutcome out = offThread([&] { return runner.run(); });
        QCOMPARE(int(out.kind), int(WorkOutcome::Kind::Failed));
        QVERIFY(out.resultAcknowledged);
        QVERIFY2(QString::fromStdString(out.message)
                     .startsWith(
                         QStringLiteral("script 1/2 failed with exit code 3; last lines:\npreparing\nno space left")),
                 out.message.c_str());
        QVERIFY(!log().contains(QStringLiteral("never")));
        QString error;
        const auto a = AssignmentRepository(*m_fx->store).forDevice(kMac, &error);
        QVERIFY(a);
        QCOMPARE(a->state, AssignmentState::Failed); // kept: retried on the next boot
        QVERIFY2(a->reason.contains(QStringLiteral("exit code 3")), qPrintable(a->reason));
        QVERIFY2(a->reason.contains(QStringLiteral("no space left")), qPrintable(a->reason));
        const QList<BootEvent> results = m_fx->eventsOf(QStringLiteral("result"));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].outcome, Outcome::Failed);
    }

    void noDisk()
    {
        assignBundle({scriptAction(QStringLiteral("echo never\n"))});
        EngineConfig c = config();
        c.disk.clear();
        EngineApi api(c, *m_log);
        WorkRunner runner(c, *m_log, api);
        runner.sysBlock = m_fx->dir.filePath(QStringLiteral("no-sys-block")).toStdString();
        const WorkOutcome out = offThread([&] { return runner.run(); });
        QCOMPARE(int(out.kind), int(WorkOutcome::Kind::Failed));
        QVERIFY2(out.message.rfind("no disk: ", 0) == 0, out.message.c_str());
        QString error;
        QCOMPARE(AssignmentRepository(*m_fx->store).forDevice(kMac, &error)->state, AssignmentState::Failed);

        c.disk = "/nonexistent/disk";
        const WorkOutcome missing = offThread([&] {
            EngineApi api2(c, *m_log);
            return WorkRunner(c, *m_log, api2).run();
        });
        QCOMPARE(missing.message, std::string("no disk: /nonexistent/disk (given with --disk) does not exist"));
    }

    void actionNotRunYet()
    {
        assignBundle({{QStringLiteral("restore"), QJsonObject{{QStringLiteral("image"), QStringLiteral("a.img")}}},
                      scriptAction(QStringLiteral("echo after\n"))},
                     BundleKind::ImageRestore);
        EngineApi api(config(), *m_log);
        const WorkOutcome out = offThread([&] { return WorkRunner(config(), *m_log, api).run(); });
        QCOMPARE(int(out.kind), int(WorkOutcome::Kind::Failed));
        QVERIFY2(out.message.find("action 1 of 2 is a \"restore\" action, which this engine cannot run yet") == 0,
                 out.message.c_str());
        QString error;
        QVERIFY2(AssignmentRepository(*m_fx->store).forDevice(kMac, &error)->reason.contains(QStringLiteral("restore")),
                 "the reason does not name the action");
    }

    void noWorkAndRefusedToken()
    {
        EngineApi api(config(), *m_log);
        const WorkOutcome none = offThread([&] { return WorkRunner(config(), *m_log, api).run(); });
        QCOMPARE(int(none.kind), int(WorkOutcome::Kind::NoWork));

        assignBundle({scriptAction(QStringLiteral("true\n"))});
        EngineConfig wrong = config();
        wrong.token = "not-the-token";
        EngineApi api2(wrong, *m_log);
        const WorkOutcome refused = offThread([&] { return WorkRunner(wrong, *m_log, api2).run(); });
        QCOMPARE(int(refused.kind), int(WorkOutcome::Kind::CannotStart));
        QVERIFY2(refused.message.find("refused the token") != std::string::npos, refused.message.c_str());

        EngineConfig empty;
        const WorkOutcome unset = offThread([&] {
            EngineApi api3(empty, *m_log);
            return WorkRunner(empty, *m_log, api3).run();
        });
        QCOMPARE(int(unset.kind), int(WorkOutcome::Kind::CannotStart));
        QVERIFY2(unset.message.find("bootbench.server=") != std::string::npos, unset.message.c_str());
    }

    void resultAcknowledgedIsNotPostedAgain()
    {
        assignBundle({scriptAction(QStringLiteral("true\n"))});
        EngineApi api(config(), *m_log);
        QVERIFY(offThread([&] { return api.fetchWork(); }).ok());
        ResultReporter reporter(api, *m_log);
        const ApiAnswer first = offThread([&] { return reporter.report(true, "done", "log"); });
        QVERIFY2(first.ok(), first.error.c_str());
        const ApiAnswer second = offThread([&] { return reporter.report(true, "done", "log"); });
        QVERIFY(second.ok());
        QCOMPARE(reporter.posts(), 1);
        QCOMPARE(m_fx->eventsOf(QStringLiteral("result")).size(), 1);
    }

    // The service stops while a script runs and starts again on the same port: the engine keeps
    // trying to post the result with back-off and posts it exactly once when the service is back.
    void serverGoesAwayAndComesBack()
    {
        const QString started = m_fx->dir.filePath(QStringLiteral("started"));
        const QString go = m_fx->dir.filePath(QStringLiteral("go"));
        assignBundle({scriptAction(
            QStringLiteral("touch '%1'\nwhile [ ! -e '%2' ]; do sleep 0.05; done\necho went on\n").arg(started, go))});
        const quint16 port = m_fx->service->port();
        const EngineConfig c = config();
        ApiRetry retry;
        retry.result = {std::chrono::milliseconds(100), std::chrono::milliseconds(400), std::chrono::seconds(60)};
        EngineApi api(c, *m_log, HttpTimeouts{1000, 5000}, retry);
        WorkRunner runner(c, *m_log, api);
        auto future = std::async(std::launch::async, [&] { return runner.run(); });
        const auto finished = [&] { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; };

        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started) || finished(), 30000);
        QVERIFY2(!finished(), qPrintable(log()));
        m_fx->host.reset(); // the service goes away mid-work
        m_fx->service = nullptr;
        QFile goFile(go);
        QVERIFY(goFile.open(QIODevice::WriteOnly));
        goFile.close();
        // At least two attempts failed while it was away.
        QTRY_VERIFY_WITH_TIMEOUT(log().count(QStringLiteral("posting the result: ")) >= 2 || finished(), 30000);
        QVERIFY2(!finished(), qPrintable(log()));
        QVERIFY2(log().contains(QStringLiteral("is unreachable")), qPrintable(log()));

        ServiceConfig again = m_serviceConfig;
        again.httpPort = port;
        again.policy.imagePort = 0; // any: only the HTTP port has to stay
        QVERIFY(m_fx->startService(again));
        QCOMPARE(m_fx->service->port(), port);
        QVERIFY(QTest::qWaitFor(finished, 60000));
        const WorkOutcome out = future.get();
        QCOMPARE(int(out.kind), int(WorkOutcome::Kind::Done));
        QVERIFY2(out.resultAcknowledged, out.message.c_str());
        QVERIFY2(log().contains(QStringLiteral("\nwent on\n")), qPrintable(log()));
        const QList<BootEvent> results = m_fx->eventsOf(QStringLiteral("result"));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].outcome, Outcome::Done);
        QString error;
        QVERIFY(!AssignmentRepository(*m_fx->store).forDevice(kMac, &error));
    }
};

QTEST_GUILESS_MAIN(TestEngineWork)
#include "tst_enginework.moc"
