#pragma once

#include <QHash>
#include <QHostAddress>
#include <QReadWriteLock>
#include <QString>

namespace bootbench {

// Which IPv4 address belongs to which MAC, learned by the DHCP services (own leases, other
// servers' ACKs, broadcast DHCPREQUESTs, port-4011 requests) so that TFTP and HTTP events, which
// only see an address, can be put on the right device's lane. Thread-safe; bounded.
class AddressBook
{
public:
    explicit AddressBook(int capacity = 65536);

    // Returns true when this changed what the book knew (a new pair, or a moved address).
    bool learn(const QString &mac, const QHostAddress &address);
    QString macFor(const QHostAddress &address) const; // empty when unknown
    QHostAddress addressFor(const QString &mac) const; // null when unknown
    int size() const;

private:
    mutable QReadWriteLock m_lock;
    QHash<quint32, QString> m_macByIp;
    QHash<QString, quint32> m_ipByMac;
    const int m_capacity;
};

} // namespace bootbench
