#include "bootchain/bootchainlayout.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A fake installed tree with the files of the given packages.
void install(const QString &root, const QStringList &packages)
{
    for (const BootChainFile &f : BootChainLayout::debianFiles(root)) {
        if (packages.contains(f.package))
            QVERIFY(writeFile(f.source, f.package.toUtf8() + ':' + f.name.toUtf8()));
    }
}

} // namespace

class TestBootChainLayout : public QObject
{
    Q_OBJECT

private slots:
    void laysOutEverythingFromThePackages()
    {
        QTemporaryDir src, tftp;
        install(src.path(), {QStringLiteral("ipxe"), QStringLiteral("pxelinux"), QStringLiteral("syslinux-common"),
                             QStringLiteral("syslinux-efi"), QStringLiteral("shim-signed"),
                             QStringLiteral("grub-efi-amd64-signed")});
        const BootChainReport r = BootChainLayout::layOut(tftp.path(), {}, false, src.path());
        QVERIFY2(r.ok(), qPrintable(r.summary()));
        QVERIFY(r.missing.isEmpty());
        for (const char *name : {"undionly.kpxe", "snponly.efi", "ipxe.efi", "pxelinux.0", "ldlinux.c32",
                                 "syslinux.efi", "ldlinux.e64", "menu.c32", "shimx64.efi", "grubx64.efi"}) {
            QVERIFY2(r.copied.contains(QLatin1String(name)), name);
            QVERIFY(readFile(tftp.filePath(QLatin1String(name))).endsWith(QByteArray(QByteArray(":") + name)));
        }
        QCOMPARE(readFile(tftp.filePath(QStringLiteral("pxelinux.0"))), QByteArray("pxelinux:pxelinux.0"));
        // shim loads grubx64.efi from its own directory: the network GRUB under that name.
        QCOMPARE(readFile(tftp.filePath(QStringLiteral("grubx64.efi"))),
                 QByteArray("grub-efi-amd64-signed:grubx64.efi"));
        // The imaging environment is not in any package: said, not fatal.
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings[0].contains(QStringLiteral("boot/kernel, boot/initrd, boot/root")));

        // Second run: nothing to do; a changed file is kept unless refreshed.
        QVERIFY(writeFile(tftp.filePath(QStringLiteral("undionly.kpxe")), "custom build"));
        BootChainReport again = BootChainLayout::layOut(tftp.path(), {}, false, src.path());
        QVERIFY(again.copied.isEmpty());
        QCOMPARE(again.kept, QStringList{QStringLiteral("undionly.kpxe")});
        QVERIFY(again.current.contains(QStringLiteral("pxelinux.0")));
        QCOMPARE(readFile(tftp.filePath(QStringLiteral("undionly.kpxe"))), QByteArray("custom build"));
        again = BootChainLayout::layOut(tftp.path(), {}, true, src.path());
        QCOMPARE(again.copied, QStringList{QStringLiteral("undionly.kpxe")});
        QCOMPARE(readFile(tftp.filePath(QStringLiteral("undionly.kpxe"))), QByteArray("ipxe:undionly.kpxe"));
    }

    void saysWhichPackageIsMissing_data()
    {
        QTest::addColumn<QStringList>("installed");
        QTest::addColumn<QStringList>("missingPackages");
        QTest::addColumn<QString>("mention");
        QTest::newRow("no ipxe") << QStringList{"pxelinux", "syslinux-common", "syslinux-efi", "shim-signed",
                                                "grub-efi-amd64-signed"}
                                 << QStringList{"ipxe"}
                                 << "missing undionly.kpxe (iPXE bootstrap for BIOS clients (phase 2)): ipxe is not "
                                    "installed";
        QTest::newRow("no pxelinux") << QStringList{"ipxe", "syslinux-common", "syslinux-efi", "shim-signed",
                                                    "grub-efi-amd64-signed"}
                                     << QStringList{"pxelinux"} << "apt-get install pxelinux";
        QTest::newRow("no syslinux-common")
            << QStringList{"ipxe", "pxelinux", "syslinux-efi", "shim-signed", "grub-efi-amd64-signed"}
            << QStringList{"syslinux-common"} << "missing ldlinux.c32";
        QTest::newRow("no syslinux-efi") << QStringList{"ipxe", "pxelinux", "syslinux-common", "shim-signed",
                                                        "grub-efi-amd64-signed"}
                                         << QStringList{"syslinux-efi"} << "syslinux-efi is not installed";
        QTest::newRow("no shim-signed") << QStringList{"ipxe", "pxelinux", "syslinux-common", "syslinux-efi",
                                                       "grub-efi-amd64-signed"}
                                        << QStringList{"shim-signed"} << "apt-get install shim-signed";
        QTest::newRow("nothing") << QStringList{} << QStringList{"ipxe",         "pxelinux",    "syslinux-common",
                                                                 "syslinux-efi", "shim-signed", "grub-efi-amd64-signed"}
                                 << "/usr/lib/PXELINUX/pxelinux.0 not found";
    }

    void saysWhichPackageIsMissing()
    {
        QFETCH(QStringList, installed);
        QFETCH(QStringList, missingPackages);
        QFETCH(QString, mention);
        QTemporaryDir src, tftp;
        install(src.path(), installed);
        const BootChainReport r = BootChainLayout::layOut(tftp.path(), {}, false, src.path());
        QVERIFY(!r.ok());
        QStringList got = r.missingPackages();
        got.sort();
        missingPackages.sort();
        QCOMPARE(got, missingPackages);
        QVERIFY2(r.summary().contains(mention), qPrintable(r.summary()));
        const BootEventBatch events = r.toEvents();
        QVERIFY(std::any_of(events.cbegin(), events.cend(), [](const BootEvent &e) {
            return e.kind == QLatin1String("package-missing") && e.severity == BootEvent::Severity::Error &&
                   e.service == QLatin1String("bootchain");
        }));
        // What is installed is laid out anyway.
        if (installed.contains(QStringLiteral("ipxe")))
            QVERIFY(QFile::exists(tftp.filePath(QStringLiteral("undionly.kpxe"))));
    }

    void aliasesForAnnouncedNames()
    {
        const auto aliases = BootChainLayout::aliasesFor(
            {QStringLiteral("undionly.kpxe"), QStringLiteral("nvlnbp.sys"), QStringLiteral("boot/x64.efi")});
        QCOMPARE(aliases.size(), 2);
        QCOMPARE(aliases.value(QStringLiteral("nvlnbp.sys")), QStringLiteral("undionly.kpxe"));
        QCOMPARE(aliases.value(QStringLiteral("boot/x64.efi")), QStringLiteral("snponly.efi"));
        QTemporaryDir src, tftp;
        install(src.path(), {QStringLiteral("ipxe")});
        const BootChainReport r = BootChainLayout::layOut(tftp.path(), aliases, false, src.path());
        QCOMPARE(readFile(tftp.filePath(QStringLiteral("nvlnbp.sys"))), QByteArray("ipxe:undionly.kpxe"));
        QCOMPARE(readFile(tftp.filePath(QStringLiteral("boot/x64.efi"))), QByteArray("ipxe:snponly.efi"));
    }

    void checkChangesNothing()
    {
        QTemporaryDir src, tftp;
        install(src.path(), {QStringLiteral("ipxe")});
        const BootChainReport r = BootChainLayout::check(tftp.path(), {}, src.path());
        QVERIFY(r.copied.contains(QStringLiteral("undionly.kpxe")));
        QVERIFY(!QFile::exists(tftp.filePath(QStringLiteral("undionly.kpxe"))));
    }

    void realDebianInstall()
    {
        // This machine has the packages (tools/debian-packages.txt): the real paths must match.
        QTemporaryDir tftp;
        const BootChainReport r = BootChainLayout::layOut(tftp.path());
        if (!QFile::exists(QStringLiteral("/usr/lib/PXELINUX/pxelinux.0")))
            QFAIL("pxelinux is not installed here (Debian packages pxelinux and syslinux-common)");
        QVERIFY2(r.ok(), qPrintable(r.summary()));
        QVERIFY(QFileInfo(tftp.filePath(QStringLiteral("pxelinux.0"))).size() > 10000);
    }
};

QTEST_GUILESS_MAIN(TestBootChainLayout)
#include "tst_bootchainlayout.moc"
