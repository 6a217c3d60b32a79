#include "store/eventrepository.h"

#include "model/macaddress.h"
#include "store/store.h"
#include "store/transaction.h"

#include <QSqlError>

namespace bootbench {

bool EventRepository::append(const BootEventBatch &batch, QString *error) const
{
    if (batch.isEmpty())
        return true;
    const QSqlDatabase connection = db();
    Transaction tx(connection);
    if (!tx.isValid()) {
        // Never write outside the transaction (a connection lost meanwhile would be re-opened in
        // autocommit mode, and a retry would store the batch twice).
        *error = QStringLiteral("cannot store events: ") + connection.lastError().text();
        return false;
    }
    QSqlQuery q(connection);
    if (!q.prepare(
            QStringLiteral("INSERT INTO events (time, mac, service, kind, phase, outcome, severity, bytes, total, "
                           "peer, detail, bench) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
        *error = QStringLiteral("cannot store events: ") + q.lastError().text();
        return false;
    }
    for (const BootEvent &e : batch) {
        q.addBindValue(timeText(e.time.isValid() ? e.time : QDateTime::currentDateTimeUtc()));
        q.addBindValue(textValue(e.mac));
        q.addBindValue(textValue(e.service));
        q.addBindValue(textValue(e.kind));
        q.addBindValue(static_cast<int>(e.phase));
        q.addBindValue(outcomeKey(e.outcome));
        q.addBindValue(severityKey(e.severity));
        q.addBindValue(e.bytes);
        q.addBindValue(e.total);
        q.addBindValue(textValue(e.peer));
        q.addBindValue(textValue(e.detail));
        q.addBindValue(textValue(e.bench.isEmpty() ? m_store.benchName() : e.bench));
        if (!q.exec()) {
            *error = QStringLiteral("cannot store events: ") + q.lastError().text();
            return false;
        }
    }
    if (db().driverName() == QLatin1String("QPSQL")) {
        // Wakes the other benches' monitors (RemoteEventFeed) when the transaction commits.
        QSqlQuery n(db());
        if (!run(n, QStringLiteral("SELECT pg_notify('%1', ?)").arg(QLatin1String(kEventsChannel)),
                 {textValue(m_store.benchName())}, error, QStringLiteral("cannot store events")))
            return false;
    }
    return tx.commit(error);
}

BootEventBatch EventRepository::query(const QString &mac, const QDateTime &from, const QDateTime &to, int limit,
                                      QString *error) const
{
    BootEventBatch out;
    QString sql =
        QStringLiteral("SELECT time, mac, service, kind, phase, outcome, severity, bytes, total, peer, detail "
                       "FROM events WHERE 1 = 1");
    QVariantList values;
    if (!mac.isEmpty()) {
        sql += QStringLiteral(" AND mac = ?");
        values << normaliseMac(mac);
    }
    if (from.isValid()) {
        sql += QStringLiteral(" AND time >= ?");
        values << timeText(from);
    }
    if (to.isValid()) {
        sql += QStringLiteral(" AND time < ?");
        values << timeText(to);
    }
    sql += QStringLiteral(" ORDER BY time, id");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QSqlQuery q(db());
    if (!q.prepare(sql)) {
        *error = QStringLiteral("cannot read events: ") + q.lastError().text();
        return out;
    }
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = QStringLiteral("cannot read events: ") + q.lastError().text();
        return out;
    }
    while (q.next()) {
        BootEvent e;
        e.time = timeFromText(q.value(0));
        e.mac = q.value(1).toString();
        e.service = q.value(2).toString();
        e.kind = q.value(3).toString();
        e.phase = phaseFromInt(q.value(4).toInt());
        e.outcome = outcomeFromKey(q.value(5).toString());
        e.severity = severityFromKey(q.value(6).toString());
        e.bytes = q.value(7).toLongLong();
        e.total = q.value(8).toLongLong();
        e.peer = q.value(9).toString();
        e.detail = q.value(10).toString();
        out << e;
    }
    return out;
}

BootEventBatch EventRepository::since(qint64 afterId, const QString &excludeBench, int limit, QString *error) const
{
    BootEventBatch out;
    QSqlQuery q(db());
    if (!run(q,
             QStringLiteral("SELECT time, mac, service, kind, phase, outcome, severity, bytes, total, peer, detail, "
                            "bench, id FROM events WHERE id > ? AND bench <> ? ORDER BY id LIMIT %1")
                 .arg(limit > 0 ? limit : 10000),
             {afterId, textValue(excludeBench)}, error, QStringLiteral("cannot read events")))
        return out;
    while (q.next()) {
        BootEvent e;
        e.time = timeFromText(q.value(0));
        e.mac = q.value(1).toString();
        e.service = q.value(2).toString();
        e.kind = q.value(3).toString();
        e.phase = phaseFromInt(q.value(4).toInt());
        e.outcome = outcomeFromKey(q.value(5).toString());
        e.severity = severityFromKey(q.value(6).toString());
        e.bytes = q.value(7).toLongLong();
        e.total = q.value(8).toLongLong();
        e.peer = q.value(9).toString();
        e.detail = q.value(10).toString();
        e.bench = q.value(11).toString();
        e.storeId = q.value(12).toLongLong();
        out << e;
    }
    return out;
}

qint64 EventRepository::lastId(QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"), {}, error) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

qint64 EventRepository::count(QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("SELECT COUNT(*) FROM events"), {}, error) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace bootbench
