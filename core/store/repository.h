#pragma once

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
    // Every change to configuration (devices, bundles, assignments, rules, settings) bumps it.
    bool bumpRevision(QString *error) const;
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

// The configuration revision (0 for a new store).
qint64 configurationRevision(const Store &store);

} // namespace bootbench
