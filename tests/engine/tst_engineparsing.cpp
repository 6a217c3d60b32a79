// The engine's pure parts: the kernel command line, its own options, the settings made of both,
// URLs, the once-a-second progress reporter, the fixed disks of /sys/block and the maintenance
// shell's consoles.
#include "commandline.h"
#include "disklist.h"
#include "engineconfig.h"
#include "httpurl.h"
#include "kernelcmdline.h"
#include "maintenanceshell.h"
#include "progressreporter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench::engine;

namespace {

bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return QDir().mkpath(QFileInfo(path).path()) && f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

} // namespace

class TestEngineParsing : public QObject
{
    Q_OBJECT

private slots:
    void kernelCmdline()
    {
        const KernelCmdline k = KernelCmdline::parse(
            "BOOT_IMAGE=/boot/kernel quiet bootbench.server=http://192.0.2.1:8080 bootbench.mac=52:54:00:12:34:56 "
            "bootbench.token=abc_-123 bootbench.mode=work console=ttyS0,115200 note=\"two words\" "
            "\"quoted=x y\" empty= bootbench.mode=maintenance\n");
        QCOMPARE(k.value("bootbench.server"), std::string("http://192.0.2.1:8080"));
        QCOMPARE(k.value("bootbench.mac"), std::string("52:54:00:12:34:56"));
        QCOMPARE(k.value("bootbench.token"), std::string("abc_-123"));
        QCOMPARE(k.value("bootbench.mode"), std::string("maintenance")); // the last one wins
        QCOMPARE(k.value("console"), std::string("ttyS0,115200"));
        QCOMPARE(k.value("note"), std::string("two words"));
        QCOMPARE(k.value("quoted"), std::string("x y"));
        QVERIFY(k.has("quiet"));
        QVERIFY(k.has("empty"));
        QCOMPARE(k.value("empty", "fallback"), std::string());
        QCOMPARE(k.value("missing", "fallback"), std::string("fallback"));
        QVERIFY(KernelCmdline::parse("").values().empty());
        QVERIFY(KernelCmdline::parse("   \t\n").values().empty());
    }

    void kernelCmdlineFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cmdline"));
        QVERIFY(writeText(path, "bootbench.mode=maintenance\n"));
        KernelCmdline k;
        std::string error;
        QVERIFY(KernelCmdline::readFile(path.toStdString(), &k, &error));
        QCOMPARE(k.value("bootbench.mode"), std::string("maintenance"));
        QVERIFY(!KernelCmdline::readFile(dir.filePath(QStringLiteral("none")).toStdString(), &k, &error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("none")), error.c_str());
    }

    void commandLine()
    {
        CommandLine c;
        std::string error;
        QVERIFY(CommandLine::parse({"--cmdline", "bootbench.mac=x", "--disk", "/dev/null", "--no-reboot"}, &c, &error));
        QVERIFY(c.cmdlineGiven);
        QCOMPARE(c.cmdlineText, std::string("bootbench.mac=x"));
        QCOMPARE(c.disk, std::string("/dev/null"));
        QVERIFY(c.noReboot);
        QVERIFY(c.command.empty());

        QVERIFY(CommandLine::parse({"status", "--disk=/dev/vda"}, &c, &error));
        QCOMPARE(c.command, std::string("status"));
        QCOMPARE(c.disk, std::string("/dev/vda"));
        QVERIFY(!c.noReboot);
        QVERIFY(!c.cmdlineGiven);

        QVERIFY(CommandLine::parse({"work"}, &c, &error));
        QCOMPARE(c.command, std::string("work"));
        QVERIFY(CommandLine::parse({"--help"}, &c, &error));
        QVERIFY(c.help);

        QVERIFY(!CommandLine::parse({"--disk"}, &c, &error));
        QCOMPARE(error, std::string("--disk needs a value"));
        QVERIFY(!CommandLine::parse({"--frobnicate"}, &c, &error));
        QVERIFY2(error.find("--frobnicate") != std::string::npos, error.c_str());
        QVERIFY(!CommandLine::parse({"work", "extra"}, &c, &error));
        QVERIFY2(error.find("extra") != std::string::npos, error.c_str());
        QVERIFY(!CommandLine::parse({"--disk="}, &c, &error));
        QVERIFY(CommandLine::usage().find("--no-reboot") != std::string::npos);
    }

    void config()
    {
        CommandLine line;
        std::string error;
        QVERIFY(CommandLine::parse({"--disk", "/dev/sdb", "--no-reboot"}, &line, &error));
        EngineConfig c = EngineConfig::from(
            KernelCmdline::parse("bootbench.server=http://10.0.0.1:8080/ bootbench.mac=aa:bb:cc:dd:ee:ff "
                                 "bootbench.token=T bootbench.after=poweroff"),
            line);
        QCOMPARE(c.server, std::string("http://10.0.0.1:8080"));
        QCOMPARE(c.mode, std::string("work")); // the default
        QCOMPARE(c.after, std::string("poweroff"));
        QCOMPARE(c.disk, std::string("/dev/sdb"));
        QVERIFY(c.noReboot);
        QVERIFY(c.missingForServer().empty());
        QCOMPARE(c.apiBase(), std::string("http://10.0.0.1:8080/api/v1/devices/aa:bb:cc:dd:ee:ff/"));

        QVERIFY(CommandLine::parse({"status"}, &line, &error));
        c = EngineConfig::from(KernelCmdline::parse("bootbench.mode=maintenance bootbench.mac=m"), line);
        QCOMPARE(c.mode, std::string("status")); // the command wins over bootbench.mode
        const std::string missing = c.missingForServer();
        QVERIFY2(missing.find("bootbench.server=") != std::string::npos, missing.c_str());
        QVERIFY2(missing.find("bootbench.token=") != std::string::npos, missing.c_str());
        QVERIFY2(missing.find("bootbench.mac=,") == std::string::npos, missing.c_str());
    }

    void urls()
    {
        HttpUrl u;
        std::string error;
        QVERIFY(HttpUrl::parse("http://192.0.2.1:8080/api/v1/x?token=a", &u, &error));
        QCOMPARE(u.host, std::string("192.0.2.1"));
        QCOMPARE(int(u.port), 8080);
        QCOMPARE(u.target, std::string("/api/v1/x?token=a"));
        QCOMPARE(u.hostField(), std::string("192.0.2.1:8080"));
        QVERIFY(HttpUrl::parse("http://server", &u, &error));
        QCOMPARE(int(u.port), 80);
        QCOMPARE(u.target, std::string("/"));
        QCOMPARE(u.hostField(), std::string("server"));
        QVERIFY(HttpUrl::parse("http://[fe80::1]:81/a", &u, &error));
        QCOMPARE(u.host, std::string("fe80::1"));
        QCOMPARE(u.hostField(), std::string("[fe80::1]:81"));
        for (const char *bad : {"https://x/", "ftp://x", "http://", "http://:80/", "http://x:0/", "http://x:99999/",
                                "http://x:8a/", "http://x:/", "http://u@x/"}) {
            QVERIFY2(!HttpUrl::parse(bad, &u, &error), bad);
            QVERIFY(!error.empty());
        }
    }

    void progressAtMostOnceASecond()
    {
        using namespace std::chrono;
        steady_clock::time_point now{};
        QList<nlohmann::json> sent;
        ProgressReporter r(
            [&](const nlohmann::json &p) {
                sent << p;
                return true;
            },
            [&] { return now; });
        Progress p;
        p.stage = "script";
        p.message = "running script 1/3";
        p.action = 1;
        p.actions = 3;
        r.report(p); // the first goes at once
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent[0]["message"].get<std::string>(), std::string("running script 1/3"));
        QCOMPARE(sent[0]["action"].get<int>(), 1);
        QVERIFY(!sent[0].contains("percent"));
        now += milliseconds(300);
        p.message = "running script 2/3";
        r.report(p);
        now += milliseconds(300);
        p.message = "running script 3/3";
        p.bytes = 42;
        p.total = 100;
        p.percent = 42;
        p.rate = 96e6;
        r.report(p);
        QCOMPARE(sent.size(), 1); // within the second: kept, only the newest
        QVERIFY(r.hasPending());
        r.tick();
        QCOMPARE(sent.size(), 1);
        now += milliseconds(400);
        r.tick();
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent[1]["message"].get<std::string>(), std::string("running script 3/3"));
        QCOMPARE(sent[1]["percent"].get<double>(), 42.0);
        QCOMPARE(sent[1]["bytes"].get<int64_t>(), int64_t(42));
        QCOMPARE(sent[1]["total"].get<int64_t>(), int64_t(100));
        QCOMPARE(sent[1]["rate"].get<double>(), 96e6);
        QVERIFY(!r.hasPending());
        now += seconds(5);
        r.tick(); // nothing pending: nothing sent
        QCOMPARE(sent.size(), 2);
    }

    void fixedDisks()
    {
        QTemporaryDir dir;
        const QString sys = dir.path();
        auto disk = [&](const char *name, const char *size, const char *removable, const char *model = nullptr) {
            QVERIFY(writeText(sys + QLatin1Char('/') + QLatin1String(name) + QStringLiteral("/size"), size));
            QVERIFY(writeText(sys + QLatin1Char('/') + QLatin1String(name) + QStringLiteral("/removable"), removable));
            if (model)
                QVERIFY(
                    writeText(sys + QLatin1Char('/') + QLatin1String(name) + QStringLiteral("/device/model"), model));
        };
        disk("sda", "2048\n", "0\n", "QEMU HARDDISK   \n");
        disk("nvme0n1", "4096\n", "0\n");
        disk("sdb", "2048\n", "1\n"); // a USB stick
        disk("loop0", "2048\n", "0\n");
        disk("sr0", "2048\n", "1\n");
        disk("ram0", "2048\n", "0\n");
        disk("vdb", "0\n", "0\n"); // no medium
        const auto disks = DiskList::fixedDisks(sys.toStdString());
        QCOMPARE(int(disks.size()), 2);
        QCOMPARE(disks[0].device, std::string("/dev/nvme0n1"));
        QCOMPARE(disks[0].sizeBytes, uint64_t(4096) * 512);
        QCOMPARE(disks[1].device, std::string("/dev/sda"));
        QCOMPARE(disks[1].model, std::string("QEMU HARDDISK"));
        QCOMPARE(DiskList::devices(disks), std::string("/dev/nvme0n1 /dev/sda"));
        QVERIFY(DiskList::fixedDisks(QString(sys + QStringLiteral("/none")).toStdString()).empty());
    }

    // /sys/class/tty/console/active with console=tty0 console=ttyS0,115200: a shell on each.
    void maintenanceConsoles()
    {
        using Devices = std::vector<std::string>;
        QCOMPARE(MaintenanceShell::consoleDevices("ttyS0 tty0\n"), (Devices{"/dev/ttyS0", "/dev/tty1"}));
        QCOMPARE(MaintenanceShell::consoleDevices("tty0 tty1 ttyS1\n"), (Devices{"/dev/tty1", "/dev/ttyS1"}));
        QCOMPARE(MaintenanceShell::consoleDevices("ttyS0\n"), (Devices{"/dev/ttyS0"}));
        QVERIFY(MaintenanceShell::consoleDevices("").empty());
    }
};

QTEST_GUILESS_MAIN(TestEngineParsing)
#include "tst_engineparsing.moc"
