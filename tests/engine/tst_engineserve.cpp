// The engine by hand against a running `bootbench serve` (both as child processes, on loopback):
// the command line adds a device, a script bundle (--script FILE) and a once assignment, prints
// the device's token; `bootbench-engine --cmdline ... --disk ... --no-reboot` runs the work; the
// result reaches the store and the once assignment is cleared. Also `bootbench-engine status`.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kMac = QStringLiteral("52:54:00:e2:e0:01");

quint16 freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out: " + program.toUtf8();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestEngineServe : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Run cli(QStringList args)
    {
        args << QStringLiteral("--data-dir") << m_dir.path();
        return run(QStringLiteral(BOOTBENCH_EXECUTABLE), args);
    }

private slots:
    void engineRunsTheWorkOfServe()
    {
        QVERIFY(m_dir.isValid());
        const QString marker = m_dir.filePath(QStringLiteral("marker"));
        const QString scriptFile = m_dir.filePath(QStringLiteral("hello.sh"));
        const QByteArray script = "echo \"hello from $BOOTBENCH_DEVICE on $BOOTBENCH_DISK\"\n"
                                  "echo \"$BOOTBENCH_MAC\" > '" +
                                  marker.toUtf8() + "'\n";
        {
            QFile f(scriptFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(script);
        }
        Run r = cli({QStringLiteral("device"), QStringLiteral("add"), kMac, QStringLiteral("--name"),
                     QStringLiteral("bench-e2e")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({QStringLiteral("bundle"), QStringLiteral("add"), QStringLiteral("hello"), QStringLiteral("--kind"),
                 QStringLiteral("script"), QStringLiteral("--script"), scriptFile, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject bundle = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(bundle.value(QStringLiteral("kind")).toString(), QStringLiteral("script"));
        QCOMPARE(bundle.value(QStringLiteral("actions")).toArray().size(), 1);
        QCOMPARE(
            bundle.value(QStringLiteral("actions"))[0][QStringLiteral("params")][QStringLiteral("script")].toString(),
            QString::fromUtf8(script));
        r = cli({QStringLiteral("assign"), kMac, QStringLiteral("hello"), QStringLiteral("--once")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({QStringLiteral("device"), QStringLiteral("token"), kMac});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString token = QString::fromUtf8(r.out).trimmed();
        QVERIFY2(token.size() >= 20 && !token.contains(QLatin1Char(' ')), qPrintable(token));
        r = cli({QStringLiteral("device"), QStringLiteral("token"), kMac.toUpper(), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("token")).toString(), token);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("mac")).toString(), kMac);

        const quint16 httpPort = freePort();
        const quint16 imagePort = freePort();
        QVERIFY(httpPort && imagePort && httpPort != imagePort);
        QProcess serve;
        serve.setProcessChannelMode(QProcess::MergedChannels);
        QByteArray serveOutput;
        connect(&serve, &QProcess::readyRead, &serve, [&] { serveOutput += serve.readAll(); });
        serve.start(QStringLiteral(BOOTBENCH_EXECUTABLE),
                    {QStringLiteral("serve"), QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--address"),
                     QStringLiteral("127.0.0.1"), QStringLiteral("--services"), QStringLiteral("policy"),
                     QStringLiteral("--http-port"), QString::number(httpPort), QStringLiteral("--image-port"),
                     QString::number(imagePort)});
        QTRY_VERIFY_WITH_TIMEOUT(
            serveOutput.contains("service policy: running") || serve.state() == QProcess::NotRunning, 30000);
        QVERIFY2(serve.state() == QProcess::Running, serveOutput.constData());

        const QString cmdline = QStringLiteral("bootbench.server=http://127.0.0.1:%1 bootbench.mac=%2 "
                                               "bootbench.token=%3 bootbench.mode=work")
                                    .arg(httpPort)
                                    .arg(kMac, token);
        const QString engine = QStringLiteral(BOOTBENCH_ENGINE_EXECUTABLE);
        const Run status = run(engine, {QStringLiteral("status"), QStringLiteral("--cmdline"), cmdline,
                                        QStringLiteral("--disk"), QStringLiteral("/dev/null")});
        QVERIFY2(status.exitCode == 0, QByteArray(status.out + status.err).constData());
        QVERIFY2(status.out.contains("server check: reachable, the token is accepted"), status.out.constData());

        const Run work = run(engine, {QStringLiteral("--cmdline"), cmdline, QStringLiteral("--disk"),
                                      QStringLiteral("/dev/null"), QStringLiteral("--no-reboot")});
        QVERIFY2(work.exitCode == 0, work.err.constData());
        QVERIFY2(work.err.contains("\nhello from bench-e2e on /dev/null\n"), work.err.constData());
        QVERIFY2(work.err.contains("the server stored the result (done)"), work.err.constData());
        QVERIFY2(work.err.contains("--no-reboot: the machine stays on"), work.err.constData());
        QFile m(marker);
        QVERIFY(m.open(QIODevice::ReadOnly));
        QCOMPARE(m.readAll().trimmed(), kMac.toUtf8());

        // Again: no work is left, and a wrong token is refused with exit code 2.
        const Run again = run(engine, {QStringLiteral("--cmdline"), cmdline, QStringLiteral("--disk"),
                                       QStringLiteral("/dev/null"), QStringLiteral("--no-reboot")});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.err.contains(QByteArray("no work is assigned to " + kMac.toUtf8())), again.err.constData());
        QString wrong = cmdline;
        wrong.replace(token, QStringLiteral("wrong-token"));
        const Run refused =
            run(engine, {QStringLiteral("work"), QStringLiteral("--cmdline"), wrong, QStringLiteral("--no-reboot")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("refused the token"), refused.err.constData());

        serve.terminate();
        QVERIFY(serve.waitForFinished(30000));

        r = cli({QStringLiteral("bundle"), QStringLiteral("show"), QStringLiteral("hello"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("assignedTo")).toArray().isEmpty(),
                 r.out.constData()); // the once assignment is cleared
        r = cli({QStringLiteral("device"), QStringLiteral("events"), kMac, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        int results = 0;
        QStringList kinds;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array()) {
            kinds << v[QStringLiteral("kind")].toString();
            if (v[QStringLiteral("kind")].toString() == QLatin1String("result")) {
                ++results;
                QVERIFY2(v[QStringLiteral("detail")].toString().contains(QStringLiteral("succeeded")),
                         qPrintable(v[QStringLiteral("detail")].toString()));
            }
        }
        QCOMPARE(results, 1);
        QVERIFY2(kinds.contains(QStringLiteral("work-fetched")) && kinds.contains(QStringLiteral("progress")) &&
                     kinds.contains(QStringLiteral("engine-unauthorised")),
                 qPrintable(kinds.join(QLatin1Char(' '))));
    }

    void cliErrors()
    {
        QVERIFY(m_dir.isValid());
        Run r = cli({QStringLiteral("bundle"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--kind"),
                     QStringLiteral("script"), QStringLiteral("--script"), m_dir.filePath(QStringLiteral("none.sh"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot read the script") && r.err.contains("none.sh"), r.err.constData());
        const QString scriptFile = m_dir.filePath(QStringLiteral("ok.sh"));
        QFile f(scriptFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("true\n");
        f.close();
        r = cli({QStringLiteral("bundle"), QStringLiteral("add"), QStringLiteral("y"), QStringLiteral("--kind"),
                 QStringLiteral("winpe"), QStringLiteral("--script"), scriptFile});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot hold a script"), r.err.constData());
        r = cli({QStringLiteral("device"), QStringLiteral("token"), QStringLiteral("not-a-mac")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not-a-mac"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestEngineServe)
#include "tst_engineserve.moc"
