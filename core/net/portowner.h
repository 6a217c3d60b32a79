#pragma once

#include <QString>

namespace bootbench {

// Who holds a local port: "dnsmasq (pid 1234)", or empty when it cannot be found (another user's
// process without privilege to look, or a kernel socket). Reads /proc/net/{udp,tcp}{,6} and
// /proc/<pid>/fd.
enum class Transport { Udp, Tcp };
QString describePortOwner(Transport transport, quint16 port);

} // namespace bootbench
