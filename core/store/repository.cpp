#include "store/repository.h"

#include "store/store.h"

#include <QDateTime>
#include <QSqlError>

namespace bootbench {

Repository::Repository(const Store &store)
    : m_store(store)
{}

QSqlDatabase Repository::db() const
{
    return m_store.database();
}

bool Repository::run(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values, QString *error,
                     const QString &what) const
{
    return runList(query, sql, QVariantList(values), error, what);
}

bool Repository::runList(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error,
                         const QString &what) const
{
    if (!query.prepare(sql)) {
        *error = (what.isEmpty() ? QString() : what + QStringLiteral(": ")) + query.lastError().text();
        return false;
    }
    for (const QVariant &v : values) {
        // A null QString would bind as SQL NULL; only an explicitly empty QVariant means NULL.
        if (!v.isNull() && v.typeId() == QMetaType::QString && v.toString().isNull())
            query.addBindValue(QStringLiteral(""));
        else
            query.addBindValue(v);
    }
    if (query.exec())
        return true;
    *error = (what.isEmpty() ? QStringLiteral("database error") : what) + QStringLiteral(": ") +
             query.lastError().databaseText();
    return false;
}

bool Repository::bumpRevision(QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("UPDATE revision SET value = value + 1 WHERE id = 1"), {}, error))
        return false;
    if (db().driverName() != QLatin1String("QPSQL"))
        return true;
    // Delivered to every listening bench when the transaction commits (StoreWatcher).
    QSqlQuery n(db());
    return run(n,
               QStringLiteral("SELECT pg_notify('%1', (SELECT value FROM revision WHERE id = 1)::text)")
                   .arg(QLatin1String(kConfigurationChannel)),
               {}, error);
}

QString Repository::stampSql()
{
    return QStringLiteral("row_revision = row_revision + 1, changed_by = ?, changed_at = ?");
}

QVariantList Repository::stampValues() const
{
    return {textValue(m_store.benchName()), timeText(QDateTime::currentDateTimeUtc())};
}

QString Repository::conflictMessage(const QString &table, const QString &keyColumn, const QVariant &key,
                                    const QString &what) const
{
    QSqlQuery q(db());
    QString ignored;
    if (!run(q, QStringLiteral("SELECT changed_by, changed_at FROM %1 WHERE %2 = ?").arg(table, keyColumn), {key},
             &ignored) ||
        !q.next())
        return {};
    const QString bench = q.value(0).toString();
    const QDateTime at = timeFromText(q.value(1));
    return QStringLiteral("%1 was changed on bench %2 at %3; reload")
        .arg(what, bench.isEmpty() ? QStringLiteral("(unknown)") : bench,
             at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QStringLiteral("?"));
}

bool Repository::isUniqueViolation(const QSqlQuery &query)
{
    const QString code = query.lastError().nativeErrorCode();
    return code == QLatin1String("2067") || code == QLatin1String("1555") || code == QLatin1String("23505");
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFromText(const QVariant &value)
{
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (t.isValid())
        t.setTimeSpec(Qt::UTC);
    return t;
}

qint64 configurationRevision(const Store &store)
{
    QSqlQuery q(store.database());
    if (q.exec(QStringLiteral("SELECT value FROM revision WHERE id = 1")) && q.next())
        return q.value(0).toLongLong();
    return -1;
}

} // namespace bootbench
