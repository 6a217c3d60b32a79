#pragma once

#include <QString>

namespace bootbench {

// How a device without work leaves iPXE for its own disk. Which one works depends on the
// firmware: `exit` hands control back to the BIOS/UEFI boot order; `sanboot` boots the first
// hard disk directly (for firmware that does not try the next boot device after PXE).
enum class ExitMethod : int { IpxeExit = 0, Sanboot = 1 };
QString exitMethodKey(ExitMethod method); // "exit", "sanboot"
bool exitMethodFromKey(const QString &key, ExitMethod *method);

// Settings of the policy service beyond the address and HTTP port (in ServiceConfig itself).
struct PolicySettings
{
    // Name given to a device that registers itself: prefix + serial, else asset tag, else MAC.
    QString deviceNamePrefix = QStringLiteral("pxe-");
    ExitMethod exitMethod = ExitMethod::IpxeExit;
    // Appended to every imaging kernel command line (e.g. "console=ttyS0"); a bundle adds its own.
    QString kernelParams;
    // The store the service reads; empty: <dataDir>/bootbench.db (what `serve` opens by default).
    // The composition root sets it when the store was given with --db.
    QString databaseUrl;
    // Second-stage loader in the TFTP root (phase 5) for BIOS clients.
    QString biosLoader = QStringLiteral("pxelinux.0");
    // The same for UEFI clients. Empty (the default): iPXE itself loads /boot/kernel with
    // /boot/initrd and /boot/root over TFTP, because Debian's syslinux.efi chained from iPXE stops
    // right after "My IP is ..." ("Could not boot image: Error 0x7f048281", measured with OVMF).
    QString efiLoader;
    // Requests with a larger body are refused with 413 (engine reports are small JSON).
    int maxBodyBytes = 256 * 1024;
    // The image routes' own port (docs/http-api.md, "Images"): -1 (the default) is the HTTP port + 1
    // (any free port when the HTTP port is 0); 0 is any free port. Same address as the HTTP port.
    int imagePort = -1;
    // Image uploads larger than this are refused with 413.
    qint64 maxUploadBytes = qint64(512) << 30;
    // The image store the image routes serve; empty: <dataDir>/images (where the editors look).
    QString imageRoot;
    // Wrong menu passwords allowed before the device goes on without the menu.
    int passwordAttempts = 3;
};

} // namespace bootbench
