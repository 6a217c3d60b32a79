#include "dhcp/dhcpsettings.h"

namespace bootbench {

QMap<quint16, QString> DhcpSettings::defaultBootFiles()
{
    return {
        {0, QStringLiteral("undionly.kpxe")},
        // x64 UEFI: Debian's signed shim → GRUB (Secure Boot on or off; docs/secureboot.md).
        // "snponly.efi" here gives these machines iPXE instead.
        {7, QStringLiteral("shimx64.efi")},
        {9, QStringLiteral("shimx64.efi")},
        // x64 UEFI HTTP boot: the same signed chain, as an http:// URL of the policy service.
        {16, QStringLiteral("shimx64.efi")},
    };
}

QMap<quint16, QString> DhcpSettings::bootFilesFor(bool proxyOnly) const
{
    QMap<quint16, QString> files = bootFiles;
    if (!proxyOnly)
        return files;
    const QMap<quint16, QString> defaults = defaultBootFiles();
    for (const quint16 arch : {quint16(7), quint16(9)}) {
        if (!chosenBootArchs.contains(arch) && files.value(arch) == defaults.value(arch))
            files[arch] = QStringLiteral("snponly.efi");
    }
    return files;
}

QStringList DhcpSettings::vendorClassPrefixes() const
{
    QStringList all{QStringLiteral("PXEClient"), QStringLiteral("HTTPClient")};
    for (const QString &c : extraVendorClasses) {
        if (!c.isEmpty() && !all.contains(c))
            all << c;
    }
    return all;
}

QString DhcpSettings::httpBootUrl(const QHostAddress &server, quint16 httpPort, const QString &file)
{
    if (file.contains(QLatin1String("://")))
        return file;
    QString path = file;
    while (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    return QStringLiteral("http://%1:%2%3%4").arg(server.toString()).arg(httpPort).arg(httpBootPrefix(), path);
}

QString DhcpSettings::ipxeScriptUrl(const QHostAddress &server, quint16 httpPort) const
{
    QString path = ipxeScriptPath.isEmpty() ? QStringLiteral("/boot.ipxe") : ipxeScriptPath;
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    return QStringLiteral("http://%1:%2%3").arg(server.toString()).arg(httpPort).arg(path);
}

} // namespace bootbench
