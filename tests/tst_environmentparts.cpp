// The imaging environment's pieces on this machine's real files: the kernel module closure from
// modules.dep / modules.softdep, the ELF library closure, and the reproducible newc archive
// (listed with busybox cpio).
#include "environment/cpioarchive.h"
#include "environment/elfdependencies.h"
#include "environment/environmentinputs.h"
#include "environment/moduleindex.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

class TestEnvironmentParts : public QObject
{
    Q_OBJECT

    ModuleIndex m_index;

    static bool hasModule(const QStringList &paths, const QString &name)
    {
        for (const QString &p : paths) {
            if (p.endsWith(QLatin1Char('/') + name + QStringLiteral(".ko")))
                return true;
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        QString error;
        const QString release = EnvironmentInputs::newestKernel(&error);
        if (release.isEmpty())
            QFAIL(qPrintable(error + QStringLiteral(": install the Debian package linux-image-amd64")));
        QVERIFY2(m_index.load(EnvironmentInputs::moduleFolder(release), &error), qPrintable(error));
    }

    void virtioNetPullsItsDependencies()
    {
        QString error;
        const QStringList paths = m_index.closure({QStringLiteral("virtio_net")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(hasModule(paths, QStringLiteral("virtio_net")), qPrintable(paths.join(' ')));
        QVERIFY2(hasModule(paths, QStringLiteral("net_failover")), qPrintable(paths.join(' ')));
        QVERIFY2(hasModule(paths, QStringLiteral("failover")), qPrintable(paths.join(' ')));
        QVERIFY(std::is_sorted(paths.begin(), paths.end()));
    }

    void ext4PullsSoftDependencies()
    {
        QString error;
        const QStringList paths = m_index.closure({QStringLiteral("ext4")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(hasModule(paths, QStringLiteral("jbd2")));
        QVERIFY(hasModule(paths, QStringLiteral("mbcache")));
        // modules.softdep: "softdep ext4 pre: crypto-crc32c", an alias of crc32c_generic.
        QVERIFY2(hasModule(paths, QStringLiteral("crc32c_generic")), qPrintable(paths.join(' ')));
        // The cut-down tables name only what is in the closure, in the kernel's format.
        const QByteArray dep = m_index.dependencyTable(paths);
        QVERIFY(dep.contains("kernel/fs/ext4/ext4.ko:"));
        QVERIFY(!dep.contains("virtio_net"));
        QVERIFY(m_index.softdepTable(paths).contains("softdep ext4 pre: crypto-crc32c"));
        QVERIFY(m_index.aliasTable(paths).contains("alias fs-ext4 ext4"));
    }

    void dashesAndUnderscoresAreOneName()
    {
        QString error;
        const QStringList a = m_index.closure({QStringLiteral("usb-storage")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(hasModule(a, QStringLiteral("usb-storage")));
    }

    void unknownModuleIsNamed()
    {
        QString error;
        QVERIFY(m_index.closure({QStringLiteral("no_such_driver_xyz")}, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("no_such_driver_xyz")), qPrintable(error));
        QVERIFY2(error.contains(m_index.folder()), qPrintable(error));
    }

    void elfClosureOfARealProgram()
    {
        QString error;
        const QString sfdisk = EnvironmentInputs::findTool(QStringLiteral("sfdisk"));
        if (sfdisk.isEmpty())
            QFAIL("sfdisk is missing: install the Debian package fdisk");
        const QStringList libs = ElfDependencies::closure({sfdisk}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(libs.value(0).contains(QStringLiteral("ld-linux-x86-64.so.2")), qPrintable(libs.join(' ')));
        bool libc = false, libfdisk = false;
        for (const QString &l : libs) {
            libc = libc || l.endsWith(QStringLiteral("/libc.so.6"));
            libfdisk = libfdisk || l.endsWith(QStringLiteral("/libfdisk.so.1"));
        }
        QVERIFY2(libc && libfdisk, qPrintable(libs.join(' ')));
        // busybox-static needs nothing; a script is no ELF and no error.
        QVERIFY(ElfDependencies::closure({QStringLiteral("/bin/busybox")}, &error).isEmpty());
        QVERIFY(error.isEmpty());
        QTemporaryDir dir;
        QFile script(dir.filePath(QStringLiteral("x.sh")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho hi\n");
        script.close();
        QVERIFY(!ElfDependencies::read(script.fileName(), &error).isElf);
        QVERIFY(error.isEmpty());
    }

    void cpioArchiveIsSortedAndReproducible()
    {
        CpioArchive a;
        a.addFile(QStringLiteral("/usr/bin/zz"), "zz", 0755);
        a.addSymlink(QStringLiteral("bin"), QStringLiteral("usr/bin"));
        a.addFile(QStringLiteral("init"), "#!/bin/sh\n", 0755);
        a.addCharDevice(QStringLiteral("dev/console"), 5, 1);
        CpioArchive b; // the same members in another order
        b.addCharDevice(QStringLiteral("dev/console"), 5, 1);
        b.addFile(QStringLiteral("init"), "#!/bin/sh\n", 0755);
        b.addSymlink(QStringLiteral("bin"), QStringLiteral("usr/bin"));
        b.addFile(QStringLiteral("usr/bin/zz"), "zz", 0755);
        QCOMPARE(a.toByteArray(), b.toByteArray());
        QCOMPARE(a.toByteArray().size() % 4, 0);

        QProcess cpio;
        cpio.start(QStringLiteral("/bin/busybox"), {QStringLiteral("cpio"), QStringLiteral("-t")});
        QVERIFY2(cpio.waitForStarted(), "busybox is missing: install the Debian package busybox-static");
        cpio.write(a.toByteArray());
        cpio.closeWriteChannel();
        QVERIFY(cpio.waitForFinished());
        QCOMPARE(cpio.exitCode(), 0);
        const QStringList listed = QString::fromUtf8(cpio.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(listed, (QStringList{QStringLiteral("bin"), QStringLiteral("dev"), QStringLiteral("dev/console"),
                                      QStringLiteral("init"), QStringLiteral("usr"), QStringLiteral("usr/bin"),
                                      QStringLiteral("usr/bin/zz")}));
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentParts)
#include "tst_environmentparts.moc"
