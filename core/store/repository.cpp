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
    return run(q, QStringLiteral("UPDATE revision SET value = value + 1 WHERE id = 1"), {}, error);
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
