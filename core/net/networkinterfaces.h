#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

namespace bootbench {

struct InterfaceInfo
{
    QString name;
    QList<QHostAddress> ipv4;
    QString mac;
    bool up = false;
    bool running = false; // link detected
    bool loopback = false;
    bool holdsDefaultRoute = false; // "your uplink — not recommended"
};

// The machine's interfaces, with the one holding the IPv4 default route marked.
QList<InterfaceInfo> listInterfaces();
// The first IPv4 address of the named interface, or a null address.
QHostAddress firstIpv4(const QString &interfaceName);
// One line per interface, for the "no interface chosen yet" message.
QString describeInterfaces(const QList<InterfaceInfo> &interfaces);

} // namespace bootbench
