#pragma once

#include <QList>
#include <QString>

namespace bootbench {

namespace dhcp {
struct DhcpPacket;
}

// Another DHCP server that answered our probe.
struct DhcpServerSighting
{
    quint32 address = 0;  // IPv4 source of its answer (host order)
    quint32 serverId = 0; // its option 54, 0 when absent
    QString mac;          // Ethernet source of its answer
};

struct DhcpProbeResult
{
    bool ok = false; // false: the probe itself could not run (error says why)
    QString error;
    QList<DhcpServerSighting> servers;
};

// Looks for a DHCP server on the interface before the bench DHCP server starts: broadcasts a
// DHCPDISCOVER (twice) from an ephemeral port and listens for `listenMs` with a packet socket,
// which sees the Ethernet source of every answer and needs no client port of its own.
// Needs CAP_NET_RAW (granted with the installer's setcap). Blocks the calling thread.
DhcpProbeResult probeForDhcpServers(const QString &interfaceName, quint32 ownAddress, int listenMs, quint16 serverPort,
                                    quint16 clientPort);

QString describeSighting(const DhcpServerSighting &sighting); // "10.0.0.1 (MAC aa:…)"

// Our own probe as the proxyDHCP on the same interface hears it: its DISCOVER (vendor class
// "bootbench-probe") and the answers to it (the transaction id's top half is 0xb007). It is not a
// boot device: the proxy neither answers nor reports it.
bool isOwnProbe(const dhcp::DhcpPacket &packet);

} // namespace bootbench
