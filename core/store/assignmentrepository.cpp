#include "store/assignmentrepository.h"

#include "model/macaddress.h"
#include "store/transaction.h"

#include <QDateTime>

namespace bootbench {

namespace {
const QString kSelect =
    QStringLiteral("SELECT a.id, d.mac, b.name, a.persistent, a.state, a.reason, a.created, a.started, a.finished "
                   "FROM assignments a JOIN devices d ON d.id = a.device_id JOIN bundles b ON b.id = a.bundle_id");

Assignment assignmentFromQuery(const QSqlQuery &q)
{
    Assignment a;
    a.id = q.value(0).toLongLong();
    a.mac = q.value(1).toString();
    a.bundleName = q.value(2).toString();
    a.persistent = q.value(3).toInt() != 0;
    assignmentStateFromKey(q.value(4).toString(), &a.state);
    a.reason = q.value(5).toString();
    a.created = timeFromText(q.value(6));
    a.started = timeFromText(q.value(7));
    a.finished = timeFromText(q.value(8));
    return a;
}
} // namespace

QList<Assignment> AssignmentRepository::list(QString *error) const
{
    QList<Assignment> out;
    QSqlQuery q(db());
    if (!run(q, kSelect + QStringLiteral(" ORDER BY d.mac"), {}, error, QStringLiteral("cannot list assignments")))
        return out;
    while (q.next())
        out << assignmentFromQuery(q);
    return out;
}

std::optional<Assignment> AssignmentRepository::forDevice(const QString &mac, QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, kSelect + QStringLiteral(" WHERE d.mac = ?"), {normaliseMac(mac)}, error,
             QStringLiteral("cannot read the assignment of %1").arg(mac)))
        return std::nullopt;
    if (!q.next())
        return std::nullopt;
    return assignmentFromQuery(q);
}

bool AssignmentRepository::assign(const QString &mac, const QString &bundleName, bool persistent, QString *error) const
{
    const QString norm = normaliseMac(mac);
    if (norm.isEmpty()) {
        *error = QStringLiteral("\"%1\" is not a MAC address").arg(mac);
        return false;
    }
    Transaction tx(db());
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("SELECT id FROM devices WHERE mac = ?"), {norm}, error))
        return false;
    if (!q.next()) {
        *error = QStringLiteral("there is no device with MAC %1 (add it with \"bootbench device add %1\")").arg(norm);
        return false;
    }
    const qint64 deviceId = q.value(0).toLongLong();
    QSqlQuery b(db());
    if (!run(b, QStringLiteral("SELECT id FROM bundles WHERE name = ?"), {bundleName}, error))
        return false;
    if (!b.next()) {
        *error = QStringLiteral("there is no bundle named \"%1\"").arg(bundleName);
        return false;
    }
    const qint64 bundleId = b.value(0).toLongLong();
    QSqlQuery del(db()), ins(db());
    if (!run(del, QStringLiteral("DELETE FROM assignments WHERE device_id = ?"), {deviceId}, error) ||
        !run(ins,
             QStringLiteral("INSERT INTO assignments (device_id, bundle_id, persistent, state, created) VALUES (?, ?, "
                            "?, 'pending', ?)"),
             {deviceId, bundleId, persistent ? 1 : 0, timeText(QDateTime::currentDateTimeUtc())}, error,
             QStringLiteral("cannot assign %1 to %2").arg(bundleName, norm)) ||
        !bumpRevision(error))
        return false;
    return tx.commit(error);
}

bool AssignmentRepository::unassign(const QString &mac, QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("DELETE FROM assignments WHERE device_id = (SELECT id FROM devices WHERE mac = ?)"),
             {normaliseMac(mac)}, error, QStringLiteral("cannot unassign %1").arg(mac)))
        return false;
    if (q.numRowsAffected() == 0) {
        *error = QStringLiteral("device %1 has no assignment").arg(mac);
        return false;
    }
    return bumpRevision(error);
}

bool AssignmentRepository::setState(const QString &mac, AssignmentState state, const QString &reason,
                                    QString *error) const
{
    QString lookupError;
    const std::optional<Assignment> current = forDevice(mac, &lookupError);
    if (!current) {
        *error = lookupError.isEmpty() ? QStringLiteral("device %1 has no assignment").arg(mac) : lookupError;
        return false;
    }
    if (state == AssignmentState::Done && !current->persistent)
        return unassign(mac, error); // "once": cleared after success
    const QString now = timeText(QDateTime::currentDateTimeUtc());
    QSqlQuery q(db());
    const bool ok = run(q,
                        QStringLiteral("UPDATE assignments SET state = ?, reason = ?, "
                                       "started = CASE WHEN ? = 'running' THEN ? ELSE started END, "
                                       "finished = CASE WHEN ? IN ('done','failed') THEN ? ELSE NULL END WHERE id = ?"),
                        {assignmentStateKey(state), reason, assignmentStateKey(state), now, assignmentStateKey(state),
                         now, current->id},
                        error, QStringLiteral("cannot update the assignment of %1").arg(mac));
    return ok && bumpRevision(error);
}

} // namespace bootbench
