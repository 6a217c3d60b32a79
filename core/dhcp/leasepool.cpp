#include "dhcp/leasepool.h"

#include <algorithm>

namespace bootbench {

namespace {
constexpr quint32 kMaxScan = 1u << 20; // a bench pool is a few hundred addresses; bound the scan
}

LeasePool::LeasePool(quint32 first, quint32 last, const QList<quint32> &excluded)
    : m_first(std::min(first, last))
    , m_last(std::max(first, last))
    , m_excluded(excluded.cbegin(), excluded.cend())
{}

void LeasePool::load(const QList<DhcpLease> &leases)
{
    m_byMac.clear();
    m_byIp.clear();
    for (const DhcpLease &l : leases) {
        if (!contains(l.ip) || l.mac.isEmpty())
            continue;
        if (const QString other = m_byIp.value(l.ip); !other.isEmpty()) {
            if (m_byMac.value(other).expires >= l.expires)
                continue; // two MACs on one address: the later lease wins
            m_byMac.remove(other);
        }
        m_byMac.insert(l.mac, l);
        m_byIp.insert(l.ip, l.mac);
    }
}

bool LeasePool::contains(quint32 ip) const
{
    return ip >= m_first && ip <= m_last && !m_excluded.contains(ip);
}

quint32 LeasePool::size() const
{
    return m_last - m_first + 1;
}

bool LeasePool::offeredToOther(quint32 ip, const QString &mac, const QDateTime &now) const
{
    const auto it = m_offers.constFind(ip);
    return it != m_offers.constEnd() && it->mac != mac && it->until > now;
}

bool LeasePool::isDeclined(quint32 ip, const QDateTime &now) const
{
    const auto it = m_declined.constFind(ip);
    return it != m_declined.constEnd() && *it > now;
}

bool LeasePool::isAvailableFor(quint32 ip, const QString &mac, const QDateTime &now) const
{
    if (!contains(ip) || isDeclined(ip, now) || offeredToOther(ip, mac, now))
        return false;
    const QString holder = m_byIp.value(ip);
    return holder.isEmpty() || holder == mac || !isActive(m_byMac.value(holder), now);
}

quint32 LeasePool::selectAddress(const QString &mac, quint32 requested, const QDateTime &now) const
{
    if (const DhcpLease *l = leaseOf(mac); l && isAvailableFor(l->ip, mac, now))
        return l->ip;
    if (const auto it = m_offerByMac.constFind(mac); it != m_offerByMac.constEnd() && isAvailableFor(*it, mac, now))
        return *it;
    if (requested != 0 && isAvailableFor(requested, mac, now) && m_byIp.value(requested).isEmpty())
        return requested;
    const quint32 span = std::min(size(), kMaxScan);
    quint32 oldest = 0;
    QDateTime oldestExpiry;
    for (quint32 i = 0; i < span; ++i) {
        const quint32 ip = m_first + i;
        if (!contains(ip) || isDeclined(ip, now) || offeredToOther(ip, mac, now))
            continue;
        const auto holder = m_byIp.constFind(ip);
        if (holder == m_byIp.constEnd())
            return ip; // never leased (or forgotten): best
        const DhcpLease &l = m_byMac[*holder];
        if (!isActive(l, now) && (oldest == 0 || l.expires < oldestExpiry)) {
            oldest = ip;
            oldestExpiry = l.expires;
        }
    }
    return oldest;
}

void LeasePool::holdOffer(const QString &mac, quint32 ip, const QDateTime &until)
{
    dropOffer(mac);
    m_offers.insert(ip, {mac, until});
    m_offerByMac.insert(mac, ip);
    if (m_offers.size() > 4096) { // a flood of DISCOVERs: drop the stale holds
        for (auto it = m_offers.begin(); it != m_offers.end();) {
            if (it->until < until.addSecs(-60)) {
                m_offerByMac.remove(it->mac);
                it = m_offers.erase(it);
            } else {
                ++it;
            }
        }
    }
}

void LeasePool::dropOffer(const QString &mac)
{
    const auto it = m_offerByMac.constFind(mac);
    if (it == m_offerByMac.constEnd())
        return;
    if (const auto o = m_offers.constFind(*it); o != m_offers.constEnd() && o->mac == mac)
        m_offers.erase(o);
    m_offerByMac.erase(it);
}

const DhcpLease *LeasePool::leaseOf(const QString &mac) const
{
    const auto it = m_byMac.constFind(mac);
    return it == m_byMac.constEnd() ? nullptr : &*it;
}

QString LeasePool::macOf(quint32 ip) const
{
    return m_byIp.value(ip);
}

void LeasePool::unbind(const QString &mac)
{
    const auto it = m_byMac.constFind(mac);
    if (it == m_byMac.constEnd())
        return;
    if (m_byIp.value(it->ip) == mac)
        m_byIp.remove(it->ip);
    m_byMac.erase(it);
}

DhcpLease LeasePool::bind(const QString &mac, quint32 ip, quint32 seconds, const QDateTime &now,
                          const QString &hostName)
{
    if (const QString other = m_byIp.value(ip); !other.isEmpty() && other != mac)
        unbind(other);
    unbind(mac);
    dropOffer(mac);
    DhcpLease l{mac, ip, now.addSecs(qint64(seconds)), hostName};
    m_byMac.insert(mac, l);
    m_byIp.insert(ip, mac);
    return l;
}

std::optional<DhcpLease> LeasePool::release(const QString &mac, quint32 ip, const QDateTime &now)
{
    const auto it = m_byMac.find(mac);
    if (it == m_byMac.end() || it->ip != ip)
        return std::nullopt;
    if (it->expires > now)
        it->expires = now;
    return *it;
}

QString LeasePool::decline(const QString &mac, quint32 ip, const QDateTime &until)
{
    if (!contains(ip))
        return {};
    m_declined.insert(ip, until);
    dropOffer(mac);
    const QString holder = m_byIp.value(ip);
    if (!holder.isEmpty())
        unbind(holder);
    return holder;
}

QList<DhcpLease> LeasePool::leases() const
{
    return m_byMac.values();
}

} // namespace bootbench
