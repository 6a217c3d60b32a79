#include "store/bundlerepository.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bootbench {

namespace {
QString actionsText(const Bundle &b)
{
    return QString::fromUtf8(
        QJsonDocument(b.toJson().value(QStringLiteral("actions")).toArray()).toJson(QJsonDocument::Compact));
}

Bundle bundleFromQuery(const QSqlQuery &q)
{
    QJsonObject o{{QStringLiteral("name"), q.value(1).toString()},
                  {QStringLiteral("kind"), q.value(2).toString()},
                  {QStringLiteral("description"), q.value(3).toString()},
                  {QStringLiteral("kernelParams"), q.value(4).toString()},
                  {QStringLiteral("actions"), QJsonDocument::fromJson(q.value(5).toString().toUtf8()).array()}};
    Bundle b = Bundle::fromJson(o);
    b.id = q.value(0).toLongLong();
    b.revision = q.value(6).toLongLong();
    return b;
}

QString validate(const Bundle &b)
{
    if (b.name.trimmed().isEmpty())
        return QStringLiteral("a bundle needs a name");
    if (b.name != b.name.trimmed())
        return QStringLiteral("the bundle name \"%1\" starts or ends with spaces").arg(b.name);
    return {};
}
} // namespace

QList<Bundle> BundleRepository::list(QString *error) const
{
    QList<Bundle> out;
    QSqlQuery q(db());
    if (!run(q,
             QStringLiteral(
                 "SELECT id, name, kind, description, kernel_params, actions, row_revision FROM bundles ORDER BY name"),
             {}, error, QStringLiteral("cannot list bundles")))
        return out;
    while (q.next())
        out << bundleFromQuery(q);
    return out;
}

std::optional<Bundle> BundleRepository::find(const QString &name, QString *error) const
{
    QSqlQuery q(db());
    if (!run(
            q,
            QStringLiteral(
                "SELECT id, name, kind, description, kernel_params, actions, row_revision FROM bundles WHERE name = ?"),
            {name}, error, QStringLiteral("cannot read bundle %1").arg(name)))
        return std::nullopt;
    if (!q.next())
        return std::nullopt;
    return bundleFromQuery(q);
}

bool BundleRepository::add(const Bundle &bundle, QString *error) const
{
    if (const QString e = validate(bundle); !e.isEmpty()) {
        *error = e;
        return false;
    }
    QSqlQuery q(db());
    if (!run(q,
             QStringLiteral(
                 "INSERT INTO bundles (name, kind, description, kernel_params, actions, changed_by, changed_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)"),
             {bundle.name, bundleKindKey(bundle.kind), bundle.description, bundle.kernelParams, actionsText(bundle),
              stampValues().at(0), stampValues().at(1)},
             error, QStringLiteral("cannot add bundle %1").arg(bundle.name))) {
        if (isUniqueViolation(q))
            *error = QStringLiteral("a bundle named \"%1\" exists already").arg(bundle.name);
        return false;
    }
    return bumpRevision(error);
}

bool BundleRepository::update(const Bundle &bundle, QString *error) const
{
    if (const QString e = validate(bundle); !e.isEmpty()) {
        *error = e;
        return false;
    }
    QSqlQuery q(db());
    QVariantList values{bundleKindKey(bundle.kind), bundle.description, bundle.kernelParams, actionsText(bundle)};
    values << stampValues() << bundle.name << bundle.revision << bundle.revision;
    if (!runList(q,
                 QStringLiteral("UPDATE bundles SET kind = ?, description = ?, kernel_params = ?, actions = ?, ") +
                     stampSql() + QStringLiteral(" WHERE name = ? AND (? = 0 OR row_revision = ?)"),
                 values, error, QStringLiteral("cannot update bundle %1").arg(bundle.name)))
        return false;
    if (q.numRowsAffected() == 0) {
        const QString conflict = bundle.revision
                                     ? conflictMessage(QStringLiteral("bundles"), QStringLiteral("name"), bundle.name,
                                                       QStringLiteral("bundle \"%1\"").arg(bundle.name))
                                     : QString();
        *error = conflict.isEmpty() ? QStringLiteral("there is no bundle named \"%1\"").arg(bundle.name) : conflict;
        return false;
    }
    return bumpRevision(error);
}

bool BundleRepository::rename(const QString &from, const QString &to, QString *error) const
{
    Bundle renamed;
    renamed.name = to;
    if (const QString e = validate(renamed); !e.isEmpty()) {
        *error = e;
        return false;
    }
    if (from == to)
        return true;
    if (find(to, error)) {
        *error = QStringLiteral("a bundle named \"%1\" exists already").arg(to);
        return false;
    }
    QSqlQuery q(db());
    if (!error->isEmpty() || !run(q, QStringLiteral("UPDATE bundles SET name = ? WHERE name = ?"), {to, from}, error,
                                  QStringLiteral("cannot rename bundle %1").arg(from)))
        return false;
    if (q.numRowsAffected() == 0) {
        *error = QStringLiteral("there is no bundle named \"%1\"").arg(from);
        return false;
    }
    return bumpRevision(error);
}

bool BundleRepository::usage(const QString &name, QStringList *devices, QStringList *rules, QString *error) const
{
    QSqlQuery q(db());
    if (!run(q,
             QStringLiteral("SELECT d.mac FROM assignments a JOIN devices d ON d.id = a.device_id "
                            "JOIN bundles b ON b.id = a.bundle_id WHERE b.name = ? ORDER BY d.mac"),
             {name}, error))
        return false;
    while (q.next())
        *devices << q.value(0).toString();
    QSqlQuery r(db());
    if (!run(r,
             QStringLiteral(
                 "SELECT r.name, r.position FROM rules r JOIN bundles b ON b.id = r.bundle_id WHERE b.name = ? "
                 "ORDER BY r.position"),
             {name}, error))
        return false;
    while (r.next())
        *rules << (r.value(0).toString().isEmpty() ? QStringLiteral("#%1").arg(r.value(1).toInt() + 1)
                                                   : r.value(0).toString());
    return true;
}

bool BundleRepository::remove(const QString &name, QString *error) const
{
    QStringList devices, rules;
    if (!usage(name, &devices, &rules, error))
        return false;
    if (!devices.isEmpty() || !rules.isEmpty()) {
        QStringList parts;
        if (!devices.isEmpty())
            parts << QStringLiteral("assigned to %1").arg(devices.join(QStringLiteral(", ")));
        if (!rules.isEmpty())
            parts << QStringLiteral("used by rule %1").arg(rules.join(QStringLiteral(", ")));
        *error = QStringLiteral("bundle \"%1\" is still %2; unassign it first")
                     .arg(name, parts.join(QStringLiteral(" and ")));
        return false;
    }
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("DELETE FROM bundles WHERE name = ?"), {name}, error,
             QStringLiteral("cannot remove bundle %1").arg(name)))
        return false;
    if (q.numRowsAffected() == 0) {
        *error = QStringLiteral("there is no bundle named \"%1\"").arg(name);
        return false;
    }
    return bumpRevision(error);
}

} // namespace bootbench
