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
    // A further connection for the calling thread named `suffix` (LISTEN needs one of its own);
    // remove it with closeExtraConnection(suffix).
    QSqlDatabase openExtraConnection(const QString &suffix, QString *error) const;
    void closeExtraConnection(const QString &suffix) const;
    // PostgreSQL: the connection was lost (the server restarted or went away); database() then
    // connects again. SQLite: never.
    static bool isConnectionLost(const QSqlDatabase &db);
    // Whether SQLite runs in WAL mode (checked after switching it on).
    bool walEnabled() const { return m_wal; }
    // The name this bench writes with its events and changes (--bench-name; the host name by
    // default). Set it before the store is shared between threads.
    const QString &benchName() const { return m_benchName; }
    void setBenchName(const QString &name) { m_benchName = name; }
    // What stores opened from now on take as their bench name (--bench-name); empty: the host name.
    static void setDefaultBenchName(const QString &name);

private:
    explicit Store(const DatabaseUrl &url);
    QSqlDatabase openConnection(const QString &name, QString *error) const;
    QString connectionNameForThisThread() const;

    DatabaseUrl m_url;
    QString m_prefix;
    bool m_wal = false;
    QString m_benchName;
};

} // namespace bootbench
