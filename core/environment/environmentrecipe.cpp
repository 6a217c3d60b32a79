#include "environmentrecipe.h"

#include "initscript.h"

#include <QCryptographicHash>
#include <QDir>

namespace bootbench {

QStringList EnvironmentRecipe::modules()
{
    return {
        // Network cards: Intel, Realtek, Broadcom, Qualcomm Atheros, USB adapters, virtual machines.
        QStringLiteral("e1000"), QStringLiteral("e1000e"), QStringLiteral("igb"), QStringLiteral("igc"),
        QStringLiteral("ixgbe"), QStringLiteral("r8169"), QStringLiteral("realtek"), QStringLiteral("8139too"),
        QStringLiteral("8139cp"), QStringLiteral("tg3"), QStringLiteral("bnx2"), QStringLiteral("alx"),
        QStringLiteral("atl1c"), QStringLiteral("r8152"), QStringLiteral("cdc_ether"), QStringLiteral("ax88179_178a"),
        QStringLiteral("asix"), QStringLiteral("virtio_pci"), QStringLiteral("virtio_net"), QStringLiteral("vmxnet3"),
        // Disks and their buses.
        QStringLiteral("virtio_blk"), QStringLiteral("virtio_scsi"), QStringLiteral("vmw_pvscsi"),
        QStringLiteral("ahci"), QStringLiteral("ata_piix"), QStringLiteral("ata_generic"), QStringLiteral("nvme"),
        QStringLiteral("usb_storage"), QStringLiteral("uas"), QStringLiteral("sd_mod"), QStringLiteral("xhci_pci"),
        QStringLiteral("xhci_hcd"), QStringLiteral("ehci_pci"), QStringLiteral("ehci_hcd"), QStringLiteral("ohci_pci"),
        QStringLiteral("uhci_hcd"), QStringLiteral("sdhci_pci"), QStringLiteral("mmc_block"),
        // File systems (ntfs-3g runs on FUSE) and FAT's code pages.
        QStringLiteral("ext4"), QStringLiteral("vfat"), QStringLiteral("nls_cp437"), QStringLiteral("nls_iso8859_1"),
        QStringLiteral("nls_utf8"), QStringLiteral("fuse"),
        // A USB keyboard for the maintenance shell.
        QStringLiteral("usbhid"), QStringLiteral("hid_generic")};
}

QList<EnvironmentTool> EnvironmentRecipe::tools()
{
    QList<EnvironmentTool> t;
    const auto add = [&t](const QString &package, const QStringList &names) {
        for (const QString &n : names)
            t << EnvironmentTool{n, package};
    };
    add(QStringLiteral("partclone"),
        {QStringLiteral("partclone.dd"), QStringLiteral("partclone.extfs"), QStringLiteral("partclone.ext2"),
         QStringLiteral("partclone.ext3"), QStringLiteral("partclone.ext4"), QStringLiteral("partclone.fat"),
         QStringLiteral("partclone.fat12"), QStringLiteral("partclone.fat16"), QStringLiteral("partclone.fat32"),
         QStringLiteral("partclone.vfat"), QStringLiteral("partclone.ntfs"), QStringLiteral("partclone.btrfs"),
         QStringLiteral("partclone.xfs"), QStringLiteral("partclone.exfat"), QStringLiteral("partclone.restore"),
         QStringLiteral("partclone.chkimg"), QStringLiteral("partclone.info"), QStringLiteral("partclone.imager")});
    add(QStringLiteral("zstd"), {QStringLiteral("zstd")});
    add(QStringLiteral("fdisk"), {QStringLiteral("sfdisk"), QStringLiteral("fdisk")});
    add(QStringLiteral("gdisk"), {QStringLiteral("sgdisk")});
    add(QStringLiteral("util-linux"), {QStringLiteral("blkid"), QStringLiteral("lsblk"), QStringLiteral("wipefs"),
                                       QStringLiteral("partx"), QStringLiteral("blockdev")});
    add(QStringLiteral("udpcast"), {QStringLiteral("udp-receiver")});
    add(QStringLiteral("e2fsprogs"),
        {QStringLiteral("mke2fs"), QStringLiteral("mkfs.ext2"), QStringLiteral("mkfs.ext3"),
         QStringLiteral("mkfs.ext4"), QStringLiteral("e2fsck"), QStringLiteral("fsck.ext2"),
         QStringLiteral("fsck.ext3"), QStringLiteral("fsck.ext4"), QStringLiteral("resize2fs"),
         QStringLiteral("tune2fs"), QStringLiteral("dumpe2fs"), QStringLiteral("e2label")});
    add(QStringLiteral("ntfs-3g"),
        {QStringLiteral("ntfs-3g"), QStringLiteral("mount.ntfs-3g"), QStringLiteral("mount.ntfs"),
         QStringLiteral("mkntfs"), QStringLiteral("mkfs.ntfs"), QStringLiteral("ntfsresize"), QStringLiteral("ntfsfix"),
         QStringLiteral("ntfslabel"), QStringLiteral("ntfsclone")});
    return t;
}

QStringList EnvironmentRecipe::packages(const QList<EnvironmentTool> &tools)
{
    QStringList p{QStringLiteral("linux-image-amd64"), QStringLiteral("busybox-static")};
    for (const EnvironmentTool &t : tools) {
        if (!p.contains(t.package))
            p << t.package;
    }
    return p;
}

QStringList EnvironmentRecipe::engineCandidates(const QString &applicationDir)
{
    QStringList c;
    if (!applicationDir.isEmpty())
        c << QDir::cleanPath(applicationDir + QStringLiteral("/../engine/bootbench-engine"));
    c << installedEngine();
    return c;
}

QString EnvironmentRecipe::fingerprint(const QStringList &modules, const QList<EnvironmentTool> &tools)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArray::number(kLayoutVersion));
    h.addData(InitScript::init());
    h.addData(InitScript::udhcpcScript());
    h.addData(modules.join(QLatin1Char(',')).toUtf8());
    for (const EnvironmentTool &t : tools)
        h.addData((t.name + QLatin1Char('=') + t.package + QLatin1Char(',')).toUtf8());
    return QString::fromLatin1(h.result().toHex());
}

} // namespace bootbench
