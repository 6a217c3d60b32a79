#include "bootchain/bootchainlayout.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace bootbench {

namespace {

QByteArray readAll(const QString &path, bool *ok)
{
    QFile f(path);
    *ok = f.open(QIODevice::ReadOnly);
    return *ok ? f.readAll() : QByteArray();
}

} // namespace

QList<BootChainFile> BootChainLayout::debianFiles(const QString &sourceRoot)
{
    const QString ipxe = sourceRoot + QStringLiteral("/usr/lib/ipxe/");
    const QString bios = sourceRoot + QStringLiteral("/usr/lib/syslinux/modules/bios/");
    const QString efi64 = sourceRoot + QStringLiteral("/usr/lib/syslinux/modules/efi64/");
    QList<BootChainFile> files{
        {QStringLiteral("undionly.kpxe"), ipxe + QStringLiteral("undionly.kpxe"), QStringLiteral("ipxe"),
         QStringLiteral("iPXE bootstrap for BIOS clients (phase 2)"), true},
        {QStringLiteral("snponly.efi"), ipxe + QStringLiteral("snponly.efi"), QStringLiteral("ipxe"),
         QStringLiteral("iPXE bootstrap for x64 UEFI clients (phase 2)"), true},
        {QStringLiteral("ipxe.efi"), ipxe + QStringLiteral("ipxe.efi"), QStringLiteral("ipxe"),
         QStringLiteral("iPXE with its own drivers for UEFI clients where snponly.efi fails"), false},
        // Debian's signed chain for x64 UEFI with Secure Boot (docs/secureboot.md): shim, signed by
        // Microsoft's UEFI CA, loads grubx64.efi from its own TFTP directory.
        {QStringLiteral("shimx64.efi"), sourceRoot + QStringLiteral("/usr/lib/shim/shimx64.efi.signed"),
         QStringLiteral("shim-signed"), QStringLiteral("signed bootstrap for x64 UEFI clients (phase 2, Secure Boot)"),
         true},
        {QStringLiteral("grubx64.efi"),
         sourceRoot + QStringLiteral("/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed"),
         QStringLiteral("grub-efi-amd64-signed"),
         QStringLiteral("signed network GRUB that shim loads (phase 2, Secure Boot)"), true},
        {QStringLiteral("pxelinux.0"), sourceRoot + QStringLiteral("/usr/lib/PXELINUX/pxelinux.0"),
         QStringLiteral("pxelinux"), QStringLiteral("loader for z_auto.cfg / winpe.cfg on BIOS (phase 5)"), true},
        {QStringLiteral("ldlinux.c32"), bios + QStringLiteral("ldlinux.c32"), QStringLiteral("syslinux-common"),
         QStringLiteral("core module pxelinux.0 loads first (phase 5)"), true},
        {QStringLiteral("syslinux.efi"), sourceRoot + QStringLiteral("/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi"),
         QStringLiteral("syslinux-efi"), QStringLiteral("loader for z_auto.cfg / winpe.cfg on x64 UEFI (phase 5)"),
         true},
        {QStringLiteral("ldlinux.e64"), efi64 + QStringLiteral("ldlinux.e64"), QStringLiteral("syslinux-common"),
         QStringLiteral("core module syslinux.efi loads first (phase 5)"), true},
    };
    for (const char *module :
         {"libcom32.c32", "libutil.c32", "menu.c32", "vesamenu.c32", "chain.c32", "reboot.c32", "poweroff.c32"}) {
        const QString name = QLatin1String(module);
        files.append({name, bios + name, QStringLiteral("syslinux-common"),
                      QStringLiteral("pxelinux module for hand-written configs"), false});
    }
    return files;
}

QMap<QString, QString> BootChainLayout::aliasesFor(const QStringList &announcedNames)
{
    QStringList catalogue;
    for (const BootChainFile &f : debianFiles())
        catalogue << f.name;
    QMap<QString, QString> aliases;
    for (const QString &name : announcedNames) {
        if (name.isEmpty() || catalogue.contains(name))
            continue;
        aliases.insert(name, name.endsWith(QLatin1String(".efi"), Qt::CaseInsensitive)
                                 ? QStringLiteral("snponly.efi")
                                 : QStringLiteral("undionly.kpxe"));
    }
    return aliases;
}

BootChainReport BootChainLayout::layOut(const QString &tftpRoot, const QMap<QString, QString> &aliases, bool refresh,
                                        const QString &sourceRoot)
{
    return run(tftpRoot, aliases, true, refresh, sourceRoot);
}

BootChainReport BootChainLayout::check(const QString &tftpRoot, const QMap<QString, QString> &aliases,
                                       const QString &sourceRoot)
{
    return run(tftpRoot, aliases, false, false, sourceRoot);
}

BootChainReport BootChainLayout::run(const QString &tftpRoot, const QMap<QString, QString> &aliases, bool write,
                                     bool refresh, const QString &sourceRoot)
{
    BootChainReport report;
    const QDir root(tftpRoot);
    if (tftpRoot.isEmpty() || (write && !QDir().mkpath(tftpRoot))) {
        report.errors << QStringLiteral("cannot create the TFTP root \"%1\"").arg(tftpRoot);
        return report;
    }
    QList<BootChainFile> files = debianFiles(sourceRoot);
    for (auto it = aliases.cbegin(); it != aliases.cend(); ++it) {
        for (const BootChainFile &f : debianFiles(sourceRoot)) {
            if (f.name == it.value()) {
                BootChainFile alias = f;
                alias.name = it.key();
                alias.purpose = QStringLiteral("%1 under the name the proxy announces").arg(f.name);
                alias.required = true;
                files << alias;
            }
        }
    }
    for (const BootChainFile &f : std::as_const(files)) {
        bool sourceOk = false;
        const QByteArray content = readAll(f.source, &sourceOk);
        if (!sourceOk) {
            report.missing << f;
            continue;
        }
        const QString target = root.filePath(f.name);
        bool targetOk = false;
        const QByteArray existing = readAll(target, &targetOk);
        if (targetOk && existing == content) {
            report.current << f.name;
            continue;
        }
        if (targetOk && !refresh) {
            report.kept << f.name;
            continue;
        }
        if (!write) {
            report.copied << f.name; // would be copied
            continue;
        }
        QDir().mkpath(QFileInfo(target).absolutePath());
        QSaveFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit()) {
            report.errors << QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
            continue;
        }
        report.copied << f.name;
    }
    const QStringList env = imagingEnvironment();
    QStringList absent;
    for (const QString &name : env) {
        if (!QFileInfo(root.filePath(name)).isFile())
            absent << name;
    }
    if (!absent.isEmpty()) {
        report.warnings << QStringLiteral("the imaging environment is incomplete: %1 missing in %2 (vendor imaging "
                                          "boots boot/kernel with boot/initrd and boot/root; put them there)")
                               .arg(absent.join(QStringLiteral(", ")), tftpRoot);
    }
    return report;
}

QStringList BootChainReport::missingPackages(bool requiredOnly) const
{
    QStringList packages;
    for (const BootChainFile &f : missing) {
        if ((f.required || !requiredOnly) && !packages.contains(f.package))
            packages << f.package;
    }
    return packages;
}

bool BootChainReport::ok() const
{
    return missingPackages(true).isEmpty() && errors.isEmpty();
}

QString BootChainReport::summary() const
{
    QStringList lines;
    if (!copied.isEmpty())
        lines << QStringLiteral("copied into the TFTP root: %1").arg(copied.join(QStringLiteral(", ")));
    if (!kept.isEmpty())
        lines << QStringLiteral("kept (differ from the installed package, not replaced): %1")
                     .arg(kept.join(QStringLiteral(", ")));
    for (const BootChainFile &f : missing) {
        if (f.required)
            lines << QStringLiteral("missing %1 (%2): %3 is not installed (%4 not found) - apt-get install %3")
                         .arg(f.name, f.purpose, f.package, f.source);
    }
    const QStringList optional = missingPackages(false);
    for (const QString &p : optional) {
        if (!missingPackages(true).contains(p))
            lines << QStringLiteral("optional files of %1 are not installed - apt-get install %1").arg(p);
    }
    lines << warnings << errors;
    if (lines.isEmpty())
        lines << QStringLiteral("the TFTP root has the whole boot chain");
    return lines.join(QLatin1Char('\n'));
}

} // namespace bootbench

namespace bootbench {

BootEventBatch BootChainReport::toEvents() const
{
    BootEventBatch batch;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto add = [&](const QString &kind, BootEvent::Severity severity, const QString &detail) {
        BootEvent e;
        e.time = now;
        e.service = QStringLiteral("bootchain");
        e.kind = kind;
        e.severity = severity;
        e.detail = detail;
        batch << e;
    };
    if (!copied.isEmpty())
        add(QStringLiteral("layout"), BootEvent::Severity::Info,
            QStringLiteral("copied into the TFTP root: %1").arg(copied.join(QStringLiteral(", "))));
    for (const BootChainFile &f : missing) {
        add(QStringLiteral("package-missing"), f.required ? BootEvent::Severity::Error : BootEvent::Severity::Debug,
            QStringLiteral("%1 (%2) is missing: package %3 is not installed - apt-get install %3")
                .arg(f.name, f.purpose, f.package));
    }
    for (const QString &k : kept)
        add(QStringLiteral("layout-kept"), BootEvent::Severity::Info,
            QStringLiteral("%1 differs from the installed package; kept as it is").arg(k));
    for (const QString &w : warnings)
        add(QStringLiteral("imaging-environment"), BootEvent::Severity::Warning, w);
    for (const QString &e : errors)
        add(QStringLiteral("layout-failed"), BootEvent::Severity::Error, e);
    return batch;
}

} // namespace bootbench
