#pragma once

#include "model/bootevent.h"

namespace bootbench::dhcp {

// Event kinds published by the proxyDHCP ("proxydhcp") and bench DHCP ("dhcp") services. All are
// phase 1, except an iPXE DHCP from a client that was just handed its bootstrap: that is the
// bootstrap's own DHCP, phase 3 (../shared/docs/preboot-flow.md).
namespace kind {
inline const QString Discover = QStringLiteral("discover");        // PXE DISCOVER seen (arch, GUID, classes)
inline const QString Offer = QStringLiteral("offer");              // proxy offer / server offer sent
inline const QString Request4011 = QStringLiteral("request-4011"); // PXE request on port 4011
inline const QString Ack4011 = QStringLiteral("ack-4011");         // boot file sent on port 4011
inline const QString Request = QStringLiteral("request");          // DHCPREQUEST to the bench server
inline const QString Lease = QStringLiteral("lease");              // address given (DHCPACK)
inline const QString Nak = QStringLiteral("nak");
inline const QString Release = QStringLiteral("release");
inline const QString Decline = QStringLiteral("decline");
inline const QString Inform = QStringLiteral("inform");
// phase 2 without a download: the firmware itself is iPXE (an iPXE option ROM)
inline const QString BootstrapBuiltIn = QStringLiteral("bootstrap-built-in");
inline const QString UnknownArch = QStringLiteral("unknown-arch");     // no bootstrap for this arch
inline const QString OtherServer = QStringLiteral("dhcp-server-seen"); // another DHCP server answered
inline const QString IpLearned = QStringLiteral("ip-learned");         // MAC ↔ IP (peer = IP)
inline const QString Ignored = QStringLiteral("ignored");              // debug: not for us, and why
inline const QString Malformed = QStringLiteral("malformed");          // debug: dropped by the codec
inline const QString PoolExhausted = QStringLiteral("pool-exhausted");
inline const QString Port67 = QStringLiteral("port-67"); // who listens on 67 changed
inline const QString StoreError = QStringLiteral("lease-store-error");
} // namespace kind

BootEvent makeEvent(const QString &service, const QString &kind, const QString &mac, BootEvent::Severity severity,
                    const QString &detail, const QString &peer = {}, Phase phase = Phase::Dhcp);

} // namespace bootbench::dhcp
