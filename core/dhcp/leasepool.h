#pragma once

#include "dhcp/leasestore.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>

#include <optional>

namespace bootbench {

// The bench DHCP server's address pool and bindings (RFC 2131 §4.3), without sockets or files:
// the server feeds it requests and persists what it returns.
class LeasePool
{
public:
    // [first, last] in host order; `excluded` are never handed out (our own address, the router).
    LeasePool(quint32 first, quint32 last, const QList<quint32> &excluded = {});

    void load(const QList<DhcpLease> &leases); // from the store; leases outside the pool are dropped
    bool contains(quint32 ip) const;           // in the range and not excluded
    quint32 size() const;

    // The address to offer `mac` (RFC 2131 §4.3.1), 0 when the pool is exhausted: its current or
    // previous binding, its pending offer, the requested address (option 50) when free, an address
    // never leased, else the one expired longest ago.
    quint32 selectAddress(const QString &mac, quint32 requested, const QDateTime &now) const;
    // Reserves `ip` for `mac` until the client requests it (or the hold ends).
    void holdOffer(const QString &mac, quint32 ip, const QDateTime &until);
    void dropOffer(const QString &mac);
    // Whether `ip` may be bound to `mac` now: in the pool, not declined, not bound to another MAC
    // with a lease still running, not offered to another MAC.
    bool isAvailableFor(quint32 ip, const QString &mac, const QDateTime &now) const;

    const DhcpLease *leaseOf(const QString &mac) const; // current or previous binding
    QString macOf(quint32 ip) const;                    // empty when the address is unbound
    bool isActive(const DhcpLease &lease, const QDateTime &now) const { return lease.expires > now; }

    // Binds and returns the lease to persist. A previous binding of another MAC on `ip` goes.
    DhcpLease bind(const QString &mac, quint32 ip, quint32 seconds, const QDateTime &now, const QString &hostName);
    // DHCPRELEASE: the lease ends now but is remembered (same address next time). Nothing when
    // `ip` is not the client's address.
    std::optional<DhcpLease> release(const QString &mac, quint32 ip, const QDateTime &now);
    // DHCPDECLINE: the address is in use by someone else; not handed out until `until`. Returns
    // the MAC whose binding was dropped (empty when none).
    QString decline(const QString &mac, quint32 ip, const QDateTime &until);
    bool isDeclined(quint32 ip, const QDateTime &now) const;

    QList<DhcpLease> leases() const;

private:
    struct Offer
    {
        QString mac;
        QDateTime until;
    };
    bool offeredToOther(quint32 ip, const QString &mac, const QDateTime &now) const;
    void unbind(const QString &mac);

    const quint32 m_first;
    const quint32 m_last;
    const QSet<quint32> m_excluded;
    QHash<QString, DhcpLease> m_byMac;
    QHash<quint32, QString> m_byIp;
    QHash<quint32, Offer> m_offers;
    QHash<QString, quint32> m_offerByMac;
    QHash<quint32, QDateTime> m_declined;
};

} // namespace bootbench
