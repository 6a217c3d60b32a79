// Command-line round trips: every subcommand, run as the real executable on a temporary store.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    struct Result
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
        QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    };

    Result run(QStringList args, const QByteArray &input = {}, bool withDataDir = true)
    {
        if (withDataDir)
            args << QStringLiteral("--data-dir") << m_dir.path();
        QProcess p;
        p.setProgram(QStringLiteral(BOOTBENCH_EXECUTABLE));
        p.setArguments(args);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        p.setProcessEnvironment(env);
        p.start();
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(content);
        return path;
    }

private slots:
    void helpDocumentsEveryCommandAndOption()
    {
        const Result r = run({QStringLiteral("--help")}, {}, false);
        QCOMPARE(r.code, 0);
        for (const char *word : {"serve",
                                 "device list",
                                 "device events",
                                 "bundle add",
                                 "assign MAC BUNDLE",
                                 "unassign MAC",
                                 "rule add",
                                 "rule list",
                                 "move ID",
                                 "menu check",
                                 "export FILE",
                                 "import FILE",
                                 "replay FILE",
                                 "--data-dir",
                                 "--db",
                                 "--config",
                                 "--lang",
                                 "--interface",
                                 "--address",
                                 "--services",
                                 "--dhcp-mode",
                                 "--dhcp-range",
                                 "--tftp-root",
                                 "--tftp-port",
                                 "--dhcp-port",
                                 "--pxe-port",
                                 "--http-port",
                                 "--json",
                                 "--no-router-advertisements"})
            QVERIFY2(r.out.contains(word), word);
    }

    void deviceAddListShowRemove()
    {
        Result r = run({QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("52-54-00-AA-00-01"),
                        QStringLiteral("--name"), QStringLiteral("bench-01")});
        QVERIFY2(r.code == 0, r.err.constData());
        // global option before the subcommand works too
        r = run({QStringLiteral("--json"), QStringLiteral("device"), QStringLiteral("list")});
        QCOMPARE(r.code, 0);
        const QJsonArray list = r.json().array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0)[QStringLiteral("mac")].toString(), QStringLiteral("52:54:00:aa:00:01"));
        QCOMPARE(list.at(0)[QStringLiteral("name")].toString(), QStringLiteral("bench-01"));
        r = run({QStringLiteral("device"), QStringLiteral("show"), QStringLiteral("52:54:00:aa:00:01"),
                 QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().object()[QStringLiteral("name")].toString(), QStringLiteral("bench-01"));
        // duplicates and bad MACs: clear message, non-zero, nothing written
        r = run({QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("52:54:00:aa:00:01")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("exists already"));
        r = run({QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("52:54:00:zz:00:01")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("not a MAC"));
        r = run({QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.json().array().size(), 1);
        r = run({QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("52:54:00:aa:00:02")});
        QCOMPARE(r.code, 0);
        r = run({QStringLiteral("device"), QStringLiteral("remove"), QStringLiteral("52:54:00:aa:00:02"),
                 QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        r = run({QStringLiteral("device"), QStringLiteral("remove"), QStringLiteral("52:54:00:aa:00:02")});
        QCOMPARE(r.code, 1);
        r = run({QStringLiteral("device"), QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);
    }

    void bundlesAssignmentsAndRules()
    {
        Result r = run({QStringLiteral("bundle"), QStringLiteral("add"), QStringLiteral("win11"),
                        QStringLiteral("--kind"), QStringLiteral("winpe"), QStringLiteral("--kernel-params"),
                        QStringLiteral("quiet splash"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json().object()[QStringLiteral("kind")].toString(), QStringLiteral("winpe"));
        r = run({QStringLiteral("bundle"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--kind"),
                 QStringLiteral("floppy")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("unknown bundle kind"));
        r = run({QStringLiteral("bundle"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.json().array().size(), 1);
        QCOMPARE(r.json().array().at(0)[QStringLiteral("kernelParams")].toString(), QStringLiteral("quiet splash"));

        run({QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("52:54:00:bb:00:01")});
        r = run({QStringLiteral("assign"), QStringLiteral("52:54:00:bb:00:01"), QStringLiteral("win11"),
                 QStringLiteral("--persistent"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json().object()[QStringLiteral("mode")].toString(), QStringLiteral("persistent"));
        QCOMPARE(r.json().object()[QStringLiteral("state")].toString(), QStringLiteral("pending"));
        r = run({QStringLiteral("bundle"), QStringLiteral("show"), QStringLiteral("win11"), QStringLiteral("--json")});
        QCOMPARE(r.json().object()[QStringLiteral("assignedTo")].toArray().at(0).toString(),
                 QStringLiteral("52:54:00:bb:00:01"));
        r = run({QStringLiteral("bundle"), QStringLiteral("remove"), QStringLiteral("win11")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("52:54:00:bb:00:01"));
        r = run({QStringLiteral("assign"), QStringLiteral("52:54:00:bb:00:01"), QStringLiteral("nope")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no bundle"));

        r = run({QStringLiteral("rule"), QStringLiteral("add"), QStringLiteral("--bundle"), QStringLiteral("win11"),
                 QStringLiteral("--match"), QStringLiteral("ram-mb ge 4096"), QStringLiteral("--match"),
                 QStringLiteral("manufacturer contains Dell Inc"), QStringLiteral("--name"), QStringLiteral("dells"),
                 QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const qint64 first = r.json().object()[QStringLiteral("id")].toInteger();
        r = run({QStringLiteral("rule"), QStringLiteral("add"), QStringLiteral("--bundle"), QStringLiteral("win11"),
                 QStringLiteral("--match"), QStringLiteral("model starts-with OptiPlex"), QStringLiteral("--any"),
                 QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const qint64 second = r.json().object()[QStringLiteral("id")].toInteger();
        r = run({QStringLiteral("rule"), QStringLiteral("add"), QStringLiteral("--bundle"), QStringLiteral("win11"),
                 QStringLiteral("--match"), QStringLiteral("ram-mb contains 12")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("number"));
        r = run({QStringLiteral("rule"), QStringLiteral("move"), QString::number(second), QStringLiteral("1")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = run({QStringLiteral("rule"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.json().array().size(), 2);
        QCOMPARE(r.json().array().at(0)[QStringLiteral("id")].toInteger(), second);
        QCOMPARE(r.json().array().at(1)[QStringLiteral("criteria")][QStringLiteral("op")].toString(),
                 QStringLiteral("and"));
        r = run({QStringLiteral("rule"), QStringLiteral("remove"), QString::number(first)});
        QCOMPARE(r.code, 0);
        r = run({QStringLiteral("rule"), QStringLiteral("remove"), QString::number(first)});
        QCOMPARE(r.code, 1);
        r = run({QStringLiteral("rule"), QStringLiteral("remove"), QString::number(second)});
        QCOMPARE(r.code, 0);

        r = run({QStringLiteral("unassign"), QStringLiteral("52:54:00:bb:00:01")});
        QCOMPARE(r.code, 0);
        r = run({QStringLiteral("unassign"), QStringLiteral("52:54:00:bb:00:01")});
        QCOMPARE(r.code, 1);
        r = run({QStringLiteral("bundle"), QStringLiteral("remove"), QStringLiteral("win11")});
        QCOMPARE(r.code, 0);
    }

    void menuCheckImportExportAndHash()
    {
        const QString good =
            writeFile(QStringLiteral("good.txt"),
                      "title Bench menu\ntimeout 5\ndefault exit\nitem exit \"Boot the local disk\" local\n");
        Result r = run({QStringLiteral("menu"), QStringLiteral("check"), good});
        QVERIFY2(r.code == 0, r.err.constData());
        const QString bad = writeFile(QStringLiteral("bad.txt"), "title Bench menu\nitem exit \"Boot\" locl\n");
        r = run({QStringLiteral("menu"), QStringLiteral("check"), bad});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("bad.txt:2:"), r.err.constData());
        r = run({QStringLiteral("menu"), QStringLiteral("check"), bad, QStringLiteral("--json")});
        bool located = false;
        for (const auto &d : r.json().object()[QStringLiteral("diagnostics")].toArray())
            located |= d[QStringLiteral("line")].toInt() == 2 && d[QStringLiteral("column")].toInt() == 18 &&
                       d[QStringLiteral("code")].toString() == QLatin1String("unknown-action");
        QVERIFY2(located, r.out.constData());
        // a bad menu is not imported
        r = run({QStringLiteral("menu"), QStringLiteral("import"), bad});
        QCOMPARE(r.code, 1);
        r = run({QStringLiteral("menu"), QStringLiteral("export")});
        QVERIFY(!r.out.contains("locl"));
        r = run({QStringLiteral("menu"), QStringLiteral("import"), good});
        QCOMPARE(r.code, 0);
        const QString exported = m_dir.filePath(QStringLiteral("exported.txt"));
        r = run({QStringLiteral("menu"), QStringLiteral("export"), exported});
        QCOMPARE(r.code, 0);
        QFile f(exported);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("Bench menu"));
        r = run({QStringLiteral("menu"), QStringLiteral("hash-password")}, "secret\n");
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("pbkdf2-sha256$"), r.out.constData());
        QVERIFY(!r.out.contains("secret"));
    }

    void exportImportWholeConfiguration()
    {
        run({QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("52:54:00:cc:00:01"),
             QStringLiteral("--name"), QStringLiteral("exp")});
        const QString file = m_dir.filePath(QStringLiteral("config.json"));
        Result r = run({QStringLiteral("export"), file});
        QVERIFY2(r.code == 0, r.err.constData());
        // change, then import restores
        run({QStringLiteral("device"), QStringLiteral("remove"), QStringLiteral("52:54:00:cc:00:01")});
        r = run({QStringLiteral("import"), file});
        QVERIFY2(r.code == 0, r.err.constData());
        r = run({QStringLiteral("device"), QStringLiteral("show"), QStringLiteral("52:54:00:cc:00:01"),
                 QStringLiteral("--json")});
        QCOMPARE(r.json().object()[QStringLiteral("name")].toString(), QStringLiteral("exp"));
        // a broken file changes nothing
        const QString broken =
            writeFile(QStringLiteral("broken.json"),
                      "{\"format\": \"bootbench-configuration\", \"version\": 1, \"devices\": [{\"mac\": \"nope\"}]}");
        r = run({QStringLiteral("import"), broken});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("nothing was imported"));
        r = run({QStringLiteral("device"), QStringLiteral("show"), QStringLiteral("52:54:00:cc:00:01")});
        QCOMPARE(r.code, 0);
        r = run({QStringLiteral("import"), writeFile(QStringLiteral("notjson.json"), "{{{")});
        QCOMPARE(r.code, 1);
    }

    void badArgumentsFailClearly()
    {
        Result r = run({QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown command"));
        r = run({QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--no-such-option")});
        QCOMPARE(r.code, 2);
        r = run({QStringLiteral("serve"), QStringLiteral("--tftp-port"), QStringLiteral("99999")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--tftp-port"));
        r = run({QStringLiteral("serve"), QStringLiteral("--dhcp-range"), QStringLiteral("10.0.0.9-10.0.0.1")});
        QCOMPARE(r.code, 2);
        r = run(
            {QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--db"), QStringLiteral("mysql://x/y")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("unsupported database URL"));
        r = run({QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--config"),
                 QStringLiteral("/nonexistent.ini")});
        QCOMPARE(r.code, 2);
    }

    void serveStopsCleanlyOnSigtermAndSeesCommandLineChanges()
    {
        QProcess serve;
        serve.setProgram(QStringLiteral(BOOTBENCH_EXECUTABLE));
        serve.setArguments({QStringLiteral("serve"), QStringLiteral("--services"), QStringLiteral("none"),
                            QStringLiteral("--data-dir"), m_dir.path()});
        serve.start();
        QVERIFY(serve.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY2_WITH_TIMEOUT((seen += serve.readAllStandardOutput()).contains("Stop with Ctrl+C") ||
                                      serve.state() != QProcess::Running,
                                  QByteArray(seen + serve.readAllStandardError()).constData(), 10000);
        QCOMPARE(serve.state(), QProcess::Running);
        QVERIFY(run({QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("52:54:00:dd:00:01")}).code == 0);
        QTRY_VERIFY_WITH_TIMEOUT((seen += serve.readAllStandardOutput()).contains("configuration-changed"), 10000);

        QElapsedTimer timer;
        timer.start();
        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(5000));
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
        QVERIFY(serve.readAllStandardOutput().contains("stopped"));
        // The event was flushed to the store before exit.
        const Result events = run(
            {QStringLiteral("device"), QStringLiteral("events"), QStringLiteral("--all"), QStringLiteral("--json")});
        QCOMPARE(events.code, 0);
        bool stored = false;
        for (const auto &v : events.json().array())
            stored |= v[QStringLiteral("kind")].toString() == QLatin1String("configuration-changed");
        QVERIFY(stored);
        const Result one =
            run({QStringLiteral("device"), QStringLiteral("events"), QStringLiteral("52:54:00:dd:00:01")});
        QCOMPARE(one.code, 0);
    }

    void serveWithoutInterfaceStartsNoDhcpAndListsInterfaces()
    {
        QProcess serve;
        serve.setProgram(QStringLiteral(BOOTBENCH_EXECUTABLE));
        serve.setArguments({QStringLiteral("serve"), QStringLiteral("--services"), QStringLiteral("proxydhcp"),
                            QStringLiteral("--data-dir"), m_dir.path()});
        serve.start();
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += serve.readAllStandardOutput()).contains("Stop with Ctrl+C"), 10000);
        QVERIFY2(out.contains("no DHCP service starts"), out.constData());
        QVERIFY2(out.contains("lo "), out.constData()); // the interface list
        QVERIFY(out.contains("--interface"));
        QVERIFY(out.contains("TFTP root:"));
        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(5000));
        QCOMPARE(serve.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
