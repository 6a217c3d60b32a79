// Command-line and --config parsing of the service settings (app/commandline.cpp compiled in).
#include "commandline.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

class TestCommandLine : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    bool parse(QStringList args, CommandLine *out, QString *error)
    {
        QCommandLineParser parser;
        setUpParser(parser);
        args.prepend(QStringLiteral("bootbench"));
        args << QStringLiteral("--data-dir") << m_dir.path();
        const bool ok = parseCommandLine(parser, args, out, error);
        out->parser = nullptr; // gone with this scope
        return ok;
    }

    int m_files = 0;

    // A new file each time: QSettings caches an INI file by name, size and modification time.
    QString writeConfig(const QByteArray &content)
    {
        const QString path = m_dir.filePath(QStringLiteral("bootbench%1.ini").arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(content);
        return path;
    }

private slots:
    void routerAdvertisementsAreOnByDefault()
    {
        CommandLine line;
        QString error;
        QVERIFY2(parse({QStringLiteral("serve")}, &line, &error), qPrintable(error));
        QVERIFY(line.config.routerAdvertisements);
        QVERIFY(ServiceConfig().routerAdvertisements);
    }

    void noRouterAdvertisementsSwitchesThemOff()
    {
        CommandLine line;
        QString error;
        QVERIFY2(parse({QStringLiteral("serve"), QStringLiteral("--no-router-advertisements")}, &line, &error),
                 qPrintable(error));
        QVERIFY(!line.config.routerAdvertisements);
    }

    void configFileSwitchesThemOffOrOn()
    {
        for (const auto &[value, expected] : {std::pair{"true", false}, {"yes", false}, {"false", true}, {"0", true}}) {
            const QString file = writeConfig(QByteArray("no-router-advertisements=") + value + '\n');
            QVERIFY(!file.isEmpty());
            CommandLine line;
            QString error;
            QVERIFY2(parse({QStringLiteral("serve"), QStringLiteral("--config"), file}, &line, &error),
                     qPrintable(error));
            QVERIFY2(line.config.routerAdvertisements == expected, value);
        }
        // The command line wins over the file.
        const QString file = writeConfig("no-router-advertisements=false\n");
        CommandLine line;
        QString error;
        QVERIFY2(parse({QStringLiteral("serve"), QStringLiteral("--config"), file,
                        QStringLiteral("--no-router-advertisements")},
                       &line, &error),
                 qPrintable(error));
        QVERIFY(!line.config.routerAdvertisements);
    }

    void aBadValueInTheConfigFileIsNamed()
    {
        const QString file = writeConfig("no-router-advertisements=maybe\n");
        CommandLine line;
        QString error;
        QVERIFY(!parse({QStringLiteral("serve"), QStringLiteral("--config"), file}, &line, &error));
        QVERIFY2(error.contains(QStringLiteral("no-router-advertisements")) && error.contains(QStringLiteral("maybe")),
                 qPrintable(error));
    }

    void x64UefiGetsTheSignedChainByDefault()
    {
        CommandLine line;
        QString error;
        QVERIFY2(parse({QStringLiteral("serve")}, &line, &error), qPrintable(error));
        QCOMPARE(line.config.dhcp.bootFiles.value(0), QStringLiteral("undionly.kpxe"));
        for (quint16 arch : {7, 9, 16})
            QCOMPARE(line.config.dhcp.bootFiles.value(arch), QStringLiteral("shimx64.efi"));
    }

    void bootFilePerArchitecture()
    {
        CommandLine line;
        QString error;
        QVERIFY2(parse({QStringLiteral("serve"), QStringLiteral("--boot-file"), QStringLiteral("7=snponly.efi"),
                        QStringLiteral("--boot-file"), QStringLiteral("9=snponly.efi")},
                       &line, &error),
                 qPrintable(error));
        QCOMPARE(line.config.dhcp.bootFiles.value(7), QStringLiteral("snponly.efi"));
        QCOMPARE(line.config.dhcp.bootFiles.value(9), QStringLiteral("snponly.efi"));
        QCOMPARE(line.config.dhcp.bootFiles.value(16), QStringLiteral("shimx64.efi"));
        // In a --config file: one list.
        const QString file = writeConfig("boot-file=7=snponly.efi, 11=bootaa64.efi\n");
        QVERIFY2(parse({QStringLiteral("serve"), QStringLiteral("--config"), file}, &line, &error), qPrintable(error));
        QCOMPARE(line.config.dhcp.bootFiles.value(7), QStringLiteral("snponly.efi"));
        QCOMPARE(line.config.dhcp.bootFiles.value(11), QStringLiteral("bootaa64.efi"));
        QVERIFY(!parse({QStringLiteral("serve"), QStringLiteral("--boot-file"), QStringLiteral("x64=snponly.efi")},
                       &line, &error));
        QVERIFY2(error.contains(QStringLiteral("ARCH=FILE")), qPrintable(error));
    }

    void helpDocumentsTheSwitch()
    {
        QCommandLineParser parser;
        setUpParser(parser);
        const QString help = parser.helpText().simplified(); // unwrapped
        QVERIFY(help.contains(QStringLiteral("--no-router-advertisements")));
        QVERIFY(help.contains(QStringLiteral("IPv6 router solicitations")));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
