#pragma once

#include "model/bootevent.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace bootbench {

// One file of the boot chain: where Debian installs it and what it is called in the TFTP root.
struct BootChainFile
{
    QString name;    // path in the TFTP root, e.g. "pxelinux.0"
    QString source;  // installed path, e.g. "/usr/lib/PXELINUX/pxelinux.0"
    QString package; // Debian package that installs it
    QString purpose; // what it is for (one short phrase)
    bool required = true;
};

struct BootChainReport
{
    QStringList copied;           // names newly placed in the TFTP root
    QStringList current;          // names already there and identical to the package's file
    QStringList kept;             // names there but different from the package's file (left alone)
    QList<BootChainFile> missing; // files whose package is not installed
    QStringList warnings;         // e.g. no imaging environment in boot/
    QStringList errors;           // could not create or write something

    // Packages to install for the missing required / optional files ("apt-get install ...").
    QStringList missingPackages(bool requiredOnly = true) const;
    bool ok() const; // nothing required missing, no error
    // Several lines for a log or the GUI: what was done, what is missing and how to fix it.
    QString summary() const;
    // One event per summary line (service "bootchain"): info, or warning/error for what is
    // missing, so `serve` and the GUI say it where the user looks.
    BootEventBatch toEvents() const;
};

// Lays out the TFTP root from Debian's packages: iPXE and the signed shim + GRUB (phase 2),
// pxelinux.0 / syslinux.efi with their ldlinux modules (phase 5). Files are copied (not linked: a TFTP server that
// refuses to leave its root would not follow links), only when absent unless `refresh` is set; a file that differs from
// the package's is kept and reported. Also checks that the imaging environment (boot/kernel, boot/initrd, boot/root) is
// there, which no package provides.
class BootChainLayout
{
public:
    // `sourceRoot` prefixes every installed path (tests point it at a fake tree).
    static QList<BootChainFile> debianFiles(const QString &sourceRoot = {});
    // `aliases` maps extra names the proxy announces to catalogue names, e.g. "nvlnbp.sys" →
    // "undionly.kpxe" (DhcpSettings::bootFiles values that are not catalogue names).
    static BootChainReport layOut(const QString &tftpRoot, const QMap<QString, QString> &aliases = {},
                                  bool refresh = false, const QString &sourceRoot = {});
    // Like layOut() but changes nothing.
    static BootChainReport check(const QString &tftpRoot, const QMap<QString, QString> &aliases = {},
                                 const QString &sourceRoot = {});
    // The aliases for the boot file names a proxy announces: any name that is not in the
    // catalogue maps to the BIOS bootstrap (.efi names to snponly.efi).
    static QMap<QString, QString> aliasesFor(const QStringList &announcedNames);
    static QStringList imagingEnvironment() // phase 7, vendor imaging; provided by the user
    {
        return {QStringLiteral("boot/kernel"), QStringLiteral("boot/initrd"), QStringLiteral("boot/root")};
    }

private:
    static BootChainReport run(const QString &tftpRoot, const QMap<QString, QString> &aliases, bool write, bool refresh,
                               const QString &sourceRoot);
};

} // namespace bootbench
