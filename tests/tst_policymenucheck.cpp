// `bootbench menu check FILE`, run as the real executable: every error of a pxemenu.txt is
// reported on its own line with its line (and column), in text and in JSON; the shipped
// default passes.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestPolicyMenuCheck : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    struct Result
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    Result check(const QString &file, bool json = false)
    {
        QStringList args{QStringLiteral("menu"), QStringLiteral("check"), file, QStringLiteral("--data-dir"),
                         m_dir.path()};
        if (json)
            args << QStringLiteral("--json");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(BOOTBENCH_EXECUTABLE), args);
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(content) == content.size() ? path : QString();
    }

private slots:
    void shippedDefaultHasNoErrors()
    {
        const Result r = check(QStringLiteral(BOOTBENCH_SOURCE_DIR "/resources/default/pxemenu.txt"));
        // Its bundle entries name bundles a fresh store does not have: warnings, not errors.
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("no errors"), r.out.constData());
        QVERIFY2(r.err.isEmpty(), r.err.constData());
    }

    void everyErrorWithItsLine()
    {
        // Errors on lines 2, 4, 6, 8 and 10 (one per line), a valid line between each.
        const QString file = write(QStringLiteral("pxemenu.txt"), "title Lab menu\n"                 // 1
                                                                  "timeout ten\n"                    // 2
                                                                  "item start \"Start\" imaging\n"   // 3
                                                                  "item exit \"Exit\" locl\n"        // 4
                                                                  "# a comment\n"                    // 5
                                                                  "item start \"Again\" reboot\n"    // 6
                                                                  "item tools \"Tools\" submenu t\n" // 7
                                                                  "item pw \"Password\n"             // 8
                                                                  "menu t \"Tools\"\n"               // 9
                                                                  "password secret\n"                // 10
                                                                  "item back \"Back\" back\n");      // 11
        QVERIFY(!file.isEmpty());
        const QMap<int, QString> expected{{2, QStringLiteral("invalid-timeout")},
                                          {4, QStringLiteral("unknown-action")},
                                          {6, QStringLiteral("duplicate-id")},
                                          {8, QStringLiteral("unterminated-string")},
                                          {10, QStringLiteral("password-outside-main")}};

        Result r = check(file);
        QCOMPARE(r.code, 1);
        QMap<int, QString> reported;
        for (const QByteArray &line : r.err.split('\n')) {
            if (line.isEmpty())
                continue;
            // pxemenu.txt:LINE:COLUMN: error: message [code]
            const QList<QByteArray> parts = line.split(':');
            QVERIFY2(parts.size() >= 5 && parts[0] == "pxemenu.txt", line.constData());
            bool lineOk = false, columnOk = false;
            const int n = parts[1].toInt(&lineOk);
            QVERIFY2(lineOk && parts[2].toInt(&columnOk) > 0 && columnOk, line.constData());
            QVERIFY2(parts[3].trimmed() == "error", line.constData());
            const QString code = QString::fromUtf8(line.mid(line.lastIndexOf('[') + 1)).chopped(1);
            QVERIFY2(!reported.contains(n), line.constData());
            reported.insert(n, code);
        }
        QCOMPARE(reported, expected);

        r = check(file, true);
        QCOMPARE(r.code, 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("errors")).toInt(), expected.size());
        QMap<int, QString> inJson;
        for (const QJsonValue &d : o.value(QStringLiteral("diagnostics")).toArray()) {
            if (d[QStringLiteral("severity")].toString() == QLatin1String("error")) {
                QVERIFY(d[QStringLiteral("column")].toInt() > 0);
                QVERIFY(!d[QStringLiteral("message")].toString().isEmpty());
                inJson.insert(d[QStringLiteral("line")].toInt(), d[QStringLiteral("code")].toString());
            }
        }
        QCOMPARE(inJson, expected);
    }
};

QTEST_GUILESS_MAIN(TestPolicyMenuCheck)
#include "tst_policymenucheck.moc"
