#pragma once

#include <QHostAddress>
#include <QString>

namespace bootbench {

struct ServiceConfig;

// The one interface a DHCP service may answer on, checked before it opens a socket.
struct DhcpInterface
{
    QString name;
    quint32 address = 0; // our IPv4 address on it (host order)
    quint32 netmask = 0;
};

// Resolves config.interfaceName and our address on it. Fails with a sentence that says what to
// do: no interface chosen (lists the machine's interfaces), no such interface, no IPv4 address.
bool resolveDhcpInterface(const ServiceConfig &config, const QString &serviceTitle, DhcpInterface *out, QString *error);

} // namespace bootbench
