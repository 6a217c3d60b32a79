#include "store/migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace bootbench {

namespace {

// Dialect placeholders: %ID% (auto-increment primary key), %BIGINT%.
QString dialect(QString sql, DatabaseUrl::Kind kind)
{
    const bool pg = kind == DatabaseUrl::Kind::Postgres;
    sql.replace(QLatin1String("%ID%"),
                pg ? QLatin1String("BIGSERIAL PRIMARY KEY") : QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
    sql.replace(QLatin1String("%BIGINT%"), pg ? QLatin1String("BIGINT") : QLatin1String("INTEGER"));
    return sql;
}

// Step N brings version N-1 to N. Never edit a released step: add a new one.
const QList<QStringList> &steps()
{
    static const QList<QStringList> kSteps = {
        // 1: the initial schema
        {
            QStringLiteral("CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), value %BIGINT% NOT NULL)"),
            QStringLiteral("INSERT INTO revision (id, value) VALUES (1, 0)"),
            QStringLiteral("CREATE TABLE devices (id %ID%, mac TEXT NOT NULL UNIQUE, uuid TEXT NOT NULL DEFAULT '', "
                           "serial TEXT NOT NULL DEFAULT '', manufacturer TEXT NOT NULL DEFAULT '', model TEXT NOT "
                           "NULL DEFAULT '', "
                           "asset_tag TEXT NOT NULL DEFAULT '', architecture TEXT NOT NULL DEFAULT '', ram_mb %BIGINT% "
                           "NOT NULL DEFAULT 0, "
                           "disk_mb %BIGINT% NOT NULL DEFAULT 0, name TEXT NOT NULL DEFAULT '', image_safe TEXT NOT "
                           "NULL DEFAULT '{}', "
                           "menu_mode TEXT, first_seen TEXT, last_seen TEXT, CHECK (length(mac) = 17))"),
            QStringLiteral("CREATE TABLE bundles (id %ID%, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL "
                           "CHECK (kind IN ('empty','script','image-restore','image-take','winpe','multicast')), "
                           "description TEXT NOT NULL DEFAULT '', kernel_params TEXT NOT NULL DEFAULT '', "
                           "actions TEXT NOT NULL DEFAULT '[]', CHECK (length(name) > 0))"),
            QStringLiteral(
                "CREATE TABLE assignments (id %ID%, device_id %BIGINT% NOT NULL UNIQUE REFERENCES devices(id) ON "
                "DELETE CASCADE, "
                "bundle_id %BIGINT% NOT NULL REFERENCES bundles(id) ON DELETE RESTRICT, persistent INTEGER NOT NULL "
                "DEFAULT 0, "
                "state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','running','done','failed')), "
                "reason TEXT NOT NULL DEFAULT '', created TEXT, started TEXT, finished TEXT)"),
            QStringLiteral("CREATE TABLE rules (id %ID%, name TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL, "
                           "enabled INTEGER NOT NULL DEFAULT 1, bundle_id %BIGINT% NOT NULL REFERENCES bundles(id) ON "
                           "DELETE RESTRICT, "
                           "criteria TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE events (id %ID%, time TEXT NOT NULL, mac TEXT NOT NULL DEFAULT '', service "
                           "TEXT NOT NULL, "
                           "kind TEXT NOT NULL, phase INTEGER NOT NULL DEFAULT 0, outcome TEXT NOT NULL DEFAULT '', "
                           "severity TEXT NOT NULL DEFAULT 'info', bytes %BIGINT% NOT NULL DEFAULT 0, total %BIGINT% "
                           "NOT NULL DEFAULT 0, "
                           "peer TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX events_by_mac ON events (mac, time)"),
            QStringLiteral("CREATE INDEX events_by_time ON events (time)"),
            QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        },
        // 2: DHCP leases of the bench DHCP server, honoured after a restart
        {
            QStringLiteral("CREATE TABLE leases (mac TEXT PRIMARY KEY, ip TEXT NOT NULL UNIQUE, expires TEXT NOT NULL, "
                           "hostname TEXT NOT NULL DEFAULT '')"),
        },
        // 3: several benches on one store: each event names the bench that wrote it; configuration
        // rows carry their own revision and who changed them last (a stale save is refused)
        {
            QStringLiteral("ALTER TABLE events ADD COLUMN bench TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE INDEX events_by_bench ON events (bench, id)"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN row_revision %BIGINT% NOT NULL DEFAULT 1"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN changed_by TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN changed_at TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE bundles ADD COLUMN row_revision %BIGINT% NOT NULL DEFAULT 1"),
            QStringLiteral("ALTER TABLE bundles ADD COLUMN changed_by TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE bundles ADD COLUMN changed_at TEXT NOT NULL DEFAULT ''"),
        },
    };
    return kSteps;
}

bool exec(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.exec(sql))
        return true;
    *error = QStringLiteral("migration statement failed: %1 (%2)").arg(q.lastError().text(), sql.left(80));
    return false;
}

} // namespace

int latestSchemaVersion()
{
    return int(steps().size());
}

int schemaVersion(QSqlDatabase db)
{
    if (!db.tables().contains(QStringLiteral("schema_version")))
        return 0;
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("SELECT version FROM schema_version")) && q.next())
        return q.value(0).toInt();
    return 0;
}

bool migrateSchema(QSqlDatabase db, DatabaseUrl::Kind kind, QString *error, int upToVersion)
{
    const int target = upToVersion < 0 ? latestSchemaVersion() : upToVersion;
    QSqlQuery q(db);
    if (!db.tables().contains(QStringLiteral("schema_version"))) {
        if (!exec(q, QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"), error) ||
            !exec(q, QStringLiteral("INSERT INTO schema_version (version) VALUES (0)"), error))
            return false;
    }
    const int current = schemaVersion(db);
    if (current > latestSchemaVersion()) {
        *error = QStringLiteral(
                     "this database was written by a newer Bootbench (schema version %1; this build knows up to %2). "
                     "Use that newer version, or start with another --db.")
                     .arg(current)
                     .arg(latestSchemaVersion());
        return false;
    }
    for (int version = current + 1; version <= target; ++version) {
        if (!db.transaction()) {
            *error = QStringLiteral("cannot begin the migration to schema version %1: %2")
                         .arg(version)
                         .arg(db.lastError().text());
            return false;
        }
        QSqlQuery step(db);
        bool ok = true;
        for (const QString &sql : steps().at(version - 1)) {
            if (!exec(step, dialect(sql, kind), error)) {
                ok = false;
                break;
            }
        }
        if (ok)
            ok = exec(step, QStringLiteral("UPDATE schema_version SET version = %1").arg(version), error);
        if (!ok || !db.commit()) {
            db.rollback();
            if (error->isEmpty())
                *error = db.lastError().text();
            *error =
                QStringLiteral("migration to schema version %1 failed, nothing changed: %2").arg(version).arg(*error);
            return false;
        }
    }
    return true;
}

} // namespace bootbench
