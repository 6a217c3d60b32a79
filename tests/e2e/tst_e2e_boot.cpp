// End to end with a real PXE client: a QEMU virtual machine whose NIC carries QEMU's iPXE ROM
// boots against `bootbench serve` (proxyDHCP, TFTP when this build has it, policy) in network
// namespaces, with Debian's dnsmasq as the bench's plain DHCP server (variant A).
//
//   namespace "lan": bridge br0 + tap0, where the VM runs
//   namespace "bb":  eth0 10.77.0.1 — bootbench serve
//   namespace "srv": eth0 10.77.0.2 — dnsmasq: addresses, and a router advertisement with
//                    lifetime 0 so iPXE does not wait ~16 s for IPv6 on every boot
//
// Cases, in order: no work → local boot; a once assignment → pxelinux.0 → z_auto.cfg → kernel,
// initrd, root → the init reports to the engine API → done, assignment cleared; the second boot
// has no work and downloads no imaging file; UEFI (OVMF's own PXE, no iPXE ROM) → snponly.efi →
// iPXE loads kernel, initrd, root → done; the menu (forced on, password) → power off.
#include "e2eimage.h"
#include "e2evm.h"
#include "netnslab.h"

#include "menu/menupassword.h"
#include "model/macaddress.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/eventrepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

#if __has_include("tftp/tftpservice.h")
#define E2E_OWN_TFTP 1
#else
#define E2E_OWN_TFTP 0
#endif

using namespace bootbench;

namespace {

const QString kMac = QStringLiteral("52:54:00:e2:e0:01");
const QString kServer = QStringLiteral("10.77.0.1");
const QString kBundle = QStringLiteral("e2e-restore");
const QString kUefiMac = QStringLiteral("52:54:00:e2:e0:02");
constexpr int kBootMs = 150000; // one boot under TCG is ~15-40 s; generous for a loaded CI machine

QString describe(const BootEventBatch &events)
{
    QStringList lines;
    for (const BootEvent &e : events)
        lines << e.toLogLine();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestE2eBoot : public QObject
{
    Q_OBJECT

    std::unique_ptr<NetnsLab> m_lab;
    QString m_work;
    QString m_tftpRoot;
    std::unique_ptr<Store> m_store;
    QProcess *m_serve = nullptr;
    QProcess *m_dnsmasq = nullptr;
    QProcess *m_tftp = nullptr; // dnsmasq as TFTP server when this build has no TFTP service
    QByteArray m_tftpLog;
    QElapsedTimer m_clock;

    QString path(const QString &name) const { return QDir(m_work).filePath(name); }

    BootEventBatch eventsSince(const QDateTime &since, const QString &mac = kMac)
    {
        QString error;
        return EventRepository(*m_store).query(mac, since, {}, 0, &error);
    }

    // Events are stamped by serve when it sees the request, always after the VM that caused them
    // was started; so a case's events are those since its own start (no slack: the previous
    // case's last event can be milliseconds old).
    // Waits for the first event of `kind` (with the outcome, when given) since `since`.
    std::optional<BootEvent> waitForEvent(const QString &kind, const QDateTime &since, int ms,
                                          Outcome outcome = Outcome::None, e2e::Vm *vm = nullptr,
                                          const QString &mac = kMac)
    {
        std::optional<BootEvent> found;
        (void)QTest::qWaitFor(
            [&] {
                for (const BootEvent &e : eventsSince(since, mac)) {
                    if (e.kind == kind && (outcome == Outcome::None || e.outcome == outcome)) {
                        found = e;
                        return true;
                    }
                }
                return vm && !vm->running();
            },
            ms);
        return found;
    }

    // TFTP file names the VM fetched since `since` (from our TFTP service's events, else dnsmasq's log).
    QStringList tftpFilesSince(const QDateTime &since, qsizetype logOffset)
    {
        QStringList files;
#if E2E_OWN_TFTP
        Q_UNUSED(logOffset);
        for (const BootEvent &e : eventsSince(since)) {
            if (e.service == QLatin1String("tftp") && e.kind == QLatin1String("transfer-finished"))
                files << e.detail.section(QLatin1Char(' '), 0, 0);
        }
#else
        Q_UNUSED(since);
        m_tftpLog += m_tftp->readAll();
        for (const QByteArray &line : m_tftpLog.mid(logOffset).split('\n')) {
            const QByteArray marker = QByteArray("sent ") + m_tftpRoot.toUtf8() + '/';
            const qsizetype at = line.indexOf(marker);
            if (at >= 0)
                files << QString::fromUtf8(line.mid(at + marker.size())).section(QLatin1Char(' '), 0, 0);
        }
#endif
        return files;
    }

    qsizetype tftpLogOffset()
    {
        if (m_tftp)
            m_tftpLog += m_tftp->readAll();
        return m_tftpLog.size();
    }

    void setMenu(MenuMode mode, const QString &text)
    {
        QString error;
        MenuSettings s;
        s.mode = mode;
        s.timeoutSeconds = 2;
        SettingsRepository settings(*m_store);
        QVERIFY2(settings.setMenuSettings(s, &error), qPrintable(error));
        QVERIFY2(settings.setMenuText(text, &error), qPrintable(error));
    }

    void saveArtifacts()
    {
        if (m_serve) {
            QFile f(path(QStringLiteral("serve.log")));
            if (f.open(QIODevice::Append))
                f.write(m_serve->readAll());
        }
        if (m_tftp) {
            m_tftpLog += m_tftp->readAll();
            QFile f(path(QStringLiteral("tftp.log")));
            if (f.open(QIODevice::WriteOnly))
                f.write(m_tftpLog);
        }
    }

private slots:
    void initTestCase()
    {
        m_clock.start();
        if (const QString why = NetnsLab::unavailableReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        for (const char *tool : {"qemu-system-x86_64", BOOTBENCH_DNSMASQ}) {
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty() &&
                QStandardPaths::findExecutable(QLatin1String(tool), {QStringLiteral("/usr/sbin")}).isEmpty())
                QSKIP(qPrintable(QStringLiteral("needs %1 (qemu-system-x86 / dnsmasq-base)").arg(QLatin1String(tool))));
        }
        if (!QFileInfo::exists(QStringLiteral("/usr/share/qemu/efi-e1000.rom")) &&
            !QFileInfo::exists(QStringLiteral("/usr/lib/ipxe/qemu/efi-e1000.rom")))
            QSKIP("needs QEMU's iPXE option ROMs (ipxe-qemu)");
        e2e::ImagingEnvironment env;
        if (const QString why = e2e::ImagingEnvironment::find(&env); !why.isEmpty())
            QSKIP(qPrintable(why));

        // Files are kept after the run (serial consoles, screendumps, logs) for whoever debugs it.
        m_work = QStringLiteral(BOOTBENCH_BINARY_DIR "/e2e-work");
        QDir(m_work).removeRecursively();
        QVERIFY(QDir().mkpath(m_work));
        m_tftpRoot = path(QStringLiteral("tftp"));
        QString error;
        QVERIFY2(env.writeTo(m_tftpRoot, &error), qPrintable(error));

        m_lab = std::make_unique<NetnsLab>();
        NetnsLab &lab = *m_lab;
        const QString lan = QStringLiteral("lan"), bb = QStringLiteral("bb"), srv = QStringLiteral("srv");
        QVERIFY2(lab.addSwitch(lan) && lab.addNamespace(bb) && lab.addNamespace(srv) &&
                     lab.plug(bb, QStringLiteral("eth0"), lan, QStringLiteral("10.77.0.1/24")) &&
                     lab.plug(srv, QStringLiteral("eth0"), lan, QStringLiteral("10.77.0.2/24")) &&
                     lab.ip(srv, {QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("fd77::2/64"),
                                  QStringLiteral("dev"), QStringLiteral("eth0"), QStringLiteral("nodad")}) &&
                     lab.ip(lan, {QStringLiteral("tuntap"), QStringLiteral("add"), QStringLiteral("tap0"),
                                  QStringLiteral("mode"), QStringLiteral("tap")}) &&
                     lab.ip(lan, {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("tap0"),
                                  QStringLiteral("master"), QStringLiteral("br0"), QStringLiteral("up")}),
                 qPrintable(lab.lastError()));

        // The bench's own DHCP server: addresses only, no boot information.
        m_dnsmasq = lab.start(
            srv, QStringLiteral(BOOTBENCH_DNSMASQ),
            {QStringLiteral("--no-daemon"), QStringLiteral("--conf-file=/dev/null"), QStringLiteral("--port=0"),
             QStringLiteral("--user=root"), QStringLiteral("--group=root"), QStringLiteral("--interface=eth0"),
             QStringLiteral("--bind-interfaces"),
             QStringLiteral("--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h"), QStringLiteral("--no-ping"),
             QStringLiteral("--dhcp-authoritative"), QStringLiteral("--enable-ra"),
             QStringLiteral("--dhcp-range=::,constructor:eth0,ra-only"), QStringLiteral("--ra-param=eth0,0,0"),
             QStringLiteral("--log-dhcp"), QStringLiteral("--log-facility=") + path(QStringLiteral("dnsmasq.log")),
             QStringLiteral("--dhcp-leasefile=") + path(QStringLiteral("dnsmasq.leases")),
             QStringLiteral("--pid-file=") + path(QStringLiteral("dnsmasq.pid"))});
        QVERIFY2(m_dnsmasq && m_dnsmasq->waitForStarted(5000), qPrintable(lab.lastError()));
#if !E2E_OWN_TFTP
        // This build has no TFTP service yet: dnsmasq serves the same root on our address.
        m_tftp = lab.start(bb, QStringLiteral(BOOTBENCH_DNSMASQ),
                           {QStringLiteral("--no-daemon"), QStringLiteral("--conf-file=/dev/null"),
                            QStringLiteral("--port=0"), QStringLiteral("--user=root"), QStringLiteral("--group=root"),
                            QStringLiteral("--interface=eth0"), QStringLiteral("--bind-interfaces"),
                            QStringLiteral("--enable-tftp"), QStringLiteral("--tftp-root=") + m_tftpRoot,
                            QStringLiteral("--log-facility=-"),
                            QStringLiteral("--pid-file=") + path(QStringLiteral("tftp.pid"))});
        QVERIFY2(m_tftp && m_tftp->waitForStarted(5000), qPrintable(lab.lastError()));
#endif

        // The store serve uses; the test arranges bundles, assignments and menus in it directly.
        const QString data = path(QStringLiteral("data"));
        DatabaseUrl url;
        url.path = data + QStringLiteral("/bootbench.db");
        m_store = Store::open(url, &error);
        QVERIFY2(m_store, qPrintable(error));
        Bundle bundle;
        bundle.name = kBundle;
        bundle.kind = BundleKind::ImageRestore;
        bundle.kernelParams = QStringLiteral("console=ttyS0 quiet");
        QVERIFY2(BundleRepository(*m_store).add(bundle, &error), qPrintable(error));
        setMenu(MenuMode::Never, QStringLiteral("item exit Exit local\n"));

        const QString services =
            E2E_OWN_TFTP ? QStringLiteral("proxydhcp,tftp,policy") : QStringLiteral("proxydhcp,policy");
        m_serve = lab.start(bb, QStringLiteral(BOOTBENCH_EXECUTABLE),
                            {QStringLiteral("serve"), QStringLiteral("--data-dir"), data, QStringLiteral("--interface"),
                             QStringLiteral("eth0"), QStringLiteral("--address"), kServer, QStringLiteral("--services"),
                             services, QStringLiteral("--http-port"), QStringLiteral("8080"),
                             QStringLiteral("--tftp-root"), m_tftpRoot});
        QVERIFY2(m_serve, qPrintable(lab.lastError()));
        QByteArray out;
        const bool up = QTest::qWaitFor(
            [&] {
                out += m_serve->readAll();
                return out.contains("service policy: running") || m_serve->state() == QProcess::NotRunning;
            },
            20000);
        QFile(path(QStringLiteral("serve.log"))).remove();
        {
            QFile f(path(QStringLiteral("serve.log")));
            if (f.open(QIODevice::WriteOnly))
                f.write(out);
        }
        QVERIFY2(up && m_serve->state() == QProcess::Running, out.constData());
        QVERIFY2(out.contains("service proxydhcp: running"), out.constData());
        QVERIFY2(QFileInfo::exists(m_tftpRoot + QStringLiteral("/pxelinux.0")), "serve laid out the boot chain");
        qInfo("bench up after %lld ms (%s)", m_clock.elapsed(),
              E2E_OWN_TFTP ? "Bootbench TFTP" : "dnsmasq TFTP: this build has no TFTP service");
    }

    void cleanupTestCase()
    {
        saveArtifacts();
        m_lab.reset(); // stops serve, dnsmasq, QEMU; deletes the namespaces
        m_store.reset();
        qInfo("e2e total %lld ms", m_clock.elapsed());
    }

    void cleanup()
    {
        saveArtifacts();
    }

    void biosNoWorkBootsLocally()
    {
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        const qsizetype log = tftpLogOffset();
        e2e::Vm vm(*m_lab, QStringLiteral("lan"), m_work, QStringLiteral("1-nowork"), kMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        const auto answer = waitForEvent(QStringLiteral("work-answer"), t0, kBootMs, Outcome::LocalBoot, &vm);
        QVERIFY2(answer, qPrintable(describe(eventsSince(t0))));
        qInfo("no work → local boot answered %lld ms after power-on", t.elapsed());
        QCOMPARE(answer->phase, Phase::WorkQuery);
        const BootEventBatch events = eventsSince(t0);
        // Phase 1 (proxyDHCP saw the ROM), phase 3 (identity, menu settings) came before.
        const auto first = [&](Phase p) {
            for (const BootEvent &e : events) {
                if (e.phase == p)
                    return e.time;
            }
            return QDateTime();
        };
        QVERIFY2(first(Phase::Dhcp).isValid() && first(Phase::MenuSettings).isValid(), qPrintable(describe(events)));
        QVERIFY(first(Phase::Dhcp) <= first(Phase::MenuSettings));
        QVERIFY(first(Phase::MenuSettings) <= answer->time);
        vm.stop();
        const QStringList fetched = tftpFilesSince(t0, log);
        QVERIFY2(!fetched.contains(QStringLiteral("pxelinux.0")) && !fetched.contains(QStringLiteral("boot/kernel")),
                 qPrintable(fetched.join(QLatin1Char(' '))));
    }

    void biosOnceAssignmentImagesAndIsCleared()
    {
        QString error;
        QVERIFY2(AssignmentRepository(*m_store).assign(kMac, kBundle, false, &error), qPrintable(error));
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        const qsizetype log = tftpLogOffset();
        e2e::Vm vm(*m_lab, QStringLiteral("lan"), m_work, QStringLiteral("2-once"), kMac);
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        // The init posts its result and powers the VM off.
        QVERIFY2(vm.waitForExit(kBootMs), qPrintable(vm.serial().right(3000) + describe(eventsSince(t0))));
        qInfo("imaging boot: power-on to power-off %lld ms", t.elapsed());
        const QString console = vm.serial();
        QVERIFY2(console.contains(QStringLiteral("bootbench-e2e: root archive loaded")),
                 qPrintable(console.right(3000)));
        QVERIFY2(console.contains(QStringLiteral("bootbench-e2e: no driver update (normal)")),
                 qPrintable(console.right(3000)));
        QVERIFY2(console.contains(QStringLiteral("bootbench-e2e: result posted")), qPrintable(console.right(3000)));

        const auto result = waitForEvent(QStringLiteral("result"), t0, 5000, Outcome::Done);
        QVERIFY2(result, qPrintable(describe(eventsSince(t0))));
        const BootEventBatch events = eventsSince(t0);
        // Phases in order: 1 (DHCP) → 3 (identity, menu settings) → 4 (work: z_auto.cfg) → 8 (engine).
        const QStringList order{QStringLiteral("identity-reported"), QStringLiteral("menu-settings"),
                                QStringLiteral("work-answer"),       QStringLiteral("work-fetched"),
                                QStringLiteral("progress"),          QStringLiteral("result")};
        int at = 0;
        QDateTime dhcp;
        for (const BootEvent &e : events) {
            if (e.phase == Phase::Dhcp && !dhcp.isValid())
                dhcp = e.time;
            if (at < order.size() && e.kind == order[at])
                ++at;
        }
        QVERIFY2(at == order.size(), qPrintable(describe(events)));
        QVERIFY2(dhcp.isValid(), qPrintable(describe(events)));
        for (const BootEvent &e : events) {
            if (e.kind == QLatin1String("work-answer"))
                QVERIFY2(e.phase == Phase::WorkQuery && e.detail.contains(QStringLiteral("z_auto.cfg")),
                         qPrintable(e.toLogLine()));
            if (e.kind == QLatin1String("progress") || e.kind == QLatin1String("work-fetched"))
                QCOMPARE(e.phase, Phase::Imaging);
        }
        QCOMPARE(result->phase, Phase::Imaging);
        QVERIFY(!AssignmentRepository(*m_store).forDevice(kMac, &error)); // once: cleared

        // Phases 5-7 on TFTP: loader, its config (the per-device z_auto.cfg), the imaging environment.
        const QStringList fetched = tftpFilesSince(t0, log);
        const QStringList expected{QStringLiteral("pxelinux.0"),
                                   QStringLiteral("ldlinux.c32"),
                                   QStringLiteral("bootbench/01-52-54-00-e2-e0-01/z_auto.cfg"),
                                   QStringLiteral("boot/kernel"),
                                   QStringLiteral("boot/initrd"),
                                   QStringLiteral("boot/root")};
        int next = 0;
        for (const QString &f : fetched) {
            if (next < expected.size() && f.endsWith(expected[next]))
                ++next;
        }
        QVERIFY2(next == expected.size(), qPrintable(fetched.join(QLatin1Char(' '))));
    }

    void biosSecondBootHasNoWork()
    {
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        const qsizetype log = tftpLogOffset();
        e2e::Vm vm(*m_lab, QStringLiteral("lan"), m_work, QStringLiteral("3-second"), kMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        const auto answer = waitForEvent(QStringLiteral("work-answer"), t0, kBootMs, Outcome::LocalBoot, &vm);
        QVERIFY2(answer, qPrintable(describe(eventsSince(t0))));
        QVERIFY(answer->detail.contains(QStringLiteral("no assignment")));
        vm.stop();
        const QStringList fetched = tftpFilesSince(t0, log);
        for (const QString &f : fetched)
            QVERIFY2(!f.startsWith(QStringLiteral("boot/")) && !f.contains(QStringLiteral("z_auto.cfg")) &&
                         f != QLatin1String("pxelinux.0"),
                     qPrintable(f));
    }

    void uefiOnceAssignmentThroughSnponly()
    {
        if (e2e::Vm::ovmfCode().isEmpty())
            QSKIP("needs OVMF (package ovmf)");
        QString error;
        Device device;
        device.mac = kUefiMac;
        device.name = QStringLiteral("e2e-uefi");
        QVERIFY2(DeviceRepository(*m_store).add(device, &error), qPrintable(error));
        QVERIFY2(AssignmentRepository(*m_store).assign(kUefiMac, kBundle, false, &error), qPrintable(error));
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        const qsizetype log = tftpLogOffset();
        e2e::Vm vm(*m_lab, QStringLiteral("lan"), m_work, QStringLiteral("5-uefi"), kUefiMac, e2e::Vm::Firmware::Uefi);
        QVERIFY2(vm.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();
        QVERIFY2(vm.waitForExit(kBootMs), qPrintable(vm.serial().right(3000) + describe(eventsSince(t0, kUefiMac))));
        qInfo("UEFI imaging boot: power-on to power-off %lld ms", t.elapsed());
        QVERIFY2(vm.serial().contains(QStringLiteral("bootbench-e2e: result posted")),
                 qPrintable(vm.serial().right(3000)));
        const auto result = waitForEvent(QStringLiteral("result"), t0, 5000, Outcome::Done, nullptr, kUefiMac);
        QVERIFY2(result, qPrintable(describe(eventsSince(t0, kUefiMac))));
        const BootEventBatch events = eventsSince(t0, kUefiMac);
        bool uefiAnswer = false, efiClient = false;
        for (const BootEvent &e : events) {
            uefiAnswer =
                uefiAnswer || (e.kind == QLatin1String("work-answer") && e.detail.contains(QStringLiteral("(UEFI)")));
            efiClient = efiClient || (e.kind == QLatin1String("identity-reported") &&
                                      e.detail.contains(QStringLiteral("platform=efi")));
        }
        QVERIFY2(uefiAnswer && efiClient, qPrintable(describe(events)));
        QVERIFY(!AssignmentRepository(*m_store).forDevice(kUefiMac, &error));
        // Phase 2 is a real TFTP download here (no iPXE in the firmware), then phase 7.
        const QStringList fetched = tftpFilesSince(t0, log);
        const QStringList expected{QStringLiteral("snponly.efi"), QStringLiteral("boot/kernel"),
                                   QStringLiteral("boot/initrd"), QStringLiteral("boot/root")};
        int next = 0;
        for (const QString &f : fetched) {
            if (next < expected.size() && f.endsWith(expected[next]))
                ++next;
        }
        QVERIFY2(next == expected.size(), qPrintable(fetched.join(QLatin1Char(' '))));
    }

    void menuWithPasswordPowersOff()
    {
        const QString password = QStringLiteral("e2epass");
        setMenu(MenuMode::Always, QStringLiteral("title Bootbench E2E Menu\n"
                                                 "password %1\n"
                                                 "default exit\n"
                                                 "item exit \"Exit (boot the local disk)\" local\n"
                                                 "item off \"Power off\" poweroff\n")
                                      .arg(MenuPassword::hash(password, 2000)));
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        e2e::Vm vm(*m_lab, QStringLiteral("lan"), m_work, QStringLiteral("4-menu"), kMac);
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        QVERIFY2(waitForEvent(QStringLiteral("menu-password-asked"), t0, kBootMs, Outcome::None, &vm),
                 qPrintable(describe(eventsSince(t0))));
        // iPXE's login form: blue screen with cyan input fields.
        const bool form = QTest::qWaitFor([&] { return vm.screen().share(0, 168, 168) > 0.005; }, 20000);
        QVERIFY2(form, "the login form never appeared on the screen");
        QStringList keys{QStringLiteral("x"), QStringLiteral("ret")};
        for (const QChar c : password)
            keys << QString(c);
        keys << QStringLiteral("ret");
        QVERIFY(vm.sendKeys(keys));
        const auto shown = waitForEvent(QStringLiteral("menu-shown"), t0, 30000, Outcome::MenuShown, &vm);
        QVERIFY2(shown, qPrintable(describe(eventsSince(t0))));
        QVERIFY(shown->detail.contains(QStringLiteral("password accepted")));
        // The menu on screen: blue background, the highlighted entry's red bar.
        e2e::Screen menu;
        const bool drawn = QTest::qWaitFor(
            [&] {
                menu = vm.screen();
                return menu.share(0, 0, 168) > 0.5 && menu.share(168, 0, 0) > 0.005;
            },
            20000);
        QVERIFY2(drawn, qPrintable(vm.screenshotPath()));
        QFile::copy(vm.screenshotPath(), path(QStringLiteral("4-menu-shown.ppm")));
        QVERIFY(vm.sendKeys({QStringLiteral("down"), QStringLiteral("ret")}));
        const auto choice = waitForEvent(QStringLiteral("menu-choice"), t0, 30000, Outcome::MenuShown, &vm);
        QVERIFY2(choice, qPrintable(describe(eventsSince(t0))));
        QVERIFY2(choice->detail.startsWith(QStringLiteral("off \"Power off\"")), qPrintable(choice->detail));
        // The chosen action happened: the machine powers itself off.
        QVERIFY2(vm.waitForExit(60000), "the VM did not power off after \"Power off\" was chosen");
        setMenu(MenuMode::Never, QStringLiteral("item exit Exit local\n"));
    }
};

QTEST_GUILESS_MAIN(TestE2eBoot)
#include "tst_e2e_boot.moc"
