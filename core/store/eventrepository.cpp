#include "store/eventrepository.h"

#include "model/macaddress.h"
#include "store/transaction.h"

#include <QSqlError>

namespace bootbench {

bool EventRepository::append(const BootEventBatch &batch, QString *error) const
{
    if (batch.isEmpty())
        return true;
    Transaction tx(db());
    QSqlQuery q(db());
    if (!q.prepare(
            QStringLiteral("INSERT INTO events (time, mac, service, kind, phase, outcome, severity, bytes, total, "
                           "peer, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
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
        if (!q.exec()) {
            *error = QStringLiteral("cannot store events: ") + q.lastError().text();
            return false;
        }
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

qint64 EventRepository::count(QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("SELECT COUNT(*) FROM events"), {}, error) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace bootbench
