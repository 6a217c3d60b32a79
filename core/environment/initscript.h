#pragma once

#include <QByteArray>

namespace bootbench {

// The shell scripts of the imaging environment (busybox sh), documented in docs/environment.md.
struct InitScript
{
    // /init: mounts, driver coldplug, DHCP on every NIC with a link, updateDrivers.tgz, then the
    // engine (or a shell).
    static QByteArray init();
    // /etc/bootbench/udhcpc.script: configures the address, the default route and DNS.
    static QByteArray udhcpcScript();
};

} // namespace bootbench
