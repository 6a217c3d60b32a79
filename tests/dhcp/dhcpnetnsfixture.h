#pragma once

// Shared by the DHCP namespace tests: client packets made from the captured fixtures, an event
// log, and starting a service inside a lab namespace.
#include "dhcp/dhcpevents.h"
#include "dhcp/dhcppacket.h"
#include "netnslab.h"
#include "services/eventstream.h"
#include "services/networkservice.h"
#include "services/servicehost.h"

#include <QFile>
#include <QProcess>
#include <QTest>

namespace dhcptest {

using namespace bootbench;
using namespace bootbench::dhcp;

inline DhcpPacket fixturePacket(const QString &name)
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/tests/data/dhcp/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return decodeDhcpPacket(f.readAll()).packet;
}

// A captured packet as sent by another machine: its own MAC and transaction id. The broadcast
// flag is set: the test client's veth does not carry these made-up MACs, so a server's
// unicast to the chaddr (dnsmasq does that for clients without the flag) would not reach it.
inline DhcpPacket asClient(DhcpPacket p, int clientNumber)
{
    p.flags |= kBroadcastFlag;
    p.setMac(QByteArray::fromHex("02bb000000") + QByteArray(1, char(clientNumber)));
    p.xid = 0xbb000000u + quint32(clientNumber) * 16 + quint32(p.messageType());
    if (p.hasOption(opt::ClientId))
        p.setOption(opt::ClientId, QByteArray(1, '\1') + p.macBytes());
    return p;
}

inline QString clientMac(int clientNumber)
{
    return QStringLiteral("02:bb:00:00:00:%1").arg(clientNumber, 2, 16, QLatin1Char('0'));
}

// A BIOS PXE ROM without iPXE (the OVMF discover with arch 0).
inline DhcpPacket plainBiosDiscover(int clientNumber)
{
    DhcpPacket p = fixturePacket(QStringLiteral("ovmf-native-uefi-discover.bin"));
    p.setOption(opt::ClientArch, QByteArray(2, '\0'));
    p.setOption(opt::VendorClass, "PXEClient:Arch:00000:UNDI:002001");
    return asClient(p, clientNumber);
}

class EventLog : public QObject
{
public:
    EventLog()
        : stream(nullptr, 10)
    {
        connect(&stream, &EventStream::batchReady, this, [this](const BootEventBatch &b) { all += b; });
    }
    QList<BootEvent> find(const QString &kind, const QString &mac = {}) const
    {
        QList<BootEvent> out;
        for (const BootEvent &e : all) {
            if (e.kind == kind && (mac.isEmpty() || e.mac == mac))
                out << e;
        }
        return out;
    }
    bool waitFor(const QString &kind, const QString &mac = {}, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return !find(kind, mac).isEmpty(); }, timeoutMs);
    }
    EventStream stream;
    BootEventBatch all;
};

// Adds the service to the host, moves its thread into the lab namespace and starts it. Returns
// its final state (Running or Failed) after at most timeoutMs.
inline ServiceStatus startInNamespace(ServiceHost &host, std::unique_ptr<NetworkService> service, NetnsLab &lab,
                                      const QString &role, int timeoutMs = 8000)
{
    NetworkService *s = service.get();
    const QString name = s->name();
    host.addService(std::move(service));
    if (!lab.moveThreadToNamespace(s, role))
        return {name, ServiceState::Failed, lab.lastError()};
    host.start(name);
    (void)QTest::qWaitFor(
        [&] {
            const ServiceState st = host.status(name).state;
            return st == ServiceState::Running || st == ServiceState::Failed;
        },
        timeoutMs);
    return host.status(name);
}

// Debian's dnsmasq as a plain DHCP server (no DNS, no PXE) inside a lab namespace. Null with
// *error set when it does not come up within 5 s.
inline QProcess *startDnsmasq(NetnsLab &lab, const QString &role, const QString &ifname, const QString &range,
                              const QString &workDir, QString *error)
{
    QProcess *p = lab.start(
        role, QStringLiteral(BOOTBENCH_DNSMASQ),
        {QStringLiteral("--no-daemon"), QStringLiteral("--conf-file=/dev/null"), QStringLiteral("--port=0"),
         QStringLiteral("--user=root"), QStringLiteral("--group=root"), QStringLiteral("--interface=") + ifname,
         QStringLiteral("--bind-interfaces"), QStringLiteral("--dhcp-range=") + range, QStringLiteral("--no-ping"),
         QStringLiteral("--dhcp-authoritative"), QStringLiteral("--log-dhcp"), QStringLiteral("--log-facility=-"),
         QStringLiteral("--dhcp-leasefile=") + workDir + QStringLiteral("/dnsmasq.leases"),
         QStringLiteral("--pid-file=") + workDir + QStringLiteral("/dnsmasq.pid")});
    QByteArray out;
    const bool up = QTest::qWaitFor(
        [&] {
            out += p->readAll();
            return out.contains("DHCP, IP range") || p->state() == QProcess::NotRunning;
        },
        5000);
    if (!up || p->state() == QProcess::NotRunning) {
        *error = QStringLiteral("dnsmasq did not start in %1: %2 %3")
                     .arg(lab.name(role), lab.lastError(), QString::fromLocal8Bit(out + p->readAll()));
        return nullptr;
    }
    return p;
}

} // namespace dhcptest
