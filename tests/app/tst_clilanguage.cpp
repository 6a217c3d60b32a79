// The command line speaks the user's language: with --lang ja or a Japanese locale, the help,
// the errors and `menu check`'s diagnostics are Japanese. A binary file given to `menu import`
// is reported with its bytes escaped, never raw. Runs the real executable.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCliLanguage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    struct Result
    {
        int code = -1;
        QString out;
        QString err;
        QByteArray rawErr;
    };

    // `language`: the LANG of the process ("" leaves C.UTF-8).
    Result run(QStringList args, const QString &language = {})
    {
        args << QStringLiteral("--data-dir") << m_dir.path();
        QProcess p;
        p.setProgram(QStringLiteral(BOOTBENCH_EXECUTABLE));
        p.setArguments(args);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "LC_ALL", "LC_MESSAGES", "LANGUAGE"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("LANG"), language.isEmpty() ? QStringLiteral("C.UTF-8") : language);
        p.setProcessEnvironment(env);
        p.start();
        p.closeWriteChannel();
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
        }
        const QByteArray err = p.readAllStandardError();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(err), err};
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return {};
        return f.fileName();
    }

private slots:
    void helpIsJapanese_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("language");
        QTest::newRow("--lang ja") << QStringList{QStringLiteral("--lang"), QStringLiteral("ja"),
                                                  QStringLiteral("--help")}
                                   << QString();
        QTest::newRow("--lang=ja") << QStringList{QStringLiteral("--help"), QStringLiteral("--lang=ja")} << QString();
        QTest::newRow("LANG=ja_JP.UTF-8") << QStringList{QStringLiteral("--help")} << QStringLiteral("ja_JP.UTF-8");
    }

    void helpIsJapanese()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, language);
        const Result r = run(args, language);
        QCOMPARE(r.code, 0);
        // Our texts: the commands and the options' descriptions.
        QVERIFY2(r.out.contains(QStringLiteral("ストア、TFTP ルート、ログを置くフォルダー。")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("pxe-port")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("Folder for the store")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("Without a command, opens the window")), qPrintable(r.out));
        // Qt's own parts of the help (qtbase_ja.qm, package qt6-translations-l10n).
        QVERIFY2(!r.out.contains(QStringLiteral("Displays version information.")),
                 "Qt's help texts are English: qtbase_ja.qm missing (Debian package qt6-translations-l10n)?");
    }

    void helpStaysEnglishWithLangEn()
    {
        const Result r = run({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--help")},
                             QStringLiteral("ja_JP.UTF-8"));
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Folder for the store, the TFTP root and logs.")), qPrintable(r.out));
    }

    void errorsAreJapanese()
    {
        Result r = run({QStringLiteral("--lang"), QStringLiteral("ja"), QStringLiteral("--dhcp-mode"),
                        QStringLiteral("bogus"), QStringLiteral("serve")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--dhcp-mode には proxy または server を指定してください")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("\"bootbench --help\" を参照してください。")), qPrintable(r.err));

        r = run({QStringLiteral("frobnicate")}, QStringLiteral("ja_JP.UTF-8"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("不明なコマンド \"frobnicate\"")), qPrintable(r.err));

        // Qt's parser error (an unknown option) comes from qtbase_ja.qm.
        r = run({QStringLiteral("--lang"), QStringLiteral("ja"), QStringLiteral("--no-such-option")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no-such-option")) && !r.err.contains(QStringLiteral("Unknown option")),
                 qPrintable(r.err));
    }

    void menuCheckDiagnosticsAreJapanese()
    {
        const QString file = writeFile(QStringLiteral("bad-menu.txt"), "title Bench\nfrobnicate now\n");
        QVERIFY(!file.isEmpty());
        const Result r = run(
            {QStringLiteral("--lang"), QStringLiteral("ja"), QStringLiteral("menu"), QStringLiteral("check"), file});
        QCOMPARE(r.code, 1);
        // "bad-menu.txt:2:1: error: Unknown directive ..." in Japanese; the code stays as it is.
        QVERIFY2(r.err.contains(QStringLiteral("bad-menu.txt:2:1: エラー: 不明なディレクティブ \"frobnicate\" です。")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("[unknown-directive]")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("unknown directive")), qPrintable(r.err));
    }

    void binaryMenuFileIsShownEscaped()
    {
        QByteArray elf("\x7f"
                       "ELF\x02\x01\x01\x00\x00\x00\x1b[2J\xff\xfe",
                       18);
        elf += QByteArray(64, '\0');
        const QString file = writeFile(QStringLiteral("menu.bin"), elf);
        for (const QString &lang : {QStringLiteral("en"), QStringLiteral("ja")}) {
            const Result r =
                run({QStringLiteral("--lang"), lang, QStringLiteral("menu"), QStringLiteral("import"), file});
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x1b[2J\\xff\\xfe")),
                     qPrintable(r.err));
            QVERIFY2(r.err.contains(QStringLiteral("menu.bin")), qPrintable(r.err));
            QVERIFY2(lang == QLatin1String("en") ? r.err.contains(QStringLiteral("is not a text file"))
                                                 : r.err.contains(QStringLiteral("テキストファイルではありません")),
                     qPrintable(r.err));
            // Nothing raw: every byte is printable UTF-8 (or the line break).
            for (const char c : r.rawErr)
                QVERIFY2((uchar(c) >= 0x20 && uchar(c) != 0x7f) || c == '\n', qPrintable(r.err));
            QCOMPARE(QString::fromUtf8(r.rawErr).toUtf8(), r.rawErr);
        }
        // Nothing was imported: the shipped menu is still the one exported.
        const Result exported = run({QStringLiteral("menu"), QStringLiteral("export")});
        QCOMPARE(exported.code, 0);
        QVERIFY(!exported.out.contains(QStringLiteral("ELF")));
    }
};

QTEST_GUILESS_MAIN(TestCliLanguage)
#include "tst_clilanguage.moc"
