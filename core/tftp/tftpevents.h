#pragma once

#include "model/bootevent.h"
#include "tftp/tftptransfer.h"

namespace bootbench {

// Which preboot phase a TFTP file belongs to (../shared/docs/preboot-flow.md):
// bootstrap (undionly.kpxe, snponly.efi, ipxe.*, *.kpxe, nvlnbp.sys, shimx64.efi, grubx64.efi) → 2,
// pxelinux.0 / syslinux.efi / ldlinux.* and other loader modules (*.c32, *.e32, *.e64) → 5,
// z_auto.cfg / winpe.cfg / pxelinux.cfg/... → 6, boot/... → 7, anything else → None.
Phase tftpPhaseForPath(const QString &normalisedPath);
// A refusal that is part of a normal boot: the loader's pxelinux.cfg/ look-up misses, the
// absent boot/updateDrivers.tgz and the signed GRUB's grub/x86_64-efi/grub.cfg.
bool tftpNotFoundIsExpected(const QString &normalisedPath);

// Builds the BootEvents of the TFTP service: transfer-started, transfer-progress,
// transfer-finished, transfer-failed (service "tftp", mac empty: TFTP does not know it, peer =
// client ip:port).
namespace tftpevents {
BootEvent started(const TftpTransfer &transfer);
BootEvent progress(const TftpTransfer &transfer);
BootEvent finished(const TftpTransfer &transfer);
BootEvent failed(const TftpTransfer &transfer, TftpFailure failure, const QString &reason);
// A request refused before any transfer started (not found, access violation, ...).
BootEvent refused(const TftpEndpoint &peer, const QString &path, bool upload, TftpFailure failure,
                  const QString &reason);
Outcome outcomeFor(TftpFailure failure, const QString &path);
QString failureKey(TftpFailure failure); // "not-found", "access-violation", "timeout", ...
} // namespace tftpevents

} // namespace bootbench
