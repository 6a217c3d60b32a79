#include "config/serviceconfig.h"

#include <QCoreApplication>

namespace bootbench {

QStringList ServiceConfig::knownServices()
{
    return {QStringLiteral("proxydhcp"), QStringLiteral("dhcp"), QStringLiteral("tftp"), QStringLiteral("policy")};
}

QString ServiceConfig::validationError() const
{
    for (const QString &s : services) {
        if (!knownServices().contains(s))
            return QCoreApplication::translate("bootbench::ServiceConfig",
                                               "unknown service \"%1\" (known: %2, or none)")
                .arg(s, knownServices().join(QStringLiteral(", ")));
    }
    if (wants(QStringLiteral("dhcp")) && (rangeFirst.isNull() || rangeLast.isNull()))
        return QCoreApplication::translate("bootbench::ServiceConfig",
                                           "the DHCP server needs an address pool: --dhcp-range FIRST-LAST");
    if (!rangeFirst.isNull() && rangeFirst.toIPv4Address() > rangeLast.toIPv4Address())
        return QCoreApplication::translate("bootbench::ServiceConfig", "the DHCP range starts after it ends (%1-%2)")
            .arg(rangeFirst.toString(), rangeLast.toString());
    return {};
}

bool parseRange(const QString &text, QHostAddress *first, QHostAddress *last, QString *error)
{
    const QStringList parts = text.split(QLatin1Char('-'));
    QHostAddress a, b;
    if (parts.size() != 2 || !a.setAddress(parts[0].trimmed()) || !b.setAddress(parts[1].trimmed()) ||
        a.protocol() != QAbstractSocket::IPv4Protocol || b.protocol() != QAbstractSocket::IPv4Protocol) {
        *error = QCoreApplication::translate("bootbench::ServiceConfig",
                                             "\"%1\" is not a range of IPv4 addresses like 192.0.2.100-192.0.2.200")
                     .arg(text);
        return false;
    }
    if (a.toIPv4Address() > b.toIPv4Address()) {
        *error = QCoreApplication::translate("bootbench::ServiceConfig", "the range %1 starts after it ends").arg(text);
        return false;
    }
    *first = a;
    *last = b;
    return true;
}

DhcpMode dhcpModeFromKey(const QString &key, bool *ok)
{
    *ok = true;
    if (key == QLatin1String("proxy"))
        return DhcpMode::Proxy;
    if (key == QLatin1String("server"))
        return DhcpMode::Server;
    *ok = false;
    return DhcpMode::Proxy;
}

QString dhcpModeKey(DhcpMode mode)
{
    return mode == DhcpMode::Server ? QStringLiteral("server") : QStringLiteral("proxy");
}

} // namespace bootbench
