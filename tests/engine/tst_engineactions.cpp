// The engine's action runner: a script runs with /bin/sh -e and the BOOTBENCH_* environment, its
// output reaches the log line by line, a failing script gives its exit code and last lines, and
// the actions the engine cannot run yet fail with a reason naming the action.
#include "actionrunner.h"
#include "enginelog.h"
#include "progressreporter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench::engine;

namespace {

nlohmann::json script(const std::string &text)
{
    return {{"type", "script"}, {"params", {{"script", text}}}};
}

} // namespace

class TestEngineActions : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EngineLog> m_log;
    std::unique_ptr<ProgressReporter> m_progress;
    std::unique_ptr<ActionRunner> m_runner;
    QList<nlohmann::json> m_sent;
    QTemporaryDir m_dir;

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_sent.clear();
        m_log = std::make_unique<EngineLog>(nullptr);
        m_progress = std::make_unique<ProgressReporter>([this](const nlohmann::json &p) {
            m_sent << p;
            return true;
        });
        m_runner = std::make_unique<ActionRunner>(*m_log, *m_progress,
                                                  std::map<std::string, std::string>{
                                                      {"BOOTBENCH_SERVER", "http://192.0.2.1:8080"},
                                                      {"BOOTBENCH_MAC", "52:54:00:12:34:56"},
                                                      {"BOOTBENCH_TOKEN", "tok"},
                                                      {"BOOTBENCH_DEVICE", "bench 1"},
                                                      {"BOOTBENCH_DISKS", "/dev/sda /dev/sdb"},
                                                  });
        m_runner->scripts().tempDir = m_dir.path().toStdString();
    }

    void scriptSucceeds()
    {
        const QString marker = m_dir.filePath(QStringLiteral("marker"));
        const ActionOutcome o =
            m_runner->run(script("echo \"device=$BOOTBENCH_DEVICE mac=$BOOTBENCH_MAC\"\n"
                                 "echo \"disks=$BOOTBENCH_DISKS server=$BOOTBENCH_SERVER token=$BOOTBENCH_TOKEN\"\n"
                                 "echo to-stderr >&2\n"
                                 "printf 'no newline at the end'\n"
                                 "echo written > '" +
                                 marker.toStdString() + "'\n"),
                          2, 3);
        QVERIFY2(o.success, o.reason.c_str());
        QCOMPARE(o.exitCode, 0);
        const QString log = QString::fromStdString(m_log->tail(4096));
        QVERIFY2(log.contains(QStringLiteral("\ndevice=bench 1 mac=52:54:00:12:34:56\n")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("\ndisks=/dev/sda /dev/sdb server=http://192.0.2.1:8080 token=tok\n")),
                 qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("\nto-stderr\n")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("\nno newline at the end\n")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("running script 2/3")), qPrintable(log));
        QFile f(marker);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("written\n"));
        QCOMPARE(m_sent.size(), 1);
        QCOMPARE(m_sent[0]["stage"].get<std::string>(), std::string("script"));
        QCOMPARE(m_sent[0]["message"].get<std::string>(), std::string("running script 2/3"));
        QCOMPARE(m_sent[0]["action"].get<int>(), 2);
        QCOMPARE(m_sent[0]["actions"].get<int>(), 3);
        QVERIFY2(QDir(m_dir.path()).entryList({QStringLiteral("bootbench-script-*")}, QDir::Files).isEmpty(),
                 "the temporary script file stays behind");
    }

    void scriptFailsWithExitCodeAndLastLines()
    {
        std::string text;
        for (int i = 1; i <= 15; ++i)
            text += "echo line " + std::to_string(i) + "\n";
        text += "echo 'disk not found' >&2\nexit 7\necho never\n";
        const ActionOutcome o = m_runner->run(script(text), 1, 1);
        QVERIFY(!o.success);
        QCOMPARE(o.exitCode, 7);
        const QString reason = QString::fromStdString(o.reason);
        QVERIFY2(reason.startsWith(QStringLiteral("script 1/1 failed with exit code 7; last lines:\n")),
                 qPrintable(reason));
        QVERIFY2(reason.endsWith(QStringLiteral("\nline 15\ndisk not found")), qPrintable(reason));
        QVERIFY2(!reason.contains(QStringLiteral("line 5\n")), qPrintable(reason)); // only the last 10
        QVERIFY2(!QString::fromStdString(m_log->tail(4096)).contains(QStringLiteral("never")), "ran past exit");
    }

    void shellMinusEStopsAtTheFirstFailure()
    {
        const ActionOutcome o = m_runner->run(script("echo before\nfalse\necho after\n"), 1, 2);
        QVERIFY(!o.success);
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(QString::fromStdString(o.reason).endsWith(QStringLiteral("last lines:\nbefore")), o.reason.c_str());
    }

    void killedScript()
    {
        const ActionOutcome o = m_runner->run(script("kill -TERM $$\n"), 1, 1);
        QVERIFY(!o.success);
        QCOMPARE(o.exitCode, 128 + 15);
    }

    void scriptLeavingADaemonBehindEnds()
    {
        // A background job keeps the output pipe open; the script's end is what counts.
        const ActionOutcome o = m_runner->run(script("(sleep 30; echo late) &\necho done\n"), 1, 1);
        QVERIFY2(o.success, o.reason.c_str());
    }

    void emptyScript()
    {
        const ActionOutcome o = m_runner->run(script(""), 3, 4);
        QVERIFY(!o.success);
        QCOMPARE(o.reason, std::string("script 3/4 is empty"));
    }

    void shellMissing()
    {
        m_runner->scripts().shell = "/nonexistent/sh";
        const ActionOutcome o = m_runner->run(script("true\n"), 1, 1);
        QVERIFY(!o.success);
        QCOMPARE(o.exitCode, 127);
        QVERIFY2(QString::fromStdString(o.reason).contains(QStringLiteral("/nonexistent/sh")), o.reason.c_str());
    }

    void actionsNotRunYet_data()
    {
        QTest::addColumn<QString>("type");
        for (const char *t : {"restore", "take", "multicast", "winpe"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }

    void actionsNotRunYet()
    {
        QFETCH(QString, type);
        const ActionOutcome o =
            m_runner->run({{"type", type.toStdString()}, {"params", {{"image", "base.img"}}}}, 2, 3);
        QVERIFY(!o.success);
        const QString reason = QString::fromStdString(o.reason);
        QVERIFY2(reason.startsWith(
                     QStringLiteral("action 2 of 3 is a \"%1\" action, which this engine cannot run yet").arg(type)),
                 qPrintable(reason));
        QVERIFY2(QString::fromStdString(m_log->tail(4096)).contains(reason), "not in the log");
    }

    void unknownAction()
    {
        ActionOutcome o = m_runner->run({{"type", "dance"}}, 1, 1);
        QCOMPARE(o.reason, std::string("action 1 of 1 has the unknown type \"dance\""));
        o = m_runner->run(nlohmann::json::object(), 1, 1);
        QCOMPARE(o.reason, std::string("action 1 of 1 has no type"));
    }
};

QTEST_GUILESS_MAIN(TestEngineActions)
#include "tst_engineactions.moc"
