#include "dhcp/addressbook.h"

namespace bootbench {

AddressBook::AddressBook(int capacity)
    : m_capacity(capacity)
{}

bool AddressBook::learn(const QString &mac, const QHostAddress &address)
{
    bool ok = false;
    const quint32 ip = address.toIPv4Address(&ok);
    if (!ok || ip == 0 || mac.isEmpty())
        return false;
    {
        QReadLocker read(&m_lock);
        const auto it = m_ipByMac.constFind(mac);
        if (it != m_ipByMac.constEnd() && *it == ip)
            return false;
    }
    QWriteLocker write(&m_lock);
    if (m_ipByMac.size() >= m_capacity && !m_ipByMac.contains(mac)) {
        m_ipByMac.clear(); // a flood of made-up MACs: start over rather than grow without bound
        m_macByIp.clear();
    }
    if (const auto old = m_ipByMac.constFind(mac); old != m_ipByMac.constEnd())
        m_macByIp.remove(*old);
    if (const auto prev = m_macByIp.constFind(ip); prev != m_macByIp.constEnd())
        m_ipByMac.remove(*prev);
    m_ipByMac.insert(mac, ip);
    m_macByIp.insert(ip, mac);
    return true;
}

QString AddressBook::macFor(const QHostAddress &address) const
{
    bool ok = false;
    const quint32 ip = address.toIPv4Address(&ok);
    if (!ok)
        return {};
    QReadLocker read(&m_lock);
    return m_macByIp.value(ip);
}

QHostAddress AddressBook::addressFor(const QString &mac) const
{
    QReadLocker read(&m_lock);
    const auto it = m_ipByMac.constFind(mac);
    return it == m_ipByMac.constEnd() ? QHostAddress() : QHostAddress(*it);
}

int AddressBook::size() const
{
    QReadLocker read(&m_lock);
    return int(m_ipByMac.size());
}

} // namespace bootbench
