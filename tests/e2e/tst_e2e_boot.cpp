// End to end with real PXE clients: QEMU virtual machines boot against `bootbench serve` in
// network namespaces (see e2ebench.h for the bench). BIOS machines carry QEMU's iPXE ROM on an
// e1000; UEFI machines run OVMF's own PXE stack on virtio-net (no iPXE ROM) and get snponly.efi.
//
// Variant A (dnsmasq hands out addresses, Bootbench is proxyDHCP):
//   no work → local boot; a once assignment of a script bundle → pxelinux.0 → z_auto.cfg →
//   kernel, initrd, root of Bootbench's own imaging environment (built by `bootbench environment
//   build` with the engine of this build) → the engine fetches its work, runs the script, which
//   writes a marker onto the VM's disk (found in the disk image afterwards), posts its result and
//   powers off → done, assignment cleared, the VM's lane in the GUI's PhaseTracker goes through
//   phases 1-8 in order; the second boot has no work and downloads no imaging file; UEFI →
//   snponly.efi → iPXE loads kernel, initrd, root → the same; the shipped pxemenu.txt forced on: its default taken
//   after the time-out (local disk), and with a password, a submenu entry chosen with keys (power off);
//   the menu's maintenance entry → the environment's root shell on the serial console, where the
//   test types `bootbench-engine status`; a BIOS imaging boot with boot/updateDrivers.tgz in the
//   TFTP root (the other imaging boots are without it: the expected refusal).
// Variant B (Bootbench is the DHCP server too; the clients go through port 4011): the BIOS and
//   UEFI imaging boots again.
// The menu is checked on the VM's screen (QEMU monitor: screendump, and the text in VGA memory)
// and in what the server saw, not on iPXE's serial output (Debian's iPXE prints to the screen).
#include "e2ebench.h"
#include "e2evm.h"
#include "netnslab.h"

#include "menu/menupassword.h"
#include "model/bundleactions.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"
#include "timeline/phasetracker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

using namespace bootbench;
using e2e::Bench;
using e2e::describe;
using e2e::Vm;

namespace {

const QString kBiosMac = QStringLiteral("52:54:00:e2:e0:01");
const QString kUefiMac = QStringLiteral("52:54:00:e2:e0:02");
const QString kBiosMacB = QStringLiteral("52:54:00:e2:e0:03");
const QString kUefiMacB = QStringLiteral("52:54:00:e2:e0:04");
const QString kBiosMacDrivers = QStringLiteral("52:54:00:e2:e0:05");
const QString kBundle = QStringLiteral("e2e-script");
const QString kDriversBundle = QStringLiteral("e2e-drivers");
constexpr qint64 kMarkerOffset = 2048 * 512; // where the bundle's script writes its marker on the disk
constexpr int kBootMs = 150000;              // one boot under TCG is ~15-40 s; generous for a loaded CI machine

const QStringList kBiosFiles{QStringLiteral("pxelinux.0"),  QStringLiteral("ldlinux.c32"), QStringLiteral("z_auto.cfg"),
                             QStringLiteral("boot/kernel"), QStringLiteral("boot/initrd"), QStringLiteral("boot/root")};
const QStringList kUefiFiles{QStringLiteral("snponly.efi"), QStringLiteral("boot/kernel"),
                             QStringLiteral("boot/initrd"), QStringLiteral("boot/root")};
// UEFI has no loader step: iPXE loads the kernel and initrds itself (phases 5-6 do not occur).
const QList<int> kBiosPhases{1, 2, 3, 4, 5, 6, 7, 8};
const QList<int> kUefiPhases{1, 2, 3, 4, 7, 8};

QString shippedMenu()
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/resources/default/pxemenu.txt"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The script bundle's script: the marker, with the device's MAC, onto the device's first disk.
QString markerScript()
{
    return QStringLiteral("echo \"disks: $BOOTBENCH_DISKS\"\n"
                          "printf 'BOOTBENCH-E2E-MARKER-%s' \"$BOOTBENCH_MAC\" | "
                          "dd of=\"$BOOTBENCH_DISK\" bs=512 seek=2048 conv=notrunc\n"
                          "sync\n");
}

QByteArray expectedMarker(const QString &mac)
{
    return QByteArrayLiteral("BOOTBENCH-E2E-MARKER-") + mac.toLatin1();
}

// The updateDrivers.tgz boot's script: the marker file the archive brought, and that pcspkr (a
// driver only the archive has, for the PC speaker every QEMU pc machine has) was loaded by the
// coldplug after the archive was unpacked; both onto the disk.
const QByteArray kDriversMarker = QByteArrayLiteral("BOOTBENCH-E2E-UPDATEDRIVERS");
QString driversScript()
{
    return QStringLiteral("m=/lib/modules/$(uname -r)/updates/bootbench-e2e-marker\n"
                          "cat \"$m\"\n"
                          "grep '^pcspkr ' /proc/modules\n"
                          "{ cat \"$m\"; printf -- '-pcspkr-loaded'; } | "
                          "dd of=\"$BOOTBENCH_DISK\" bs=512 seek=2048 conv=notrunc\n"
                          "sync\n");
}

QByteArray readMarker(const QString &disk, qsizetype size)
{
    QFile f(disk);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(kMarkerOffset))
        return {};
    return f.read(size);
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2) : QString();
}

bool inOrder(const QStringList &seen, const QStringList &expected)
{
    int next = 0;
    for (const QString &s : seen) {
        if (next < expected.size() && s.endsWith(expected[next]))
            ++next;
    }
    return next == expected.size();
}

} // namespace

class TestE2eBoot : public QObject
{
    Q_OBJECT

    std::unique_ptr<Bench> m_bench;
    QString m_work;
    QElapsedTimer m_clock;
    QStringList m_figures;

    QString path(const QString &name) const { return QDir(m_work).filePath(name); }
    Store &store() { return m_bench->store(); }

    void use(Bench::Variant variant)
    {
        if (m_bench->variant() == variant)
            return;
        QElapsedTimer t;
        t.start();
        QString error;
        QVERIFY2(m_bench->start(variant, &error), qPrintable(error));
        qInfo("serve restarted for variant %s in %lld ms", variant == Bench::Variant::A ? "A" : "B", t.elapsed());
    }

    void setMenu(MenuMode mode, const QString &text)
    {
        QString error;
        MenuSettings s;
        s.mode = mode;
        s.timeoutSeconds = 2;
        SettingsRepository settings(store());
        QVERIFY2(settings.setMenuSettings(s, &error), qPrintable(error));
        QVERIFY2(settings.setMenuText(text, &error), qPrintable(error));
    }

    void assignOnce(const QString &mac, const QString &bundle = kBundle)
    {
        QString error;
        if (!DeviceRepository(store()).find(mac, &error)) {
            Device device;
            device.mac = mac;
            device.name = QStringLiteral("e2e-") + QString(mac).remove(QLatin1Char(':')).right(4);
            QVERIFY2(DeviceRepository(store()).add(device, &error), qPrintable(error));
        }
        QVERIFY2(AssignmentRepository(store()).assign(mac, bundle, false, &error), qPrintable(error));
    }

    void figure(const QString &what, qint64 ms)
    {
        m_figures << QStringLiteral("%1: %2 s").arg(what).arg(double(ms) / 1000.0, 0, 'f', 1);
        qInfo("%s", qPrintable(m_figures.last()));
    }

    // The lane the monitor's PhaseTracker draws from the events serve stored for `mac`: one
    // run, done, through exactly `phases`, each starting no earlier than the one before.
    void checkLane(const BootEventBatch &events, const QString &mac, const QList<int> &phases)
    {
        PhaseTracker tracker;
        tracker.apply(events);
        const int row = tracker.rowOf(mac);
        QVERIFY2(row >= 0, qPrintable(describe(events)));
        const DeviceLane &lane = tracker.lane(row);
        QVERIFY2(lane.state == LaneState::Done, qPrintable(laneStateKey(lane.state) + QLatin1Char(' ') +
                                                           lane.failureReason + QLatin1Char('\n') + describe(events)));
        QVERIFY2(lane.runs.size() == 1,
                 qPrintable(QStringLiteral("%1 runs\n").arg(lane.runs.size()) + describe(events)));
        const LaneRun &run = lane.runs.last();
        QList<int> seen;
        QStringList spans;
        qint64 previous = 0;
        for (int p = kFirstPhase; p <= kLastPhase; ++p) {
            const PhaseSpan &span = run.spans[size_t(p)];
            if (!span.isValid())
                continue;
            seen << p;
            spans << QStringLiteral("%1:+%2..+%3ms(%4)")
                         .arg(p)
                         .arg(span.startMs - run.startMs)
                         .arg(span.endMs - run.startMs)
                         .arg(span.events);
            QVERIFY2(span.startMs >= previous, qPrintable(spans.join(QLatin1Char(' '))));
            previous = span.startMs;
        }
        QVERIFY2(seen == phases, qPrintable(spans.join(QLatin1Char(' ')) + QLatin1Char('\n') + describe(events)));
        QCOMPARE(lane.currentPhase, Phase::Imaging);
        qInfo("lane %s: %s", qPrintable(mac), qPrintable(spans.join(QLatin1Char(' '))));
    }

    // A once assignment end to end: the machine boots Bootbench's imaging environment, the engine
    // runs the script bundle (the marker onto the disk), posts its result and powers off.
    // With `drivers`, the once assignment is the updateDrivers.tgz bundle and its marker is expected.
    void imagingBoot(const QString &tag, const QString &mac, Vm::Firmware firmware, bool drivers = false)
    {
        const bool uefi = firmware == Vm::Firmware::Uefi;
        if (uefi && Vm::ovmfCode().isEmpty())
            QFAIL("needs OVMF (Debian package ovmf)");
        assignOnce(mac, drivers ? kDriversBundle : kBundle);
        if (QTest::currentTestFailed())
            return;
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Vm vm(m_bench->lab(), QStringLiteral("lan"), m_work, tag, mac, firmware);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        // The init posts its result and powers the VM off.
        // The engine posts its result and powers the VM off (bootbench.after=poweroff).
        QVERIFY2(vm.waitForExit(kBootMs),
                 qPrintable(vm.serial().right(3000) + describe(m_bench->eventsSince(t0, mac))));
        figure(QStringLiteral("%1 imaging boot, power-on to power-off").arg(tag), t.elapsed());
        // The script ran on the device: its marker is on the VM's disk.
        const QByteArray marker = drivers ? kDriversMarker + QByteArrayLiteral("-pcspkr-loaded") : expectedMarker(mac);
        QVERIFY2(readMarker(vm.diskPath(), marker.size()) == marker,
                 qPrintable(vm.diskPath() + QStringLiteral(": no marker\n") + vm.serial().right(3000)));

        const auto result = m_bench->waitForEvent(QStringLiteral("result"), t0, 5000, mac, Outcome::Done);
        QVERIFY2(result, qPrintable(describe(m_bench->eventsSince(t0, mac))));
        QCOMPARE(result->phase, Phase::Imaging);
        QVERIFY(!AssignmentRepository(store()).forDevice(mac, &error)); // once: cleared
        const BootEventBatch events = m_bench->eventsSince(t0, mac);
        const auto fetched = std::find_if(events.cbegin(), events.cend(),
                                          [](const BootEvent &e) { return e.kind == QLatin1String("work-fetched"); });
        QVERIFY2(fetched != events.cend(), qPrintable(describe(events)));
        figure(
            QStringLiteral("%1 power-on to the engine's first request (work-fetched; load %2)").arg(tag, loadAverage()),
            t0.msecsTo(fetched->time));

        // What the policy service and the engine API saw, in order.
        QStringList kinds;
        for (const BootEvent &e : events) {
            kinds << e.kind;
            if (e.kind == QLatin1String("work-answer")) {
                QCOMPARE(e.phase, Phase::WorkQuery);
                QVERIFY2(e.detail.contains(uefi ? QStringLiteral("(UEFI)") : QStringLiteral("z_auto.cfg")),
                         qPrintable(e.toLogLine()));
            }
            if (e.kind == QLatin1String("identity-reported"))
                QVERIFY2(e.detail.contains(uefi ? QStringLiteral("platform=efi") : QStringLiteral("platform=pcbios")),
                         qPrintable(e.toLogLine()));
        }
        QVERIFY2(inOrder(kinds, {QStringLiteral("identity-reported"), QStringLiteral("menu-settings"),
                                 QStringLiteral("work-answer"), QStringLiteral("work-fetched"),
                                 QStringLiteral("progress"), QStringLiteral("result")}),
                 qPrintable(describe(events)));
        // Phase 1 as the variant has it: variant B's own lease; OVMF's PXE (UEFI) takes the port-4011
        // round trip, iPXE (the BIOS VM's ROM, and snponly.efi after OVMF) gets the policy script
        // URL in the server's own answer.
        if (m_bench->variant() == Bench::Variant::B) {
            QVERIFY2(inOrder(kinds, uefi ? QStringList{QStringLiteral("lease"), QStringLiteral("request-4011"),
                                                       QStringLiteral("ack-4011")}
                                         : QStringList{QStringLiteral("lease")}),
                     qPrintable(describe(events)));
            QVERIFY2(std::any_of(events.cbegin(), events.cend(),
                                 [](const BootEvent &e) {
                                     return e.service == QLatin1String("dhcp") &&
                                            e.detail.contains(QLatin1String("file=http://10.77.0.1:8080/boot.ipxe"));
                                 }),
                     qPrintable(describe(events)));
        } else
            QVERIFY2(kinds.contains(QStringLiteral("offer")), qPrintable(describe(events)));

        // Phases 2 and 5-7 on TFTP: bootstrap (UEFI), loader and its per-device config (BIOS),
        // the imaging environment.
        const QStringList files = m_bench->tftpFilesSince(t0, mac);
        QVERIFY2(inOrder(files, uefi ? kUefiFiles : kBiosFiles), qPrintable(files.join(QLatin1Char(' '))));
        if (!uefi)
            QVERIFY2(files.contains(QStringLiteral("bootbench/01-%1/z_auto.cfg")
                                        .arg(QString(mac).replace(QLatin1Char(':'), QLatin1Char('-')))),
                     qPrintable(files.join(QLatin1Char(' '))));
        checkLane(events, mac, uefi ? kUefiPhases : kBiosPhases);
        checkNoIpv6Wait(events, tag);
        // /init asks for boot/updateDrivers.tgz: sent when there is one, else the expected refusal.
        if (drivers) {
            QVERIFY2(files.contains(QStringLiteral("boot/updateDrivers.tgz")),
                     qPrintable(files.join(QLatin1Char(' '))));
        } else {
            QVERIFY2(std::any_of(events.cbegin(), events.cend(),
                                 [](const BootEvent &e) {
                                     return e.kind == QLatin1String("transfer-failed") &&
                                            e.outcome == Outcome::Expected &&
                                            e.detail.startsWith(QLatin1String("boot/updateDrivers.tgz"));
                                 }),
                     qPrintable(describe(events)));
        }
    }

    // iPXE's "Configuring" ends with DHCP and IPv6 both settled; without an answer to its router
    // solicitations it waits ~16 s before it asks the policy service. Variant A: the segment's
    // router namespace answers; variant B: Bootbench's DHCP server does.
    void checkNoIpv6Wait(const BootEventBatch &events, const QString &tag)
    {
        QDateTime lastDhcp;
        bool answered = false;
        for (const BootEvent &e : events) {
            if (e.kind == QLatin1String("identity-reported")) {
                QVERIFY2(lastDhcp.isValid(), qPrintable(describe(events)));
                const qint64 gap = lastDhcp.msecsTo(e.time);
                figure(QStringLiteral("%1: iPXE's last DHCP packet to its policy request").arg(tag), gap);
                QVERIFY2(gap < 8000, qPrintable(QStringLiteral("iPXE took %1 ms from its DHCP to the policy request: "
                                                               "it waited for IPv6")
                                                    .arg(gap)));
                break;
            }
            if (e.service == QLatin1String("proxydhcp") || e.service == QLatin1String("dhcp"))
                lastDhcp = e.time;
            answered = answered || e.kind == QLatin1String("ipv6-ra-sent");
        }
        if (m_bench->variant() == Bench::Variant::B)
            QVERIFY2(answered, qPrintable(describe(events)));
    }

    // boot/ of the TFTP root: `bootbench environment build` with the engine of this build. Its
    // data dir (firmware folder, archive cache) outlives the work folder, so later runs reuse the
    // cached archives (seconds instead of minutes).
    void buildEnvironment(const QString &tftpRoot)
    {
        const QString engine = QStringLiteral(BOOTBENCH_BINARY_DIR "/engine/bootbench-engine");
        QVERIFY2(QFileInfo::exists(engine), qPrintable(engine + QStringLiteral(" is missing: build bootbench-engine")));
        const QString dataDir = QStringLiteral(BOOTBENCH_BINARY_DIR "/e2e-environment");
        QVERIFY(QDir().mkpath(dataDir));
        QElapsedTimer t;
        t.start();
        QProcess build;
        build.setProcessChannelMode(QProcess::MergedChannels);
        build.start(QStringLiteral(BOOTBENCH_EXECUTABLE),
                    {QStringLiteral("environment"), QStringLiteral("build"), QStringLiteral("--data-dir"), dataDir,
                     QStringLiteral("--tftp-root"), tftpRoot, QStringLiteral("--engine"), engine});
        QVERIFY2(build.waitForFinished(400000), "bootbench environment build did not finish in 400 s");
        const QString out = QString::fromUtf8(build.readAll());
        QVERIFY2(build.exitStatus() == QProcess::NormalExit && build.exitCode() == 0, qPrintable(out));
        figure(QStringLiteral("bootbench environment build (load %1)").arg(loadAverage()), t.elapsed());
        for (const char *part : {"boot/kernel", "boot/initrd", "boot/root"}) {
            const QFileInfo file(tftpRoot + QLatin1Char('/') + QLatin1String(part));
            QVERIFY2(file.size() > 0, qPrintable(file.filePath() + QStringLiteral(" missing after the build\n") + out));
            qInfo("%s: %lld bytes", part, file.size());
        }
    }

    // Waits until the VM's text screen shows every one of `texts`; returns the screen.
    QStringList waitForScreen(Vm &vm, const QStringList &texts, int ms)
    {
        QStringList screen;
        const bool shown = QTest::qWaitFor(
            [&] {
                screen = vm.screenText();
                const QString all = screen.join(QLatin1Char('\n'));
                for (const QString &t : texts) {
                    if (!all.contains(t))
                        return false;
                }
                return true;
            },
            ms);
        return shown ? screen : QStringList();
    }

private slots:
    void initTestCase()
    {
        m_clock.start();
        if (const QString why = NetnsLab::unavailableReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        if (const QString missing = NetnsLab::missingPackage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
        if (QStandardPaths::findExecutable(QStringLiteral("qemu-system-x86_64")).isEmpty())
            QFAIL("needs qemu-system-x86_64 (Debian package qemu-system-x86)");
        if (QStandardPaths::findExecutable(QStringLiteral("dnsmasq")).isEmpty() &&
            QStandardPaths::findExecutable(QStringLiteral("dnsmasq"), {QStringLiteral("/usr/sbin")}).isEmpty())
            QFAIL("needs dnsmasq (Debian package dnsmasq-base)");
        if (!QFileInfo::exists(QStringLiteral("/usr/share/qemu/efi-e1000.rom")) &&
            !QFileInfo::exists(QStringLiteral("/usr/lib/ipxe/qemu/efi-e1000.rom")))
            QFAIL("needs QEMU's iPXE option ROMs (Debian package ipxe-qemu)");

        // Files are kept after the run (serial consoles, screendumps, logs) for whoever debugs it.
        m_work = QStringLiteral(BOOTBENCH_BINARY_DIR "/e2e-work");
        QDir(m_work).removeRecursively();
        QVERIFY(QDir().mkpath(m_work));
        const QString tftpRoot = path(QStringLiteral("tftp"));
        QString error;
        buildEnvironment(tftpRoot);
        if (QTest::currentTestFailed())
            return;
        const e2e::Accelerator accel = e2e::Accelerator::choose(tftpRoot + QStringLiteral("/boot/kernel"),
                                                                tftpRoot + QStringLiteral("/boot/initrd"), m_work,
                                                                QByteArrayLiteral("bootbench: imaging environment"));
        Vm::setAccelerator(accel.name);
        qInfo("QEMU accelerator: %s (%s), chosen after %lld ms", qPrintable(accel.name), qPrintable(accel.reason),
              m_clock.elapsed());

        m_bench = std::make_unique<Bench>();
        QVERIFY2(m_bench->setUp(m_work, tftpRoot, &error), qPrintable(error));
        Bundle bundle;
        bundle.name = kBundle;
        bundle.kind = BundleKind::Script;
        // The engine powers the VM off after the work (instead of rebooting into the bench again).
        bundle.kernelParams = QStringLiteral("console=ttyS0 quiet bootbench.after=poweroff");
        BundleAction script;
        script.type = QLatin1String(actionkey::kScript);
        script.params = {{QLatin1String(paramkey::kScript), markerScript()}};
        bundle.actions = {script};
        QVERIFY2(BundleRepository(store()).add(bundle, &error), qPrintable(error));
        // Without `quiet`: the kernel's driver messages show on the serial console after /init's line
        // about the archive.
        Bundle driversBundle = bundle;
        driversBundle.name = kDriversBundle;
        driversBundle.kernelParams = QStringLiteral("console=ttyS0 bootbench.after=poweroff");
        driversBundle.actions[0].params = {{QLatin1String(paramkey::kScript), driversScript()}};
        QVERIFY2(BundleRepository(store()).add(driversBundle, &error), qPrintable(error));
        setMenu(MenuMode::Never, QStringLiteral("item exit Exit local\n"));
        // This test runs x64 UEFI through iPXE (snponly.efi); tst_e2e_secureboot runs the signed chain.
        m_bench->setServeArguments({QStringLiteral("--no-environment-build"), QStringLiteral("--boot-file"),
                                    QStringLiteral("7=snponly.efi"), QStringLiteral("--boot-file"),
                                    QStringLiteral("9=snponly.efi")});
        QVERIFY2(m_bench->start(Bench::Variant::A, &error), qPrintable(error));
        QVERIFY2(QFileInfo::exists(tftpRoot + QStringLiteral("/pxelinux.0")), "serve laid out the boot chain");
        qInfo("bench up after %lld ms", m_clock.elapsed());
    }

    void cleanupTestCase()
    {
        m_bench.reset(); // stops serve, dnsmasq, QEMU; deletes the namespaces
        figure(QStringLiteral("e2e total"), m_clock.elapsed());
        qInfo("figures:\n  %s", qPrintable(m_figures.join(QStringLiteral("\n  "))));
    }

    void cleanup()
    {
        if (m_bench) {
            m_bench->saveLogs();
            // A menu test that failed half-way must not leave its menu on for the next boots.
            setMenu(MenuMode::Never, QStringLiteral("item exit Exit local\n"));
        }
    }

    void biosNoWorkBootsLocally()
    {
        use(Bench::Variant::A);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Vm vm(m_bench->lab(), QStringLiteral("lan"), m_work, QStringLiteral("1-nowork"), kBiosMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        const auto answer =
            m_bench->waitForEvent(QStringLiteral("work-answer"), t0, kBootMs, kBiosMac, Outcome::LocalBoot, &vm);
        QVERIFY2(answer, qPrintable(describe(m_bench->eventsSince(t0, kBiosMac))));
        figure(QStringLiteral("1-nowork: power-on to the no-work answer"), t.elapsed());
        QCOMPARE(answer->phase, Phase::WorkQuery);
        // The local disk is booted: SeaBIOS goes on to the (empty) disk.
        const QStringList screen = waitForScreen(vm, {QStringLiteral("No bootable device")}, 30000);
        QVERIFY2(!screen.isEmpty(), qPrintable(vm.screenText().join(QLatin1Char('\n'))));
        vm.stop();
        const BootEventBatch events = m_bench->eventsSince(t0, kBiosMac);
        QStringList kinds;
        for (const BootEvent &e : events)
            kinds << e.kind;
        QVERIFY2(inOrder(kinds, {QStringLiteral("offer"), QStringLiteral("identity-reported"),
                                 QStringLiteral("menu-settings"), QStringLiteral("work-answer")}),
                 qPrintable(describe(events)));
        QVERIFY2(m_bench->tftpFilesSince(t0, kBiosMac).isEmpty(),
                 qPrintable(m_bench->tftpFilesSince(t0, kBiosMac).join(QLatin1Char(' '))));
    }

    void biosOnceAssignmentImagesAndIsCleared()
    {
        use(Bench::Variant::A);
        imagingBoot(QStringLiteral("2-bios-once"), kBiosMac, Vm::Firmware::Bios);
    }

    void biosSecondBootHasNoWork()
    {
        use(Bench::Variant::A);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Vm vm(m_bench->lab(), QStringLiteral("lan"), m_work, QStringLiteral("3-second"), kBiosMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        const auto answer =
            m_bench->waitForEvent(QStringLiteral("work-answer"), t0, kBootMs, kBiosMac, Outcome::LocalBoot, &vm);
        QVERIFY2(answer, qPrintable(describe(m_bench->eventsSince(t0, kBiosMac))));
        figure(QStringLiteral("3-second: power-on to the no-work answer"), t.elapsed());
        QVERIFY2(answer->detail.contains(QStringLiteral("no assignment")), qPrintable(answer->detail));
        QVERIFY2(!waitForScreen(vm, {QStringLiteral("No bootable device")}, 30000).isEmpty(),
                 qPrintable(vm.screenText().join(QLatin1Char('\n'))));
        vm.stop();
        // No imaging file, no loader, no config: nothing at all over TFTP.
        QVERIFY2(m_bench->tftpFilesSince(t0, kBiosMac).isEmpty(),
                 qPrintable(m_bench->tftpFilesSince(t0, kBiosMac).join(QLatin1Char(' '))));
    }

    void uefiOnceAssignmentThroughSnponly()
    {
        use(Bench::Variant::A);
        imagingBoot(QStringLiteral("4-uefi-once"), kUefiMac, Vm::Firmware::Uefi);
    }

    // The shipped pxemenu.txt forced on, nobody at the keyboard: its default ("Exit (boot the
    // local disk)") is taken after the time-out.
    void menuDefaultTakenAfterTimeout()
    {
        use(Bench::Variant::A);
        QString menu = shippedMenu();
        QVERIFY(menu.contains(QStringLiteral("\ntimeout 30\n")));
        menu.replace(QStringLiteral("\ntimeout 30\n"), QStringLiteral("\ntimeout 4\n"));
        setMenu(MenuMode::Always, menu);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Vm vm(m_bench->lab(), QStringLiteral("lan"), m_work, QStringLiteral("5-menu-timeout"), kBiosMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        const auto shown =
            m_bench->waitForEvent(QStringLiteral("menu-shown"), t0, kBootMs, kBiosMac, Outcome::MenuShown, &vm);
        QVERIFY2(shown, qPrintable(describe(m_bench->eventsSince(t0, kBiosMac))));
        figure(QStringLiteral("5-menu-timeout: power-on to the menu"), t.elapsed());
        // On the screen: the menu's title and entries, on iPXE's blue menu background.
        const QStringList screen =
            waitForScreen(vm,
                          {QStringLiteral("Preboot Services Menu"), QStringLiteral("Start imaging"),
                           QStringLiteral("Imaging maintenance (shell)"), QStringLiteral("Exit (boot the local disk)")},
                          20000);
        QVERIFY2(!screen.isEmpty(), qPrintable(vm.screenText().join(QLatin1Char('\n'))));
        const e2e::Screen pixels = vm.screen();
        QFile::copy(vm.screenshotPath(), path(QStringLiteral("5-menu-timeout-shown.ppm")));
        QVERIFY2(pixels.share(0, 0, 168) > 0.3, qPrintable(vm.screenshotPath()));
        // No key: the default entry after 4 s.
        const auto exit =
            m_bench->waitForEvent(QStringLiteral("menu-exit"), t0, 30000, kBiosMac, Outcome::LocalBoot, &vm);
        QVERIFY2(exit, qPrintable(describe(m_bench->eventsSince(t0, kBiosMac))));
        QVERIFY2(exit->detail.contains(QStringLiteral("exit")), qPrintable(exit->toLogLine()));
        QVERIFY2(shown->time.msecsTo(exit->time) >= 3500,
                 qPrintable(QStringLiteral("chosen %1 ms after the menu was sent: not the time-out")
                                .arg(shown->time.msecsTo(exit->time))));
        // The chosen action happened: the local disk is booted (SeaBIOS moves on to it).
        QVERIFY2(!waitForScreen(vm, {QStringLiteral("No bootable device")}, 30000).isEmpty(),
                 qPrintable(vm.screenText().join(QLatin1Char('\n'))));
        vm.stop();
        QVERIFY(m_bench->tftpFilesSince(t0, kBiosMac).isEmpty());
        setMenu(MenuMode::Never, QStringLiteral("item exit Exit local\n"));
    }

    // The shipped pxemenu.txt with a password, forced on: the password typed in iPXE's login
    // form, then "Reboot or power off..." → "Power off" chosen with the arrow keys.
    void menuWithPasswordSubmenuPowersOff()
    {
        use(Bench::Variant::A);
        const QString password = QStringLiteral("e2epass");
        QString menu = shippedMenu();
        menu.replace(QStringLiteral("\ndefault exit\n"),
                     QStringLiteral("\ndefault exit\npassword %1\n").arg(MenuPassword::hash(password, 2000)));
        setMenu(MenuMode::Always, menu);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Vm vm(m_bench->lab(), QStringLiteral("lan"), m_work, QStringLiteral("6-menu-password"), kBiosMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QVERIFY2(
            m_bench->waitForEvent(QStringLiteral("menu-password-asked"), t0, kBootMs, kBiosMac, Outcome::None, &vm),
            qPrintable(describe(m_bench->eventsSince(t0, kBiosMac))));
        // iPXE's login form.
        QVERIFY2(!waitForScreen(vm, {QStringLiteral("Password")}, 20000).isEmpty(),
                 qPrintable(vm.screenText().join(QLatin1Char('\n'))));
        QStringList keys{QStringLiteral("x"), QStringLiteral("ret")};
        for (const QChar c : password)
            keys << QString(c);
        keys << QStringLiteral("ret");
        QVERIFY(vm.sendKeys(keys));
        const auto shown =
            m_bench->waitForEvent(QStringLiteral("menu-shown"), t0, 30000, kBiosMac, Outcome::MenuShown, &vm);
        QVERIFY2(shown, qPrintable(describe(m_bench->eventsSince(t0, kBiosMac))));
        QVERIFY(shown->detail.contains(QStringLiteral("password accepted")));
        QVERIFY2(!waitForScreen(vm, {QStringLiteral("Preboot Services Menu"), QStringLiteral("Reboot or power off...")},
                                20000)
                      .isEmpty(),
                 qPrintable(vm.screenText().join(QLatin1Char('\n'))));
        (void)vm.screen();
        QFile::copy(vm.screenshotPath(), path(QStringLiteral("6-menu-main.ppm")));
        // From the default (the last entry) one up, past the separator: the submenu.
        QVERIFY(vm.sendKeys({QStringLiteral("up"), QStringLiteral("ret")}));
        QVERIFY2(!waitForScreen(vm,
                                {QStringLiteral("Reboot or power off"), QStringLiteral("Power off"),
                                 QStringLiteral("Back to the main menu")},
                                20000)
                      .isEmpty(),
                 qPrintable(vm.screenText().join(QLatin1Char('\n'))));
        (void)vm.screen();
        QFile::copy(vm.screenshotPath(), path(QStringLiteral("6-menu-submenu.ppm")));
        QVERIFY(vm.sendKeys({QStringLiteral("down"), QStringLiteral("ret")}));
        const auto choice =
            m_bench->waitForEvent(QStringLiteral("menu-choice"), t0, 30000, kBiosMac, Outcome::MenuShown, &vm);
        QVERIFY2(choice, qPrintable(describe(m_bench->eventsSince(t0, kBiosMac))));
        QVERIFY2(choice->detail.startsWith(QStringLiteral("poweroff \"Power off\"")), qPrintable(choice->detail));
        // The chosen action happened: the machine powers itself off.
        QVERIFY2(vm.waitForExit(60000), "the VM did not power off after \"Power off\" was chosen");
        setMenu(MenuMode::Never, QStringLiteral("item exit Exit local\n"));
    }

    // The menu's maintenance entry (taken as the default after the time-out): the imaging
    // environment in maintenance mode, its root shell on the serial console (the kernel command
    // line of a maintenance boot adds console=ttyS0,115200), where `bootbench-engine status` is
    // typed and answers that the server accepts this device's token.
    void biosMaintenanceShellOnSerial()
    {
        use(Bench::Variant::A);
        setMenu(MenuMode::Always, QStringLiteral("title Maintenance\ntimeout 1\ndefault shell\n"
                                                 "item shell \"Imaging maintenance (shell)\" maintenance\n"));
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Vm vm(m_bench->lab(), QStringLiteral("lan"), m_work, QStringLiteral("9-maintenance"), kBiosMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        // The shell's prompt after the engine's maintenance banner.
        const QString banner = QStringLiteral("maintenance mode (%1)").arg(kBiosMac);
        const auto prompted = [&] {
            const QString serial = vm.serial();
            const qsizetype at = serial.indexOf(banner);
            return at >= 0 && serial.indexOf(QStringLiteral("bootbench# "), at) > at;
        };
        QVERIFY2(QTest::qWaitFor([&] { return prompted() || !vm.running(); }, kBootMs) && prompted(),
                 qPrintable(vm.serial().right(3000) + describe(m_bench->eventsSince(t0, kBiosMac))));
        figure(QStringLiteral("9-maintenance: power-on to the shell prompt on the serial console"), t.elapsed());
        const qsizetype before = vm.serial().size();
        QVERIFY(vm.writeSerial("bootbench-engine status\r"));
        const QString accepted = QStringLiteral("server check: reachable, the token is accepted");
        QVERIFY2(QTest::qWaitFor([&] { return vm.serial().mid(before).contains(accepted); }, 30000),
                 qPrintable(vm.serial().right(3000)));
        const QString answer = vm.serial().mid(before);
        QVERIFY2(answer.contains(QStringLiteral("mac:    %1").arg(kBiosMac)), qPrintable(answer));
        QVERIFY2(answer.contains(QStringLiteral("disk:   /dev/sda")), qPrintable(answer));
        vm.stop();
        // The policy service sent the maintenance boot; the engine asked for no work.
        const BootEventBatch events = m_bench->eventsSince(t0, kBiosMac);
        QStringList kinds;
        for (const BootEvent &e : events) {
            kinds << e.kind;
            if (e.kind == QLatin1String("work-answer"))
                QVERIFY2(e.detail.contains(QStringLiteral("maintenance")), qPrintable(e.toLogLine()));
        }
        QVERIFY2(inOrder(kinds, {QStringLiteral("menu-shown"), QStringLiteral("work-answer")}),
                 qPrintable(describe(events)));
        QVERIFY2(!kinds.contains(QStringLiteral("work-fetched")), qPrintable(describe(events)));
        QVERIFY2(inOrder(m_bench->tftpFilesSince(t0, kBiosMac), kBiosFiles),
                 qPrintable(m_bench->tftpFilesSince(t0, kBiosMac).join(QLatin1Char(' '))));
        setMenu(MenuMode::Never, QStringLiteral("item exit Exit local\n"));
    }

    // boot/updateDrivers.tgz in the TFTP root (made here: pcspkr.ko of the environment's kernel,
    // which the environment itself does not carry, and a marker file, under <release>/updates/):
    // /init fetches it over TFTP once the network is up, unpacks it over /lib/modules and runs
    // depmod before it loads the other drivers, so the coldplug loads pcspkr; the script finds
    // both. The other imaging boots are the ones without it (the expected refusal).
    void biosWithUpdateDrivers()
    {
        use(Bench::Variant::A);
        const QString tftpRoot = path(QStringLiteral("tftp"));
        QFile manifest(tftpRoot + QStringLiteral("/boot/environment.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QString release = QJsonDocument::fromJson(manifest.readAll())[QLatin1String("kernelRelease")].toString();
        QVERIFY(!release.isEmpty());
        const QString module = QStringLiteral("/lib/modules/%1/kernel/drivers/input/misc/pcspkr.ko").arg(release);
        QVERIFY2(QFileInfo::exists(module),
                 qPrintable(module + QStringLiteral(" is missing (Debian package linux-image-") + release +
                            QLatin1Char(')')));
        const QString tree = path(QStringLiteral("updatedrivers"));
        QDir(tree).removeRecursively();
        const QString updates = tree + QLatin1Char('/') + release + QStringLiteral("/updates");
        QVERIFY(QDir().mkpath(updates));
        QVERIFY(QFile::copy(module, updates + QStringLiteral("/pcspkr.ko")));
        QFile marker(updates + QStringLiteral("/bootbench-e2e-marker"));
        QVERIFY(marker.open(QIODevice::WriteOnly) && marker.write(kDriversMarker) == kDriversMarker.size());
        marker.close();
        const QString archive = tftpRoot + QStringLiteral("/boot/updateDrivers.tgz");
        QProcess tar;
        tar.start(QStringLiteral("tar"), {QStringLiteral("-C"), tree, QStringLiteral("-czf"), archive, release});
        QVERIFY2(tar.waitForFinished(30000) && tar.exitCode() == 0, tar.readAllStandardError().constData());
        const auto removeArchive = qScopeGuard([&] { QFile::remove(archive); });

        imagingBoot(QStringLiteral("10-bios-drivers"), kBiosMacDrivers, Vm::Firmware::Bios, true);
        if (QTest::currentTestFailed())
            return;
        // On the serial console: unpacked before the disk's driver (ata_piix) was loaded.
        QFile log(path(QStringLiteral("10-bios-drivers-serial.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QString serial = QString::fromUtf8(log.readAll());
        const qsizetype unpacked =
            serial.indexOf(QStringLiteral("bootbench: updateDrivers.tgz unpacked over /lib/modules"));
        const qsizetype disk = serial.indexOf(QStringLiteral("scsi host0: ata_piix"));
        QVERIFY2(unpacked >= 0 && disk > unpacked, qPrintable(serial.right(4000)));
    }

    void variantBBiosOnceAssignment()
    {
        use(Bench::Variant::B);
        imagingBoot(QStringLiteral("7-B-bios-once"), kBiosMacB, Vm::Firmware::Bios);
    }

    void variantBUefiOnceAssignment()
    {
        use(Bench::Variant::B);
        imagingBoot(QStringLiteral("8-B-uefi-once"), kUefiMacB, Vm::Firmware::Uefi);
    }
};

QTEST_GUILESS_MAIN(TestE2eBoot)
#include "tst_e2e_boot.moc"
