#pragma once

#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace bootbench {

// Settings of the proxyDHCP and bench DHCP services beyond the ports and the pool, which live
// in ServiceConfig itself (dhcpPort, pxePort, rangeFirst/rangeLast, replyDelayMs, …).
struct DhcpSettings
{
    quint16 clientPort = 68; // where replies go; tests move it
    // Client architecture (option 93) → bootstrap file on the TFTP server. Defaults: iPXE
    // (undionly.kpxe) for BIOS, Debian's signed shim for x64 UEFI (7, 9) and x64 UEFI HTTP boot
    // (16). An architecture without an entry gets no answer and an event. `--boot-file ARCH=FILE`.
    QMap<quint16, QString> bootFiles = defaultBootFiles();
    // Architectures whose entry the user chose (--boot-file, boot-file= in the config file): kept
    // as they are in every variant (see bootFilesFor).
    QList<quint16> chosenBootArchs;
    // Architectures answered with the file in the port-67 proxy offer (plus option 43 sub-option
    // 6 = 8). All others are steered to port 4011: many UEFI firmwares fail to chainload from a
    // direct proxy answer (field notes).
    QList<quint16> directArchs = {0};
    // Option 60 prefixes that mark a PXE client. "PXEClient" and "HTTPClient" are always on;
    // add a vendor's own class here.
    QStringList extraVendorClasses;
    // Path of the policy service's iPXE script, answered to iPXE (user class "iPXE" or option
    // 175) as http://ADDRESS:HTTP_PORT<path>. iPXE expands ${...} settings in it.
    QString ipxeScriptPath = QStringLiteral("/boot.ipxe");
    // Bench DHCP server (variant B).
    quint32 leaseSeconds = 3600;
    QHostAddress subnetMask; // null: the interface's own netmask
    QHostAddress router;     // null: none sent
    QList<QHostAddress> dnsServers;
    int probeMs = 3000; // rogue-DHCP probe before the server starts; 0 skips it (tests only)
    // Socket receive buffer for ports 67 and 4011: a bench powering on at once is a burst of
    // hundreds of DISCOVERs in a few ms.
    int receiveBufferBytes = 4 * 1024 * 1024;
    // Listen (shared) on the client port of the chosen interface to learn MAC ↔ IP from other
    // servers' ACKs and to report other DHCP servers. Off: learning from requests only.
    bool watchClientPort = true;
    // The DHCP worker threads' nice value when allowed (CAP_SYS_NICE): answers stay prompt on a
    // machine that is busy with the GUI, imaging or builds. 0 leaves the priority alone.
    int threadNiceValue = -10;

    static QMap<quint16, QString> defaultBootFiles();
    // The boot files to announce. As a mere proxy (variant A) x64 UEFI gets iPXE (snponly.efi)
    // instead of the default signed shim unless the user chose the shim: Debian 12's signed GRUB
    // takes its TFTP server only from the DHCP server's ACK, never from a proxy's answer, and
    // stops at its prompt (docs/secureboot.md). Variant B (we are the DHCP server) keeps the shim.
    QMap<quint16, QString> bootFilesFor(bool proxyOnly) const;
    // UEFI HTTP boot: the policy service serves the TFTP root read-only under this path.
    static QString httpBootPrefix() { return QStringLiteral("/boot-files/"); }
    // "http://SERVER:PORT/boot-files/FILE" (FILE as is when it is a URL already).
    static QString httpBootUrl(const QHostAddress &server, quint16 httpPort, const QString &file);
    QStringList vendorClassPrefixes() const; // PXEClient, HTTPClient + extras
    QString ipxeScriptUrl(const QHostAddress &server, quint16 httpPort) const;
};

} // namespace bootbench
