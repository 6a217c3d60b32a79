#pragma once

#include <QString>

namespace bootbench {

// What the imaging environment needs to find its way back (phase 8).
struct ImagingBoot
{
    enum class Mode : int { Work = 0, Maintenance };

    QString mac;       // normalised
    QString serverUrl; // http://ADDRESS:PORT of the policy service
    QString token;     // per-device token for the engine API
    Mode mode = Mode::Work;
    QString kernelParams; // extra: global settings first, then the bundle's
};

// Names and writes the per-device loader config files of phases 4 and 6 (pxelinux format, read by
// pxelinux.0 / syslinux.efi). The format is ours: docs/http-api.md describes what the imaging
// environment finds on its kernel command line.
class ConfigFile
{
public:
    static QString zAutoName() { return QStringLiteral("z_auto.cfg"); }
    static QString winpeName() { return QStringLiteral("winpe.cfg"); }
    static QString powerOffName() { return QStringLiteral("poweroff.cfg"); }
    // Folder of a device's config files, relative to the TFTP root: "bootbench/01-aa-bb-cc-dd-ee-ff"
    // (the "01-" + MAC form pxelinux itself uses). Each device gets its own z_auto.cfg there.
    static QString deviceFolder(const QString &mac);
    static QString devicePath(const QString &mac, const QString &configFile);
    // "bootbench.server=... bootbench.mac=... bootbench.token=... bootbench.mode=work [extra]";
    // maintenance adds "console=tty0 console=ttyS0,115200" before the extra parameters. The one
    // place the imaging kernel's command line is made (pxelinux, iPXE and GRUB use it).
    static QString kernelCommandLine(const ImagingBoot &boot);
    // z_auto.cfg: /boot/kernel with /boot/initrd and /boot/root (vendor imaging). updateDrivers.tgz
    // is not listed: pxelinux abandons the boot when a listed initrd is missing; the imaging
    // environment fetches it itself and carries on when it is absent.
    static QString zAuto(const ImagingBoot &boot, const QString &comment);
    // winpe.cfg: the WinPE chain (/boot/preboot.0 → bootMgr.exe → BCD → boot.sdi, winpe.wim).
    static QString winpe(const ImagingBoot &boot, const QString &comment);
    // poweroff.cfg: poweroff.c32 (APM), for iPXE builds without a poweroff command.
    static QString powerOff(const QString &mac);
    // By name: zAuto() for z_auto.cfg, winpe() for winpe.cfg; empty for another name.
    static QString render(const QString &configFile, const ImagingBoot &boot, const QString &comment);
};

} // namespace bootbench
