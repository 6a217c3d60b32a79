#include "dhcp/dhcpinterface.h"

#include "config/serviceconfig.h"
#include "net/networkinterfaces.h"

#include <QNetworkInterface>

namespace bootbench {

bool resolveDhcpInterface(const ServiceConfig &config, const QString &serviceTitle, DhcpInterface *out, QString *error)
{
    if (config.interfaceName.isEmpty()) {
        *error = QStringLiteral("%1 does not start: no network interface has been chosen, and it answers only on the "
                                "interface you choose (--interface NAME). Interfaces on this machine:\n%2")
                     .arg(serviceTitle, describeInterfaces(listInterfaces()));
        return false;
    }
    const QNetworkInterface iface = QNetworkInterface::interfaceFromName(config.interfaceName);
    if (!iface.isValid()) {
        *error = QStringLiteral("%1 does not start: there is no network interface named \"%2\". Interfaces on this "
                                "machine:\n%3")
                     .arg(serviceTitle, config.interfaceName, describeInterfaces(listInterfaces()));
        return false;
    }
    out->name = config.interfaceName;
    out->address = 0;
    out->netmask = 0;
    const QList<QNetworkAddressEntry> entries = iface.addressEntries();
    for (const QNetworkAddressEntry &e : entries) {
        if (e.ip().protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        if (!config.address.isNull() && e.ip() != config.address)
            continue;
        out->address = e.ip().toIPv4Address();
        out->netmask = e.netmask().toIPv4Address();
        break;
    }
    if (out->address == 0) {
        *error = config.address.isNull()
                     ? QStringLiteral("%1 does not start: interface %2 has no IPv4 address. Give it one (clients are "
                                      "sent to this address for TFTP and HTTP).")
                           .arg(serviceTitle, config.interfaceName)
                     : QStringLiteral("%1 does not start: the address %2 is not on interface %3. Use one of the "
                                      "interface's addresses, or none to take its first.")
                           .arg(serviceTitle, config.address.toString(), config.interfaceName);
        return false;
    }
    return true;
}

} // namespace bootbench
