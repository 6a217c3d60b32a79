#include "dhcp/dhcpevents.h"

namespace bootbench::dhcp {

BootEvent makeEvent(const QString &service, const QString &kind, const QString &mac, BootEvent::Severity severity,
                    const QString &detail, const QString &peer, Phase phase)
{
    BootEvent e;
    e.time = QDateTime::currentDateTimeUtc();
    e.service = service;
    e.kind = kind;
    e.mac = mac;
    e.severity = severity;
    e.detail = detail;
    e.peer = peer;
    e.phase = phase;
    return e;
}

} // namespace bootbench::dhcp
