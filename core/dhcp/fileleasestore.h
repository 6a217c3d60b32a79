#pragma once

#include "dhcp/leasestore.h"

#include <QMap>

namespace bootbench {

// Leases in a JSON file (dataDir/dhcp-leases.json), rewritten atomically (QSaveFile) on every
// change. Meant for a bench (hundreds of clients), not a campus.
class FileLeaseStore final : public LeaseStore
{
public:
    explicit FileLeaseStore(const QString &path);
    static QString defaultPath(const QString &dataDir);

    bool load(QList<DhcpLease> *leases, QString *error) override;
    bool put(const DhcpLease &lease, QString *error) override;
    bool remove(const QString &mac, QString *error) override;
    QString path() const { return m_path; }

private:
    bool write(QString *error) const;

    const QString m_path;
    QMap<QString, DhcpLease> m_leases; // by MAC: what the file holds
    bool m_loaded = false;
};

} // namespace bootbench
