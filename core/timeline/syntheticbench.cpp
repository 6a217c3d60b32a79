#include "timeline/syntheticbench.h"

#include <QRandomGenerator>

#include <algorithm>

namespace bootbench {

namespace {

enum class Story { Vendor, WinPe, NoWork, MenuThenImage, MenuThenExit, TftpTimeout, EngineFailure, StillBusy };

class DeviceScript
{
public:
    DeviceScript(BootEventBatch *out, int index, qint64 startMs, QRandomGenerator *random, int progressEvents)
        : m_out(out)
        , m_random(random)
        , m_progress(progressEvents)
        , m_t(startMs)
    {
        m_mac = QStringLiteral("52:54:00:%1:%2:%3")
                    .arg((index >> 16) & 0xff, 2, 16, QLatin1Char('0'))
                    .arg((index >> 8) & 0xff, 2, 16, QLatin1Char('0'))
                    .arg(index & 0xff, 2, 16, QLatin1Char('0'));
        m_ip = QStringLiteral("198.18.%1.%2").arg(index / 250).arg(index % 250 + 2);
        m_uefi = index % 3 != 0;
    }

    void wait(int minMs, int maxMs) { m_t += minMs + qint64(m_random->bounded(qMax(1, maxMs - minMs))); }

    BootEvent &add(const QString &service, const QString &kind, Phase phase, const QString &detail = {},
                   Outcome outcome = Outcome::None)
    {
        BootEvent e;
        e.time = QDateTime::fromMSecsSinceEpoch(m_t, Qt::UTC);
        e.mac = m_mac;
        e.service = service;
        e.kind = kind;
        e.phase = phase;
        e.outcome = outcome;
        e.detail = detail;
        e.peer = m_hasIp ? m_ip + QStringLiteral(":%1").arg(m_port) : QStringLiteral("0.0.0.0:68");
        if (outcome == Outcome::Failed)
            e.severity = BootEvent::Severity::Error;
        m_out->append(e);
        return m_out->last();
    }

    // A TFTP or HTTP download with progress; false when it was cut short by a time-out.
    bool transfer(const QString &service, Phase phase, const QString &file, qint64 size, int bytesPerMs,
                  bool timeOut = false)
    {
        m_port = 2000 + int(m_random->bounded(30000)); // one client port per transfer
        add(service, QStringLiteral("transfer-started"), phase, file).total = size;
        const int steps = m_progress;
        const qint64 durationMs = qMax<qint64>(20, size / qMax(1, bytesPerMs));
        for (int i = 1; i <= steps; ++i) {
            m_t += durationMs / (steps + 1);
            const qint64 bytes = size * i / (steps + 1);
            if (timeOut && i == steps) {
                m_t += 5000 * 5;
                BootEvent &e = add(service, QStringLiteral("transfer-failed"), phase,
                                   QStringLiteral("%1: timed out after 5 retries, the client stopped acknowledging at "
                                                  "%2 of %3 bytes")
                                       .arg(file)
                                       .arg(bytes)
                                       .arg(size),
                                   Outcome::Failed);
                e.bytes = bytes;
                e.total = size;
                return false;
            }
            BootEvent &e = add(service, QStringLiteral("transfer-progress"), phase, file);
            e.bytes = bytes;
            e.total = size;
        }
        m_t += durationMs / (steps + 1);
        BootEvent &e = add(service, QStringLiteral("transfer-finished"), phase, file);
        e.bytes = e.total = size;
        return true;
    }

    void run(Story story, bool variantB)
    {
        const QString arch = m_uefi ? QStringLiteral("x64-uefi") : QStringLiteral("bios");
        // Phase 1
        add(QStringLiteral("proxydhcp"), QStringLiteral("discover"), Phase::Dhcp,
            QStringLiteral("PXEClient arch=%1").arg(arch));
        wait(20, 80);
        add(QStringLiteral("proxydhcp"), QStringLiteral("proxy-offer"), Phase::Dhcp,
            m_uefi ? QStringLiteral("snponly.efi") : QStringLiteral("undionly.kpxe"));
        wait(900, 2500);
        if (variantB) {
            add(QStringLiteral("dhcp"), QStringLiteral("ack"), Phase::Dhcp,
                QStringLiteral("ip=%1 tag 60 PXEClient").arg(m_ip));
            m_hasIp = true;
            wait(50, 200);
            add(QStringLiteral("proxydhcp"), QStringLiteral("request-4011"), Phase::Dhcp);
            wait(5, 30);
            add(QStringLiteral("proxydhcp"), QStringLiteral("ack-4011"), Phase::Dhcp,
                m_uefi ? QStringLiteral("snponly.efi") : QStringLiteral("undionly.kpxe"));
        } else {
            m_hasIp = true;
            add(QStringLiteral("proxydhcp"), QStringLiteral("lease-seen"), Phase::Dhcp,
                QStringLiteral("ip=%1").arg(m_ip));
        }
        wait(100, 400);
        // Phase 2
        if (m_uefi) {
            BootEvent &probe =
                add(QStringLiteral("tftp"), QStringLiteral("transfer-aborted"), Phase::Bootstrap,
                    QStringLiteral("snponly.efi: tsize probe, User aborted the transfer"), Outcome::Expected);
            probe.total = 233472;
            wait(20, 60);
        }
        transfer(QStringLiteral("tftp"), Phase::Bootstrap,
                 m_uefi ? QStringLiteral("snponly.efi") : QStringLiteral("undionly.kpxe"), m_uefi ? 233472 : 70214,
                 400);
        wait(1500, 3000);
        // Phase 3
        add(QStringLiteral("dhcp"), QStringLiteral("discover"), Phase::MenuSettings, QStringLiteral("user class iPXE"));
        wait(300, 900);
        add(QStringLiteral("policy"), QStringLiteral("hello"), Phase::MenuSettings,
            QStringLiteral("hardware: QEMU Standard PC, 4096 MB RAM, 64 GB disk"));
        wait(10, 40);
        add(QStringLiteral("policy"), QStringLiteral("menu-settings"), Phase::MenuSettings,
            QStringLiteral("hotkey, 3 s"));
        wait(3000, 3200);
        if (story == Story::MenuThenImage || story == Story::MenuThenExit) {
            add(QStringLiteral("policy"), QStringLiteral("menu-shown"), Phase::MenuSettings,
                QStringLiteral("pxemenu.txt"), Outcome::MenuShown);
            wait(4000, 15000);
            if (story == Story::MenuThenExit) {
                add(QStringLiteral("policy"), QStringLiteral("menu-choice"), Phase::MenuSettings,
                    QStringLiteral("exit: boot the local disk"), Outcome::LocalBoot);
                return;
            }
            add(QStringLiteral("policy"), QStringLiteral("menu-choice"), Phase::MenuSettings,
                QStringLiteral("start imaging"));
            wait(100, 300);
        }
        // Phase 4
        add(QStringLiteral("policy"), QStringLiteral("work-query"), Phase::WorkQuery);
        wait(5, 30);
        if (story == Story::NoWork) {
            add(QStringLiteral("policy"), QStringLiteral("no-work"), Phase::WorkQuery,
                QStringLiteral("no work assigned: local boot"), Outcome::LocalBoot);
            return;
        }
        const bool winpe = story == Story::WinPe;
        const QString cfg = winpe ? QStringLiteral("winpe.cfg") : QStringLiteral("z_auto.cfg");
        add(QStringLiteral("policy"), QStringLiteral("work"), Phase::WorkQuery, cfg);
        wait(200, 600);
        // Phase 5
        transfer(QStringLiteral("tftp"), Phase::Loader,
                 m_uefi ? QStringLiteral("syslinux.efi") : QStringLiteral("pxelinux.0"), m_uefi ? 197120 : 46909, 500);
        wait(50, 150);
        transfer(QStringLiteral("tftp"), Phase::Loader,
                 m_uefi ? QStringLiteral("ldlinux.e64") : QStringLiteral("ldlinux.c32"), m_uefi ? 139264 : 122308, 500);
        wait(100, 300);
        // Phase 6
        add(QStringLiteral("tftp"), QStringLiteral("not-found"), Phase::ConfigFile,
            QStringLiteral("pxelinux.cfg/01-%1").arg(QString(m_mac).replace(QLatin1Char(':'), QLatin1Char('-'))),
            Outcome::Expected);
        wait(10, 40);
        transfer(QStringLiteral("tftp"), Phase::ConfigFile, cfg, 812, 100);
        wait(300, 800);
        // Phase 7
        if (winpe) {
            transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/preboot.0"), 30208, 2000);
            transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/bootMgr.exe"), 409600, 3000);
            transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/bcd"), 16384, 2000);
            transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/boot.sdi"), 3170304, 8000);
            transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/winpe.wim"), 312475648, 11000);
        } else {
            transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/kernel"), 8195008, 9000);
            if (!transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/initrd"), 41943040, 9000,
                          story == Story::TftpTimeout))
                return;
            transfer(QStringLiteral("tftp"), Phase::ImagingFiles, QStringLiteral("/boot/root"), 104857600, 10000);
            wait(20, 80);
            add(QStringLiteral("tftp"), QStringLiteral("not-found"), Phase::ImagingFiles,
                QStringLiteral("/boot/updateDrivers.tgz: file not found"), Outcome::Expected);
        }
        wait(8000, 20000);
        // Phase 8
        add(QStringLiteral("engine"), QStringLiteral("work-details"), Phase::Imaging,
            winpe ? QStringLiteral("bundle win11-lab (WinPE)") : QStringLiteral("bundle debian12-lab (image restore)"));
        wait(1000, 3000);
        const qint64 image = winpe ? 9663676416LL : 4294967296LL;
        if (story == Story::StillBusy) {
            for (int i = 1; i <= m_progress; ++i) {
                wait(8000, 12000);
                // As the policy service words the engine's report (EngineRoutes::progress).
                const qint64 bytes = image * i / (m_progress * 3);
                BootEvent &e = add(QStringLiteral("engine"), QStringLiteral("progress"), Phase::Imaging,
                                   QStringLiteral("restore %1%: writing the image to /dev/sda step=1/2 rate=%2")
                                       .arg(bytes * 100 / image)
                                       .arg(80000000 + m_random->bounded(40000000)));
                e.bytes = bytes;
                e.total = image;
            }
            return;
        }
        if (story == Story::EngineFailure) {
            wait(5000, 20000);
            add(QStringLiteral("engine"), QStringLiteral("engine-log"), Phase::Imaging,
                QStringLiteral("bootbench-engine: disk /dev/sda (34359 MB, QEMU HARDDISK)\n"
                               "bootbench-engine: running restore 1/2\n"
                               "sfdisk: /dev/sda: the image needs 64 GB\n"
                               "bootbench-engine: work failed: restoring debian12-lab.img failed\n"));
            add(QStringLiteral("engine"), QStringLiteral("result"), Phase::Imaging,
                QStringLiteral("restoring debian12-lab.img failed: disk /dev/sda has 32 GB, the image needs 64 GB"),
                Outcome::Failed);
            return;
        }
        transfer(QStringLiteral("engine"), Phase::Imaging, QStringLiteral("restoring image"), image,
                 12000 + int(m_random->bounded(12000)));
        wait(2000, 5000);
        add(QStringLiteral("engine"), QStringLiteral("result"), Phase::Imaging,
            QStringLiteral("image laid down, rebooting"), Outcome::Done);
    }

private:
    BootEventBatch *m_out;
    QRandomGenerator *m_random;
    int m_progress;
    qint64 m_t;
    QString m_mac;
    QString m_ip;
    bool m_uefi = false;
    bool m_hasIp = false;
    int m_port = 68;
};

Story storyFor(int index, QRandomGenerator *random)
{
    const int roll = int(random->bounded(100));
    Q_UNUSED(index);
    if (roll < 52)
        return Story::Vendor;
    if (roll < 64)
        return Story::WinPe;
    if (roll < 76)
        return Story::NoWork;
    if (roll < 80)
        return Story::MenuThenImage;
    if (roll < 83)
        return Story::MenuThenExit;
    if (roll < 88)
        return Story::TftpTimeout;
    if (roll < 92)
        return Story::EngineFailure;
    return Story::StillBusy;
}

} // namespace

BootEventBatch generateSyntheticBench(const SyntheticBenchOptions &options)
{
    QRandomGenerator random(options.seed);
    BootEventBatch events;
    events.reserve(options.devices * (40 + 20 * options.progressEventsPerTransfer));
    for (int i = 0; i < options.devices; ++i) {
        const qint64 start =
            options.startMs + qint64(i) * options.staggerMs + random.bounded(qMax(1, options.staggerMs));
        DeviceScript script(&events, i + 1, start, &random, qMax(1, options.progressEventsPerTransfer));
        script.run(storyFor(i, &random), i % 2 == 1);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const BootEvent &a, const BootEvent &b) { return a.time < b.time; });
    return events;
}

} // namespace bootbench
