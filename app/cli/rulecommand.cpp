#include "cli/clicontext.h"

#include "store/rulerepository.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::RuleCommand)
};

// "manufacturer contains Dell Inc." → leaf criterion (the value may contain spaces).
bool parseMatch(const QString &text, RuleCriterion *out, QString *error)
{
    const QStringList parts = text.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() < 3) {
        *error = Tr::tr("criterion \"%1\" must be FIELD OP VALUE, e.g. \"ram-mb ge 4096\"").arg(text);
        return false;
    }
    RuleCriterion c;
    if (!ruleFieldFromKey(parts[0], &c.field)) {
        *error = Tr::tr("unknown field \"%1\" in \"%2\"").arg(parts[0], text);
        return false;
    }
    if (!ruleCompareFromKey(parts[1], &c.compare)) {
        *error = Tr::tr("unknown comparison \"%1\" in \"%2\"").arg(parts[1], text);
        return false;
    }
    c.value = parts.mid(2).join(QLatin1Char(' '));
    *out = c;
    return true;
}

bool parseId(const QString &text, qint64 *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}
} // namespace

int runRuleCommand(const CliContext &cli)
{
    const QString verb = cli.arg(0);
    RuleRepository rules(cli.store);
    QString error;
    if (verb == QLatin1String("list")) {
        const QList<HardwareRule> all = rules.list(&error);
        if (!error.isEmpty())
            return cli.fail(error);
        if (cli.line.json) {
            QJsonArray arr;
            for (const HardwareRule &r : all) {
                QJsonObject o = r.toJson();
                o[QStringLiteral("id")] = r.id;
                arr.append(o);
            }
            cli.printJson(arr);
            return kExitOk;
        }
        QList<QStringList> rows;
        for (const HardwareRule &r : all)
            rows << QStringList{QString::number(r.id),
                                QString::number(r.position + 1),
                                r.enabled ? Tr::tr("yes") : Tr::tr("no"),
                                r.name,
                                r.bundleName,
                                QString::fromUtf8(QJsonDocument(r.criteria.toJson()).toJson(QJsonDocument::Compact))};
        cli.printTable(
            {Tr::tr("ID"), Tr::tr("POS"), Tr::tr("ENABLED"), Tr::tr("NAME"), Tr::tr("BUNDLE"), Tr::tr("CRITERIA")},
            rows);
        return kExitOk;
    }
    if (verb == QLatin1String("add")) {
        const QStringList matches = cli.options("match");
        if (!cli.isSet("bundle") || matches.isEmpty())
            return cli.usage(
                QStringLiteral("rule add --bundle NAME --match \"FIELD OP VALUE\" [--match ...] [--any] [--negate] "
                               "[--name NAME] [--disabled]"));
        QList<RuleCriterion> leaves;
        for (const QString &m : matches) {
            RuleCriterion c;
            if (!parseMatch(m, &c, &error))
                return cli.fail(error);
            leaves << c;
        }
        HardwareRule rule;
        rule.name = cli.option("name");
        rule.bundleName = cli.option("bundle");
        rule.enabled = !cli.isSet("disabled");
        rule.criteria = cli.isSet("any") ? RuleCriterion::any(leaves) : RuleCriterion::all(leaves);
        if (cli.isSet("negate"))
            rule.criteria = RuleCriterion::negate(rule.criteria);
        if (!rules.add(rule, &error))
            return cli.fail(error);
        const QList<HardwareRule> all = rules.list(&error);
        const HardwareRule &added = all.last();
        if (cli.line.json) {
            QJsonObject o = added.toJson();
            o[QStringLiteral("id")] = added.id;
            cli.printJson(o);
        } else {
            cli.out << Tr::tr("added rule %1 at position %2").arg(added.id).arg(added.position + 1) << Qt::endl;
        }
        return kExitOk;
    }
    if (verb == QLatin1String("remove")) {
        qint64 id = 0;
        if (!parseId(cli.arg(1), &id))
            return cli.usage(QStringLiteral("rule remove ID"));
        if (!rules.remove(id, &error))
            return cli.fail(error);
        if (cli.line.json)
            cli.printJson(QJsonObject{{QStringLiteral("removed"), id}});
        else
            cli.out << Tr::tr("removed rule %1").arg(id) << Qt::endl;
        return kExitOk;
    }
    if (verb == QLatin1String("move")) {
        qint64 id = 0;
        bool ok = false;
        const int position = cli.arg(2).toInt(&ok);
        if (!parseId(cli.arg(1), &id) || !ok)
            return cli.usage(QStringLiteral("rule move ID POSITION   (positions count from 1)"));
        if (!rules.move(id, position - 1, &error))
            return cli.fail(error);
        if (cli.line.json)
            cli.printJson(QJsonObject{{QStringLiteral("moved"), id}, {QStringLiteral("position"), position}});
        else
            cli.out << Tr::tr("moved rule %1 to position %2").arg(id).arg(position) << Qt::endl;
        return kExitOk;
    }
    return cli.usage(QStringLiteral("rule list|add|remove|move ..."));
}

} // namespace bootbench
