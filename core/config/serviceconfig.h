#pragma once

#include "dhcp/dhcpsettings.h"
#include "policy/policysettings.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace bootbench {

enum class DhcpMode : int { Proxy = 0, Server = 1 }; // phase-1 variant A / variant B

// Everything the network services need to start. Built from defaults, the --config file and the
// command line (in that order); the GUI keeps its own copy in QSettings.
struct ServiceConfig
{
    QString dataDir;
    QString interfaceName; // the one interface DHCP may answer on; empty: none chosen yet
    QHostAddress address;  // our address on that interface (TFTP/HTTP bind, siaddr, option 54)
    QStringList services;  // which services to run: proxydhcp, dhcp, tftp, policy
    DhcpMode dhcpMode = DhcpMode::Proxy;
    QHostAddress rangeFirst; // bench DHCP pool
    QHostAddress rangeLast;
    QString tftpRoot;
    quint16 tftpPort = 69;
    quint16 dhcpPort = 67;
    quint16 pxePort = 4011;
    quint16 httpPort = 8080;
    // TFTP tuning
    bool tftpBlksizeNegotiation = true;
    int tftpTimeoutMs = 1000;   // first retransmission timeout (doubles per retry, at most 8x)
    int tftpRetries = 5;        // retransmissions before a transfer is given up
    int tftpMaxWindowsize = 64; // RFC 7440 windowsize granted at most
    int tftpMaxBlksize = 65464;
    QString tftpUploadDir; // empty: write requests refused
    int replyDelayMs = 0;  // proxyDHCP reply delay for firmware that mishandles instant replies
    // The bench DHCP server answers IPv6 router solicitations with "no router here" (see
    // core/dhcp/routeradvertiser.h). Off (--no-router-advertisements): no ICMPv6 socket at all,
    // and iPXE waits ~16 s for IPv6 on every boot unless a router on the segment answers.
    bool routerAdvertisements = true;
    DhcpSettings dhcp;     // proxyDHCP / bench DHCP details (core/dhcp/dhcpsettings.h)
    PolicySettings policy; // policy service details (core/policy/policysettings.h)

    static QStringList knownServices();
    // Empty when consistent, else a sentence saying what is wrong.
    QString validationError() const;
    bool wants(const QString &service) const { return services.contains(service); }
};

// "first-last" → two IPv4 addresses; false with an error message otherwise.
bool parseRange(const QString &text, QHostAddress *first, QHostAddress *last, QString *error);
DhcpMode dhcpModeFromKey(const QString &key, bool *ok);
QString dhcpModeKey(DhcpMode mode);

} // namespace bootbench
