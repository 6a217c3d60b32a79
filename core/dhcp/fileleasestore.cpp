#include "dhcp/fileleasestore.h"

#include "dhcp/dhcppacket.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace bootbench {

FileLeaseStore::FileLeaseStore(const QString &path)
    : m_path(path)
{}

QString FileLeaseStore::defaultPath(const QString &dataDir)
{
    return QDir(dataDir.isEmpty() ? QDir::currentPath() : dataDir).filePath(QStringLiteral("dhcp-leases.json"));
}

bool FileLeaseStore::load(QList<DhcpLease> *leases, QString *error)
{
    m_leases.clear();
    m_loaded = true;
    leases->clear();
    QFile f(m_path);
    if (!f.exists())
        return true; // a first start
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the DHCP lease file %1: %2").arg(m_path, f.errorString());
        return false;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("the DHCP lease file %1 is damaged (%2 at byte %3): move it away to start with no "
                                "leases")
                     .arg(m_path, pe.errorString())
                     .arg(pe.offset);
        return false;
    }
    const QJsonArray array = doc.object().value(QStringLiteral("leases")).toArray();
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        DhcpLease l;
        l.mac = o.value(QStringLiteral("mac")).toString();
        QHostAddress a;
        bool ok = a.setAddress(o.value(QStringLiteral("ip")).toString());
        l.ip = ok ? a.toIPv4Address(&ok) : 0;
        l.expires = QDateTime::fromString(o.value(QStringLiteral("expires")).toString(), Qt::ISODateWithMs);
        l.hostName = o.value(QStringLiteral("hostname")).toString();
        if (!ok || l.ip == 0 || l.mac.isEmpty() || !l.expires.isValid())
            continue; // a hand-edited line we cannot use
        l.expires = l.expires.toUTC();
        m_leases.insert(l.mac, l);
    }
    *leases = m_leases.values();
    return true;
}

bool FileLeaseStore::put(const DhcpLease &lease, QString *error)
{
    for (auto it = m_leases.begin(); it != m_leases.end();)
        it = it->ip == lease.ip && it->mac != lease.mac ? m_leases.erase(it) : std::next(it);
    m_leases.insert(lease.mac, lease);
    return write(error);
}

bool FileLeaseStore::remove(const QString &mac, QString *error)
{
    if (m_leases.remove(mac) == 0)
        return true;
    return write(error);
}

bool FileLeaseStore::write(QString *error) const
{
    QJsonArray array;
    for (const DhcpLease &l : m_leases) {
        array.append(QJsonObject{
            {QStringLiteral("mac"), l.mac},
            {QStringLiteral("ip"), dhcp::ipv4Text(l.ip)},
            {QStringLiteral("expires"), l.expires.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("hostname"), l.hostName},
        });
    }
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("leases"), array}};
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 ||
        !f.commit()) {
        *error = QStringLiteral("cannot write the DHCP lease file %1: %2").arg(m_path, f.errorString());
        return false;
    }
    return true;
}

} // namespace bootbench
