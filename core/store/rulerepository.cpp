#include "store/rulerepository.h"

#include "store/transaction.h"

#include <QJsonDocument>

namespace bootbench {

namespace {
HardwareRule ruleFromQuery(const QSqlQuery &q)
{
    HardwareRule r;
    r.id = q.value(0).toLongLong();
    r.name = q.value(1).toString();
    r.position = q.value(2).toInt();
    r.enabled = q.value(3).toInt() != 0;
    r.bundleName = q.value(4).toString();
    QString ignored;
    r.criteria = RuleCriterion::fromJson(QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object(), &ignored);
    return r;
}

QString criteriaText(const HardwareRule &r)
{
    return QString::fromUtf8(QJsonDocument(r.criteria.toJson()).toJson(QJsonDocument::Compact));
}
} // namespace

QList<HardwareRule> RuleRepository::list(QString *error) const
{
    QList<HardwareRule> out;
    QSqlQuery q(db());
    if (!run(q,
             QStringLiteral("SELECT r.id, r.name, r.position, r.enabled, b.name, r.criteria FROM rules r "
                            "JOIN bundles b ON b.id = r.bundle_id ORDER BY r.position, r.id"),
             {}, error, QStringLiteral("cannot list rules")))
        return out;
    while (q.next())
        out << ruleFromQuery(q);
    return out;
}

bool RuleRepository::add(const HardwareRule &rule, QString *error) const
{
    if (const QString e = rule.criteria.validationError(); !e.isEmpty()) {
        *error = QStringLiteral("the rule's criteria are not valid: ") + e;
        return false;
    }
    Transaction tx(db());
    QSqlQuery b(db());
    if (!run(b, QStringLiteral("SELECT id FROM bundles WHERE name = ?"), {rule.bundleName}, error))
        return false;
    if (!b.next()) {
        *error = QStringLiteral("there is no bundle named \"%1\"").arg(rule.bundleName);
        return false;
    }
    QSqlQuery pos(db()), ins(db());
    if (!run(pos, QStringLiteral("SELECT COALESCE(MAX(position) + 1, 0) FROM rules"), {}, error) || !pos.next())
        return false;
    if (!run(ins,
             QStringLiteral("INSERT INTO rules (name, position, enabled, bundle_id, criteria) VALUES (?, ?, ?, ?, ?)"),
             {rule.name, pos.value(0).toInt(), rule.enabled ? 1 : 0, b.value(0), criteriaText(rule)}, error,
             QStringLiteral("cannot add the rule")) ||
        !bumpRevision(error))
        return false;
    return tx.commit(error);
}

bool RuleRepository::update(const HardwareRule &rule, QString *error) const
{
    if (const QString e = rule.criteria.validationError(); !e.isEmpty()) {
        *error = QStringLiteral("the rule's criteria are not valid: ") + e;
        return false;
    }
    QSqlQuery q(db());
    if (!run(q,
             QStringLiteral("UPDATE rules SET name = ?, enabled = ?, criteria = ?, "
                            "bundle_id = (SELECT id FROM bundles WHERE name = ?) WHERE id = ?"),
             {rule.name, rule.enabled ? 1 : 0, criteriaText(rule), rule.bundleName, rule.id}, error,
             QStringLiteral("cannot update the rule")))
        return false;
    if (q.numRowsAffected() == 0) {
        *error = QStringLiteral("there is no rule with id %1").arg(rule.id);
        return false;
    }
    return bumpRevision(error);
}

bool RuleRepository::remove(qint64 id, QString *error) const
{
    Transaction tx(db());
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("DELETE FROM rules WHERE id = ?"), {id}, error,
             QStringLiteral("cannot remove the rule")))
        return false;
    if (q.numRowsAffected() == 0) {
        *error = QStringLiteral("there is no rule with id %1").arg(id);
        return false;
    }
    // Keep positions dense.
    QString listError;
    const QList<HardwareRule> rest = list(&listError);
    if (!listError.isEmpty()) {
        *error = listError;
        return false;
    }
    for (int i = 0; i < rest.size(); ++i) {
        QSqlQuery u(db());
        if (!run(u, QStringLiteral("UPDATE rules SET position = ? WHERE id = ?"), {i, rest[i].id}, error))
            return false;
    }
    return bumpRevision(error) && tx.commit(error);
}

bool RuleRepository::move(qint64 id, int to, QString *error) const
{
    Transaction tx(db());
    QString listError;
    QList<HardwareRule> rules = list(&listError);
    if (!listError.isEmpty()) {
        *error = listError;
        return false;
    }
    const auto it = std::find_if(rules.begin(), rules.end(), [id](const HardwareRule &r) { return r.id == id; });
    if (it == rules.end()) {
        *error = QStringLiteral("there is no rule with id %1").arg(id);
        return false;
    }
    if (to < 0 || to >= rules.size()) {
        *error = QStringLiteral("position %1 is outside 1..%2").arg(to + 1).arg(rules.size());
        return false;
    }
    const HardwareRule moved = *it;
    rules.erase(it);
    rules.insert(to, moved);
    for (int i = 0; i < rules.size(); ++i) {
        QSqlQuery u(db());
        if (!run(u, QStringLiteral("UPDATE rules SET position = ? WHERE id = ?"), {i, rules[i].id}, error))
            return false;
    }
    return bumpRevision(error) && tx.commit(error);
}

std::optional<HardwareRule> RuleRepository::firstMatch(const Device &device, QString *error) const
{
    const QList<HardwareRule> rules = list(error);
    for (const HardwareRule &r : rules) {
        if (r.enabled && r.criteria.matches(device))
            return r;
    }
    return std::nullopt;
}

} // namespace bootbench
