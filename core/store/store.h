#pragma once

#include "store/databaseurl.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace bootbench {

// The data store: where it is, and a connection for the calling thread. Opening it runs the
// migrations. Repositories (core/store/*repository.h) are the only code that runs SQL.
class Store
{
public:
    // Opens (creating if needed) and migrates. Null with a clear error on failure, e.g. a database
    // written by a newer Bootbench, a file that is not a database, an unreachable server.
    static std::unique_ptr<Store> open(const DatabaseUrl &url, QString *error);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    const DatabaseUrl &url() const { return m_url; }
    // The connection of the calling thread (opened on first use; a connection is used only by the
    // thread that opened it).
    QSqlDatabase database() const;
    // Closes the calling thread's connection (call before a worker thread ends).
    void closeThreadConnection() const;
    // Whether SQLite runs in WAL mode (checked after switching it on).
    bool walEnabled() const { return m_wal; }

private:
    explicit Store(const DatabaseUrl &url);
    QSqlDatabase openConnection(const QString &name, QString *error) const;
    QString connectionNameForThisThread() const;

    DatabaseUrl m_url;
    QString m_prefix;
    bool m_wal = false;
};

} // namespace bootbench
