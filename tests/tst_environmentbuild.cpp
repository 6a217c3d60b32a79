// The imaging environment built for real from this machine's Debian packages into a temporary
// TFTP root: byte-identical rebuilds (in-process, then `bootbench environment build`), a valid
// concatenation of compressed newc archives whose programs run (chroot), the 25 MB budget,
// stale after a recorded package version changes, and missing packages / engine named.
#include "environment/environmentbuilder.h"
#include "environment/environmentstatus.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace bootbench;

class TestEnvironmentBuild : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    EnvironmentOptions m_options;
    EnvironmentBuildResult m_first;
    QString m_engine;

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    Run bootbench(QStringList args, const QString &engine = {})
    {
        args << QStringLiteral("--data-dir") << m_options.dataDir << QStringLiteral("--tftp-root") << m_options.tftpRoot
             << QStringLiteral("--engine") << (engine.isEmpty() ? m_engine : engine);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(BOOTBENCH_EXECUTABLE), args);
        if (!p.waitForFinished(600000))
            p.kill();
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // The initrd's archives: zstd -dc gives the concatenated newc archives; each ends with its
    // TRAILER!!! member and is unpacked on its own by busybox cpio, as the kernel does.
    QList<QByteArray> archives(const QString &initrd)
    {
        QProcess z;
        z.start(QStringLiteral("zstd"), {QStringLiteral("-dc"), initrd});
        if (!z.waitForFinished(120000) || z.exitCode() != 0)
            return {};
        const QByteArray all = z.readAllStandardOutput();
        // Walk the newc headers (a file may well contain the text TRAILER!!!: busybox does).
        QList<QByteArray> parts;
        qsizetype start = 0;
        qsizetype at = 0;
        const auto field = [&all](qsizetype header, int index) {
            return all.mid(header + 6 + index * 8, 8).toLongLong(nullptr, 16);
        };
        const auto align = [](qsizetype n) { return (n + 3) & ~qsizetype(3); };
        while (at + 110 <= all.size() && all.mid(at, 6) == "070701") {
            const qsizetype nameSize = field(at, 11);
            const qsizetype fileSize = field(at, 6);
            const QByteArray name = all.mid(at + 110, nameSize - 1);
            at = align(align(at + 110 + nameSize) + fileSize);
            if (name == "TRAILER!!!") {
                parts << all.mid(start, at - start);
                start = at;
            }
        }
        if (at != all.size())
            return {}; // not newc all the way through
        return parts;
    }

    static QByteArray busyboxCpio(const QStringList &args, const QByteArray &input, const QString &dir = {})
    {
        QProcess p;
        if (!dir.isEmpty())
            p.setWorkingDirectory(dir);
        p.start(QStringLiteral("/bin/busybox"), QStringList{QStringLiteral("cpio")} + args);
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(60000);
        if (p.exitCode() != 0)
            return QByteArray("cpio failed: ") + p.readAllStandardError();
        return p.readAllStandardOutput();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_options.tftpRoot = m_dir.filePath(QStringLiteral("tftp"));
        m_options.dataDir = m_dir.filePath(QStringLiteral("data"));
        // The real engine when this build has one; otherwise a stand-in program (a real ELF
        // file with libraries) in this test's folder only.
        m_engine = QStringLiteral(BOOTBENCH_BINARY_DIR "/engine/bootbench-engine");
        if (!QFileInfo(m_engine).isFile()) {
            m_engine = m_dir.filePath(QStringLiteral("stand-in-engine"));
            QVERIFY(QFile::copy(QStringLiteral("/usr/bin/true"), m_engine));
        }
        m_options.enginePath = m_engine;
        QVERIFY(QDir().mkpath(m_options.dataDir + QStringLiteral("/firmware/rtl_nic")));
        QFile fw(m_options.dataDir + QStringLiteral("/firmware/rtl_nic/rtl8168h-2.fw"));
        QVERIFY(fw.open(QIODevice::WriteOnly));
        fw.write("firmware bytes");
        fw.close();

        QElapsedTimer t;
        t.start();
        QList<int> percents;
        // Without the cache of compressed archives: the command-line rebuild below compresses
        // everything again, so the two files are compared after two full builds.
        EnvironmentOptions noCache = m_options;
        noCache.useCache = false;
        m_first = EnvironmentBuilder::build(noCache, [&percents](int p, const QString &) { percents << p; });
        QVERIFY2(m_first.ok, qPrintable(m_first.error));
        qInfo("first build: %lld ms, initrd %lld bytes (%lld uncompressed), kernel %lld, root %lld",
              qint64(t.elapsed()), m_first.manifest.part(QStringLiteral("initrd"))->size,
              m_first.manifest.initrdUncompressed, m_first.manifest.part(QStringLiteral("kernel"))->size,
              m_first.manifest.part(QStringLiteral("root"))->size);
        QVERIFY(percents.size() >= 5);
        QCOMPARE(percents.last(), 100);
        QVERIFY(std::is_sorted(percents.begin(), percents.end()));
    }

    void writesTheFourFiles()
    {
        QCOMPARE(m_first.written, (QStringList{QStringLiteral("boot/kernel"), QStringLiteral("boot/initrd"),
                                               QStringLiteral("boot/root"), QStringLiteral("boot/environment.json")}));
        for (const EnvironmentPart &p : std::as_const(m_first.manifest.parts)) {
            const QByteArray content = readAll(QDir(m_options.tftpRoot).filePath(p.path));
            QCOMPARE(qint64(content.size()), p.size);
            QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()),
                     p.sha256);
        }
        QVERIFY(m_first.manifest.packages.contains(QStringLiteral("busybox-static")));
        QVERIFY(m_first.manifest.packages.contains(QStringLiteral("partclone")));
        QVERIFY(m_first.manifest.packages.contains(QStringLiteral("libc6")));
        QVERIFY(m_first.manifest.packages.contains(QStringLiteral("linux-image-") + m_first.manifest.kernelRelease));
        QCOMPARE(m_first.manifest.firmware, QStringList{QStringLiteral("rtl_nic/rtl8168h-2.fw")});
    }

    void initrdWithinBudget()
    {
        const qint64 size = m_first.manifest.part(QStringLiteral("initrd"))->size;
        QVERIFY2(size <= 25 * 1000 * 1000, qPrintable(QString::number(size)));
    }

    void initrdIsConcatenatedNewcArchives()
    {
        const QList<QByteArray> parts = archives(QDir(m_options.tftpRoot).filePath(QStringLiteral("boot/initrd")));
        QCOMPARE(parts.size(), 4); // base, modules, userland, engine
        QStringList listed;
        for (const QByteArray &part : parts) {
            const QByteArray list = busyboxCpio({QStringLiteral("-t")}, part);
            QVERIFY2(!list.startsWith("cpio failed"), list.constData());
            listed << QString::fromUtf8(list).split('\n', Qt::SkipEmptyParts);
        }
        const QString modules = QStringLiteral("usr/lib/modules/") + m_first.manifest.kernelRelease;
        const QStringList expectedMembers{QStringLiteral("init"),
                                          QStringLiteral("usr/bin/busybox"),
                                          QStringLiteral("usr/bin/udhcpc"),
                                          QStringLiteral("etc/bootbench/udhcpc.script"),
                                          QStringLiteral("usr/bin/bootbench-engine"),
                                          QStringLiteral("usr/sbin/partclone.ntfs"),
                                          QStringLiteral("usr/sbin/partclone.extfs"),
                                          QStringLiteral("usr/sbin/zstd"),
                                          QStringLiteral("usr/sbin/sfdisk"),
                                          QStringLiteral("usr/sbin/sgdisk"),
                                          QStringLiteral("usr/sbin/blkid"),
                                          QStringLiteral("usr/sbin/udp-receiver"),
                                          QStringLiteral("usr/sbin/mke2fs"),
                                          QStringLiteral("usr/sbin/ntfs-3g"),
                                          QStringLiteral("lib64"),
                                          QStringLiteral("usr/lib64/ld-linux-x86-64.so.2"),
                                          QStringLiteral("usr/lib/x86_64-linux-gnu/libc.so.6"),
                                          modules + QStringLiteral("/modules.dep"),
                                          modules + QStringLiteral("/modules.alias"),
                                          modules + QStringLiteral("/kernel/drivers/net/virtio_net.ko"),
                                          modules + QStringLiteral("/kernel/drivers/net/ethernet/intel/e1000/e1000.ko"),
                                          modules + QStringLiteral("/kernel/fs/ext4/ext4.ko")};
        for (const QString &expected : expectedMembers)
            QVERIFY2(listed.contains(expected), qPrintable(expected));
        // The root archive: the firmware and what the environment is.
        const QList<QByteArray> root = archives(QDir(m_options.tftpRoot).filePath(QStringLiteral("boot/root")));
        QCOMPARE(root.size(), 1);
        const QString rootList = QString::fromUtf8(busyboxCpio({QStringLiteral("-t")}, root.value(0)));
        QVERIFY2(rootList.contains(QStringLiteral("usr/lib/firmware/rtl_nic/rtl8168h-2.fw")), qPrintable(rootList));
        QVERIFY(rootList.contains(QStringLiteral("etc/bootbench/environment")));
    }

    void userlandRunsFromTheInitrd()
    {
        if (geteuid() != 0)
            QSKIP("needs root: chroot into the unpacked initrd");
        QTemporaryDir tree;
        for (const QByteArray &part : archives(QDir(m_options.tftpRoot).filePath(QStringLiteral("boot/initrd")))) {
            const QByteArray r = busyboxCpio({QStringLiteral("-i"), QStringLiteral("-d")}, part, tree.path());
            QVERIFY2(!r.startsWith("cpio failed"), r.constData());
        }
        QProcess p;
        p.start(QStringLiteral("chroot"),
                {tree.path(), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                 QStringLiteral("set -e; sfdisk --version; sgdisk --version; zstd --version; blkid -V; "
                                "mke2fs -V; partclone.ntfs -v; ntfs-3g --version; (udp-receiver --help 2>&1 || true) | "
                                "grep -q udp-receiver; "
                                "grep -q virtio_net.ko /lib/modules/*/modules.dep; sh -n /init")});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, out.constData());
        QVERIFY2(out.contains("sfdisk from util-linux"), out.constData());
        QVERIFY2(out.contains("Partclone : v"), out.constData());
    }

    void rebuildIsByteIdenticalAndRewritesNothing()
    {
        QHash<QString, QDateTime> mtimes;
        for (const char *f : {"boot/kernel", "boot/initrd", "boot/root", "boot/environment.json"})
            mtimes.insert(QString::fromLatin1(f),
                          QFileInfo(QDir(m_options.tftpRoot).filePath(QString::fromLatin1(f))).lastModified());
        // Through the command line this time (another process, the same bytes).
        const Run r = bootbench({QStringLiteral("environment"), QStringLiteral("build"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("%] compressing"), r.err.constData()); // progress on stderr
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("written")).toArray().size(), 0);
        QCOMPARE(o.value(QStringLiteral("unchanged")).toArray().size(), 4);
        const EnvironmentManifest second = EnvironmentManifest::fromJson(o.value(QStringLiteral("build")).toObject());
        QCOMPARE(second.parts.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(second.parts[i].sha256, m_first.manifest.parts[i].sha256);
        for (auto it = mtimes.cbegin(); it != mtimes.cend(); ++it)
            QCOMPARE(QFileInfo(QDir(m_options.tftpRoot).filePath(it.key())).lastModified(), it.value());

        // That build filled the cache (4 initrd archives and the root); a third build takes the
        // compressed archives from it and still gives the same files.
        QCOMPARE(QDir(m_options.cacheDir()).entryList({QStringLiteral("*.zst")}, QDir::Files).size(), 5);
        QElapsedTimer t;
        t.start();
        const EnvironmentBuildResult third = EnvironmentBuilder::build(m_options);
        QVERIFY2(third.ok, qPrintable(third.error));
        qInfo("rebuild from the cache: %lld ms", qint64(t.elapsed()));
        QVERIFY(third.written.isEmpty());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(third.manifest.parts[i].sha256, m_first.manifest.parts[i].sha256);
    }

    void statusReadyThenStaleAfterAPackageChange()
    {
        const Run ready =
            bootbench({QStringLiteral("environment"), QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY2(ready.code == 0, ready.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(ready.out).object();
        QVERIFY2(o.value(QStringLiteral("state")).toString() == QLatin1String("ready"), ready.out.constData());

        // The build recorded zstd at another version: as after `apt-get upgrade`.
        const QString manifestPath = QDir(m_options.tftpRoot).filePath(EnvironmentManifest::fileName());
        const QByteArray original = readAll(manifestPath);
        QJsonObject m = QJsonDocument::fromJson(original).object();
        QJsonObject packages = m.value(QStringLiteral("packages")).toObject();
        const QString now = packages.value(QStringLiteral("zstd")).toString();
        packages.insert(QStringLiteral("zstd"), QStringLiteral("0.1-old"));
        m.insert(QStringLiteral("packages"), packages);
        QFile f(manifestPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(m).toJson());
        f.close();
        const EnvironmentStatus stale = EnvironmentStatusCheck::check(m_options);
        QCOMPARE(stale.state, EnvironmentState::Stale);
        QVERIFY2(
            stale.reasons.join('\n').contains(QStringLiteral("package zstd changed: 0.1-old at the build, ") + now),
            qPrintable(stale.reasons.join('\n')));
        const Run text = bootbench({QStringLiteral("environment"), QStringLiteral("status")});
        QVERIFY2(text.out.contains("imaging environment: stale"), text.out.constData());

        // A missing part makes it missing; the original manifest makes it ready again.
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(original);
        f.close();
        QCOMPARE(EnvironmentStatusCheck::check(m_options).state, EnvironmentState::Ready);
        const QString root = QDir(m_options.tftpRoot).filePath(QStringLiteral("boot/root"));
        const QByteArray rootBytes = readAll(root);
        QVERIFY(QFile::remove(root));
        QCOMPARE(EnvironmentStatusCheck::check(m_options).state, EnvironmentState::Missing);
        QFile back(root);
        QVERIFY(back.open(QIODevice::WriteOnly));
        back.write(rootBytes);
    }

    void missingPackageIsNamedWithItsInstallCommand()
    {
        EnvironmentOptions o = m_options;
        o.tftpRoot = m_dir.filePath(QStringLiteral("other"));
        o.tools << EnvironmentTool{QStringLiteral("bootbench-no-such-tool"),
                                   QStringLiteral("bootbench-no-such-package")};
        const EnvironmentBuildResult r = EnvironmentBuilder::build(o);
        QVERIFY(!r.ok);
        QCOMPARE(r.missingPackages, QStringList{QStringLiteral("bootbench-no-such-package")});
        QVERIFY2(
            r.error.contains(QStringLiteral("apt-get install -y --no-install-recommends bootbench-no-such-package")),
            qPrintable(r.error));
        QVERIFY(!QFileInfo::exists(o.tftpRoot + QStringLiteral("/boot/initrd")));
        const EnvironmentStatus s = EnvironmentStatusCheck::check(o);
        QCOMPARE(s.state, EnvironmentState::Missing);
        QCOMPARE(s.missingPackages, QStringList{QStringLiteral("bootbench-no-such-package")});
    }

    void missingEngineNamesWhereItLooked()
    {
        EnvironmentOptions o = m_options;
        o.tftpRoot = m_dir.filePath(QStringLiteral("other"));
        o.enginePath = m_dir.filePath(QStringLiteral("no-engine-here/bootbench-engine"));
        const EnvironmentBuildResult r = EnvironmentBuilder::build(o);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(o.enginePath), qPrintable(r.error));
        // Without an override: the build tree's place and the installed one.
        o.enginePath.clear();
        o.applicationDir = m_dir.filePath(QStringLiteral("bin"));
        QString error;
        QVERIFY(EnvironmentInputs::findEngine(o, &error).isEmpty());
        QVERIFY2(error.contains(m_dir.filePath(QStringLiteral("engine/bootbench-engine"))), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("/usr/lib/bootbench/bootbench-engine")), qPrintable(error));
        const QString nowhere = m_dir.filePath(QStringLiteral("nowhere/bootbench-engine"));
        const Run cli = bootbench(QStringList{QStringLiteral("environment"), QStringLiteral("build")}, nowhere);
        QCOMPARE(cli.code, 1);
        QVERIFY2(cli.err.contains(nowhere.toUtf8()), cli.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentBuild)
#include "tst_environmentbuild.moc"
