#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>

namespace bootbench {

class Store;

// What repositories share: the calling thread's connection, running a statement with a clear
// error, and the configuration revision that running services poll to pick up changes.
class Repository
{
public:
    explicit Repository(const Store &store);

protected:
    QSqlDatabase db() const;
    // Prepares and runs sql with positional values. On failure sets *error (with `what` said first).
    bool run(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values, QString *error,
             const QString &what = {}) const;
    bool runList(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error,
                 const QString &what = {}) const;
    // Every change to configuration (devices, bundles, assignments, rules, settings) bumps it.
    bool bumpRevision(QString *error) const;
    // SET clause part that stamps a configuration row: its revision + 1, this bench, now. Values:
    // stampValues().
    static QString stampSql();
    QVariantList stampValues() const;
    // After an UPDATE guarded by the row revision changed nothing: "changed on bench X at T;
    // reload" when the row exists with another revision, empty when there is no such row.
    QString conflictMessage(const QString &table, const QString &keyColumn, const QVariant &key,
                            const QString &what) const;
    // A UNIQUE / primary key violation (SQLite 2067, 1555; PostgreSQL 23505).
    static bool isUniqueViolation(const QSqlQuery &query);

    const Store &m_store;
};

// SQL NOT NULL text columns take "" for a null QString.
inline QString textValue(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// Times are stored as ISO 8601 UTC text in every dialect.
QString timeText(const QDateTime &time);
QDateTime timeFromText(const QVariant &value);

// PostgreSQL NOTIFY channels: configuration changes (payload: the new revision) and new boot
// events (payload: the writing bench).
inline constexpr const char *kConfigurationChannel = "bootbench_configuration";
inline constexpr const char *kEventsChannel = "bootbench_events";

// The configuration revision (0 for a new store).
qint64 configurationRevision(const Store &store);

} // namespace bootbench
