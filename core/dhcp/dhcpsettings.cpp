#include "dhcp/dhcpsettings.h"

namespace bootbench {

QMap<quint16, QString> DhcpSettings::defaultBootFiles()
{
    return {
        {0, QStringLiteral("undionly.kpxe")},
        {7, QStringLiteral("snponly.efi")},
        {9, QStringLiteral("snponly.efi")},
    };
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

QString DhcpSettings::ipxeScriptUrl(const QHostAddress &server, quint16 httpPort) const
{
    QString path = ipxeScriptPath.isEmpty() ? QStringLiteral("/boot.ipxe") : ipxeScriptPath;
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    return QStringLiteral("http://%1:%2%3").arg(server.toString()).arg(httpPort).arg(path);
}

} // namespace bootbench
