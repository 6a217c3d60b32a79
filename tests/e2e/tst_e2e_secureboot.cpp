// End to end with Secure Boot on: QEMU with OVMF's Secure Boot build (Microsoft's keys enrolled)
// boots Debian's signed chain from `bootbench serve` (variant B: Bootbench is the DHCP server too.
// In variant A Debian's GRUB 2.06 finds no TFTP server: it reads only the DHCP server's ACK, not
// the proxy's answer, and stops at its prompt unless that ACK names Bootbench as next-server;
// docs/secureboot.md): shimx64.efi → grubx64.efi (grubnetx64) → the policy service's GRUB
// configurations over TFTP → Debian's signed kernel with the imaging environment's initrds.
// Two machines boot at once to keep the run short (~70 s of OVMF start-up each under TCG):
//   - no work: GRUB says so and exits; the firmware goes on to its next boot entry;
//   - the menu forced on for the device: pxemenu.txt's entries on the console, the default
//     ("Start imaging") taken after the time-out, the once assignment boots the signed kernel,
//     the init sees Secure Boot on and the kernel locked down, reports, powers off.
#include "e2ebench.h"
#include "e2eimage.h"
#include "e2evm.h"
#include "netnslab.h"

#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace bootbench;
using e2e::Bench;
using e2e::describe;
using e2e::Vm;

namespace {

const QString kNoWorkMac = QStringLiteral("52:54:00:e2:5b:01");
const QString kMenuMac = QStringLiteral("52:54:00:e2:5b:02");
const QString kBundle = QStringLiteral("e2e-restore");
constexpr int kImageBytes = 300000;
constexpr int kBootMs = 270000; // OVMF's Secure Boot build alone takes ~70 s to PXE under TCG

const QString kMenu = QStringLiteral("title Preboot Services Menu\n"
                                     "timeout 3\n"
                                     "default start\n"
                                     "item start \"Start imaging\" imaging\n"
                                     "item maintenance \"Imaging maintenance (shell)\" maintenance\n"
                                     "item exit \"Exit (boot the local disk)\" local\n");

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

class TestE2eSecureBoot : public QObject
{
    Q_OBJECT

    std::unique_ptr<Bench> m_bench;
    QString m_work;
    QElapsedTimer m_clock;
    QStringList m_figures;

    QString path(const QString &name) const { return QDir(m_work).filePath(name); }
    Store &store() { return m_bench->store(); }

    void figure(const QString &what, qint64 ms)
    {
        m_figures << QStringLiteral("%1: %2 s").arg(what).arg(double(ms) / 1000.0, 0, 'f', 1);
        qInfo("%s", qPrintable(m_figures.last()));
    }

    void addDevice(const QString &mac, bool menuAlways)
    {
        QString error;
        Device device;
        device.mac = mac;
        device.name = QStringLiteral("sb-") + QString(mac).remove(QLatin1Char(':')).right(4);
        device.hasMenuOverride = menuAlways;
        device.menuOverride = MenuMode::Always;
        QVERIFY2(DeviceRepository(store()).add(device, &error), qPrintable(error));
    }

private slots:
    void initTestCase()
    {
        m_clock.start();
        if (const QString why = NetnsLab::unavailableReason(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("qemu-system-x86_64")).isEmpty(),
                 "needs qemu-system-x86_64: apt-get install qemu-system-x86");
        QVERIFY2(
            !QStandardPaths::findExecutable(QStringLiteral("dnsmasq")).isEmpty() ||
                !QStandardPaths::findExecutable(QStringLiteral("dnsmasq"), {QStringLiteral("/usr/sbin")}).isEmpty(),
            "needs dnsmasq: apt-get install dnsmasq-base");
        QVERIFY2(!Vm::ovmfSecureBootCode().isEmpty(),
                 "needs OVMF's Secure Boot build (OVMF_CODE_4M.ms.fd, OVMF_VARS_4M.ms.fd): apt-get install ovmf");
        QVERIFY2(QFileInfo::exists(QStringLiteral("/usr/lib/shim/shimx64.efi.signed")),
                 "needs the signed shim: apt-get install shim-signed");
        QVERIFY2(QFileInfo::exists(QStringLiteral("/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed")),
                 "needs the signed network GRUB: apt-get install grub-efi-amd64-signed");
        e2e::ImagingEnvironment env;
        if (const QString why = e2e::ImagingEnvironment::find(&env); !why.isEmpty())
            QFAIL(qPrintable(why));

        m_work = QStringLiteral(BOOTBENCH_BINARY_DIR "/e2e-secureboot-work");
        QDir(m_work).removeRecursively();
        QVERIFY(QDir().mkpath(m_work));
        const QString tftpRoot = path(QStringLiteral("tftp"));
        QString error;
        QVERIFY2(env.writeTo(tftpRoot, &error), qPrintable(error));
        // Secure Boot needs the firmware's own start-up anyway: TCG, no KVM probe.
        Vm::setAccelerator(QStringLiteral("tcg"));

        m_bench = std::make_unique<Bench>();
        QVERIFY2(m_bench->setUp(m_work, tftpRoot, &error), qPrintable(error));
        Bundle bundle;
        bundle.name = kBundle;
        bundle.kind = BundleKind::ImageRestore;
        bundle.kernelParams = QStringLiteral("console=ttyS0");
        QByteArray image(kImageBytes, Qt::Uninitialized);
        for (int i = 0; i < image.size(); ++i)
            image[i] = char((i * 2654435761u) >> 13);
        QVERIFY(QDir().mkpath(path(QStringLiteral("data/images"))));
        QFile imageFile(path(QStringLiteral("data/images/e2e.img")));
        QVERIFY(imageFile.open(QIODevice::WriteOnly) && imageFile.write(image) == image.size());
        imageFile.close();
        BundleAction restore;
        restore.type = QStringLiteral("restore");
        restore.params = {{QStringLiteral("image"), QStringLiteral("e2e.img")},
                          {QStringLiteral("size"), kImageBytes},
                          {QStringLiteral("sha256"),
                           QString::fromLatin1(QCryptographicHash::hash(image, QCryptographicHash::Sha256).toHex())}};
        bundle.actions = {restore};
        QVERIFY2(BundleRepository(store()).add(bundle, &error), qPrintable(error));
        MenuSettings menu;
        menu.mode = MenuMode::Never;
        QVERIFY2(SettingsRepository(store()).setMenuSettings(menu, &error), qPrintable(error));
        QVERIFY2(SettingsRepository(store()).setMenuText(kMenu, &error), qPrintable(error));
        QVERIFY2(m_bench->start(Bench::Variant::B, &error), qPrintable(error));
        QVERIFY2(QFileInfo::exists(tftpRoot + QStringLiteral("/shimx64.efi")) &&
                     QFileInfo::exists(tftpRoot + QStringLiteral("/grubx64.efi")),
                 "serve laid out the signed chain");
        qInfo("bench up after %lld ms", m_clock.elapsed());
    }

    void cleanupTestCase()
    {
        m_bench.reset();
        figure(QStringLiteral("e2e secure boot total"), m_clock.elapsed());
        qInfo("figures:\n  %s", qPrintable(m_figures.join(QStringLiteral("\n  "))));
    }

    void cleanup()
    {
        if (m_bench)
            m_bench->saveLogs();
    }

    void signedChainNoWorkMenuAndOnceAssignment()
    {
        addDevice(kNoWorkMac, false);
        addDevice(kMenuMac, true);
        QString error;
        QVERIFY2(AssignmentRepository(store()).assign(kMenuMac, kBundle, false, &error), qPrintable(error));
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Vm noWork(m_bench->lab(), QStringLiteral("lan"), m_work, QStringLiteral("sb-nowork"), kNoWorkMac,
                  Vm::Firmware::UefiSecureBoot);
        Vm menu(m_bench->lab(), QStringLiteral("lan"), m_work, QStringLiteral("sb-menu-once"), kMenuMac,
                Vm::Firmware::UefiSecureBoot);
        menu.setTap(QStringLiteral("tap1"));
        QVERIFY2(noWork.start(&error), qPrintable(error));
        QVERIFY2(menu.start(&error), qPrintable(error));
        QElapsedTimer t;
        t.start();

        // No work: GRUB is told so, exits, and the firmware tries its next boot entry.
        const auto answer =
            m_bench->waitForEvent(QStringLiteral("work-answer"), t0, kBootMs, kNoWorkMac, Outcome::LocalBoot, &noWork);
        QVERIFY2(answer, qPrintable(noWork.serial().right(3000) + describe(m_bench->eventsSince(t0, kNoWorkMac))));
        figure(QStringLiteral("sb-nowork: power-on to the no-work answer"), t.elapsed());
        const QRegularExpression nextEntry(QStringLiteral("BdsDxe: (loading|starting) Boot\\d+ \"(?![^\"]*PXE)"));
        const bool wentOn = QTest::qWaitFor(
            [&] {
                const QString console = noWork.serial();
                const qsizetype said = console.indexOf(QStringLiteral("Bootbench: no imaging work"));
                return said >= 0 && nextEntry.match(console, said).hasMatch();
            },
            60000);
        QVERIFY2(wentOn, qPrintable(noWork.serial().right(3000)));
        figure(QStringLiteral("sb-nowork: power-on to the firmware's next boot entry"), t.elapsed());
        noWork.stop();
        QVERIFY2(inOrder(m_bench->tftpFilesSince(t0, kNoWorkMac),
                         {QStringLiteral("shimx64.efi"), QStringLiteral("grubx64.efi")}),
                 qPrintable(m_bench->tftpFilesSince(t0, kNoWorkMac).join(QLatin1Char(' '))));

        // The menu forced on: its entries on the console, then the default after the time-out.
        const bool shown = QTest::qWaitFor(
            [&] {
                const QString console = menu.serial();
                return console.contains(QStringLiteral("Start imaging")) &&
                       console.contains(QStringLiteral("Exit (boot the local disk)"));
            },
            kBootMs - int(t.elapsed()));
        QVERIFY2(shown, qPrintable(menu.serial().right(3000) + describe(m_bench->eventsSince(t0, kMenuMac))));
        figure(QStringLiteral("sb-menu-once: power-on to the menu on screen"), t.elapsed());
        QVERIFY2(menu.waitForExit(kBootMs - int(t.elapsed())),
                 qPrintable(menu.serial().right(3000) + describe(m_bench->eventsSince(t0, kMenuMac))));
        figure(QStringLiteral("sb-menu-once: power-on to power-off (imaging done)"), t.elapsed());
        const QString console = menu.serial();
        for (const char *line :
             {"bootbench-e2e: root archive loaded", "bootbench-e2e: secure boot on, lockdown none [integrity]",
              "bootbench-e2e: image fetched with Range, sha256 ok (300000 bytes)", "bootbench-e2e: result posted"})
            QVERIFY2(console.contains(QLatin1String(line)),
                     qPrintable(line + QStringLiteral("\n") + console.right(3000)));
        const auto result = m_bench->waitForEvent(QStringLiteral("result"), t0, 5000, kMenuMac, Outcome::Done);
        QVERIFY2(result, qPrintable(describe(m_bench->eventsSince(t0, kMenuMac))));
        QVERIFY(!AssignmentRepository(store()).forDevice(kMenuMac, &error)); // once: cleared
        const BootEventBatch events = m_bench->eventsSince(t0, kMenuMac);
        QStringList kinds;
        for (const BootEvent &e : events)
            kinds << e.kind;
        QVERIFY2(
            inOrder(kinds, {QStringLiteral("identity-reported"), QStringLiteral("menu-shown"),
                            QStringLiteral("menu-choice"), QStringLiteral("work-answer"), QStringLiteral("result")}),
            qPrintable(describe(events)));
        const QStringList fetched = m_bench->tftpFilesSince(t0, kMenuMac);
        QVERIFY2(inOrder(fetched,
                         {QStringLiteral("shimx64.efi"), QStringLiteral("grubx64.efi"), QStringLiteral("grub/grub.cfg"),
                          QStringLiteral("hello.cfg"), QStringLiteral("menu.cfg"), QStringLiteral("boot/kernel"),
                          QStringLiteral("boot/initrd"), QStringLiteral("boot/root")}),
                 qPrintable(fetched.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestE2eSecureBoot)
#include "tst_e2e_secureboot.moc"
