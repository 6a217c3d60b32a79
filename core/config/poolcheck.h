#pragma once

#include "config/serviceconfig.h"

#include <QHostAddress>
#include <QPair>
#include <QString>

namespace bootbench {

// What is wrong with the bench DHCP server's address pool as typed (the window says it in the
// user's words).
enum class PoolProblem {
    None,
    Missing,           // one or both ends empty
    FirstNotAnAddress, // not an IPv4 address
    LastNotAnAddress,
    Reversed, // the first address is after the last
};

PoolProblem checkPool(const QString &first, const QString &last);

// What can be composed now: the wanted configuration less the DHCP server while its pool is
// unusable; proxy DHCP, TFTP and policy never wait for the DHCP server's settings.
ServiceConfig composableConfig(const ServiceConfig &wanted);

// An example pool in the interface's /24 (…100 – …199) for the fields' placeholders; the
// documentation range 192.0.2.0/24 without an address.
QPair<QString, QString> suggestedPool(const QHostAddress &interfaceAddress);

} // namespace bootbench
