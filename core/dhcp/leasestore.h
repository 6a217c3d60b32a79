#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

namespace bootbench {

// One address binding of the bench DHCP server. A released lease is kept with its expiry set
// to the release time: the client gets the same address again when it is still free.
struct DhcpLease
{
    QString mac;       // "aa:bb:cc:dd:ee:ff"
    quint32 ip = 0;    // host order
    QDateTime expires; // UTC
    QString hostName;
    friend bool operator==(const DhcpLease &, const DhcpLease &) = default;
};

// Where leases survive a restart. One lease per MAC, one MAC per address (the store's `leases`
// table has the same shape: mac primary key, ip unique), written before the DHCPACK goes out.
// Used on the DHCP server's thread only.
class LeaseStore
{
public:
    virtual ~LeaseStore() = default;
    virtual bool load(QList<DhcpLease> *leases, QString *error) = 0;
    // Inserts or replaces the lease of lease.mac; a lease of another MAC on the same address goes.
    virtual bool put(const DhcpLease &lease, QString *error) = 0;
    virtual bool remove(const QString &mac, QString *error) = 0;
};

} // namespace bootbench
