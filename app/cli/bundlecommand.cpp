#include "cli/clicontext.h"

#include "model/bundleactions.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"

#include <QCoreApplication>
#include <QFile>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::BundleCommand)
};
} // namespace

int runBundleCommand(const CliContext &cli)
{
    const QString verb = cli.arg(0);
    BundleRepository bundles(cli.store);
    QString error;
    if (verb == QLatin1String("list")) {
        const QList<Bundle> all = bundles.list(&error);
        if (!error.isEmpty())
            return cli.fail(error);
        if (cli.line.json) {
            QJsonArray arr;
            for (const Bundle &b : all)
                arr.append(b.toJson());
            cli.printJson(arr);
            return kExitOk;
        }
        QList<QStringList> rows;
        for (const Bundle &b : all)
            rows << QStringList{b.name, bundleKindKey(b.kind), b.kernelParams, b.description};
        cli.printTable({Tr::tr("NAME"), Tr::tr("KIND"), Tr::tr("KERNEL PARAMETERS"), Tr::tr("DESCRIPTION")}, rows);
        return kExitOk;
    }
    if (verb == QLatin1String("show")) {
        if (cli.arg(1).isEmpty())
            return cli.usage(QStringLiteral("bundle show NAME"));
        const auto b = bundles.find(cli.arg(1), &error);
        if (!b)
            return cli.fail(error.isEmpty() ? Tr::tr("there is no bundle named \"%1\"").arg(cli.arg(1)) : error);
        QStringList devices, rules;
        bundles.usage(b->name, &devices, &rules, &error);
        QJsonObject o = b->toJson();
        o[QStringLiteral("assignedTo")] = QJsonArray::fromStringList(devices);
        o[QStringLiteral("usedByRules")] = QJsonArray::fromStringList(rules);
        if (cli.line.json) {
            cli.printJson(o);
        } else {
            cli.out << Tr::tr("name: %1\nkind: %2\nkernel parameters: %3\ndescription: %4\nassigned to: %5\nused by "
                              "rules: %6\n")
                           .arg(b->name, bundleKindKey(b->kind), b->kernelParams, b->description,
                                devices.join(QStringLiteral(", ")), rules.join(QStringLiteral(", ")));
        }
        return kExitOk;
    }
    if (verb == QLatin1String("add")) {
        if (cli.arg(1).isEmpty() || !cli.isSet("kind"))
            return cli.usage(
                QStringLiteral(
                    "bundle add NAME --kind %1 [--kernel-params \"...\"] [--description TEXT] [--script FILE]")
                    .arg(bundleKindKeys().join(QLatin1Char('|'))));
        Bundle b;
        b.name = cli.arg(1);
        if (!bundleKindFromKey(cli.option("kind"), &b.kind))
            return cli.fail(Tr::tr("unknown bundle kind \"%1\" (known: %2)")
                                .arg(cli.option("kind"), bundleKindKeys().join(QStringLiteral(", "))));
        b.kernelParams = cli.option("kernel-params");
        b.description = cli.option("description");
        if (cli.isSet("image")) {
            // A folder image (docs/images.md): the kind's own action with format "folder".
            if (b.kind != BundleKind::ImageTake && b.kind != BundleKind::ImageRestore)
                return cli.fail(Tr::tr("--image needs --kind image-take or image-restore"));
            BundleAction a = defaultAction(actionTypesForKind(b.kind).constFirst());
            a.params.insert(QLatin1String(paramkey::kImage), cli.option("image"));
            a.params.insert(QLatin1String(paramkey::kDisk),
                            cli.isSet("disk") ? cli.option("disk") : QStringLiteral("auto"));
            a.params.insert(QLatin1String(paramkey::kFormat), QLatin1String(paramkey::kFormatFolder));
            if (b.kind == BundleKind::ImageTake)
                a.params.insert(QStringLiteral("overwrite"), cli.isSet("overwrite"));
            b.actions = {a};
            for (const BundleProblem &p : validateBundle(b))
                return cli.fail(bundleProblemText(p));
        }
        if (cli.isSet("script")) {
            if (!actionTypesForKind(b.kind).contains(QLatin1String(actionkey::kScript)))
                return cli.fail(Tr::tr("a bundle of kind \"%1\" cannot hold a script (--script needs --kind script "
                                       "or image-restore)")
                                    .arg(bundleKindKey(b.kind)));
            QFile file(cli.option("script"));
            if (!file.open(QIODevice::ReadOnly))
                return cli.fail(Tr::tr("cannot read the script %1: %2").arg(file.fileName(), file.errorString()));
            const QString text = QString::fromUtf8(file.readAll());
            if (text.trimmed().isEmpty())
                return cli.fail(Tr::tr("the script %1 is empty").arg(file.fileName()));
            BundleAction script = defaultAction(QString::fromLatin1(actionkey::kScript));
            script.params[QLatin1String(paramkey::kScript)] = text;
            b.actions.append(script);
            const QList<BundleProblem> problems = validateBundle(b);
            if (!problems.isEmpty())
                return cli.fail(bundleProblemText(problems.first()));
        }
        if (!bundles.add(b, &error))
            return cli.fail(error);
        if (cli.line.json)
            cli.printJson(bundles.find(b.name, &error)->toJson());
        else
            cli.out << Tr::tr("added bundle %1 (%2)").arg(b.name, bundleKindKey(b.kind)) << Qt::endl;
        return kExitOk;
    }
    if (verb == QLatin1String("remove")) {
        if (cli.arg(1).isEmpty())
            return cli.usage(QStringLiteral("bundle remove NAME"));
        if (!bundles.remove(cli.arg(1), &error))
            return cli.fail(error);
        if (cli.line.json)
            cli.printJson(QJsonObject{{QStringLiteral("removed"), cli.arg(1)}});
        else
            cli.out << Tr::tr("removed bundle %1").arg(cli.arg(1)) << Qt::endl;
        return kExitOk;
    }
    return cli.usage(QStringLiteral("bundle list|show|add|remove ..."));
}

int runAssignCommand(const CliContext &cli)
{
    if (cli.arg(0).isEmpty() || cli.arg(1).isEmpty())
        return cli.usage(QStringLiteral("assign MAC BUNDLE [--once|--persistent]"));
    if (cli.isSet("once") && cli.isSet("persistent"))
        return cli.fail(Tr::tr("choose one of --once and --persistent"));
    AssignmentRepository assignments(cli.store);
    QString error;
    if (!assignments.assign(cli.arg(0), cli.arg(1), cli.isSet("persistent"), &error))
        return cli.fail(error);
    const auto a = assignments.forDevice(cli.arg(0), &error);
    if (cli.line.json)
        cli.printJson(a->toJson());
    else
        cli.out << Tr::tr("assigned %1 to %2 (%3)")
                       .arg(a->bundleName, a->mac, a->persistent ? Tr::tr("persistent") : Tr::tr("once"))
                << Qt::endl;
    return kExitOk;
}

int runUnassignCommand(const CliContext &cli)
{
    if (cli.arg(0).isEmpty())
        return cli.usage(QStringLiteral("unassign MAC"));
    QString error;
    if (!AssignmentRepository(cli.store).unassign(cli.arg(0), &error))
        return cli.fail(error);
    if (cli.line.json)
        cli.printJson(QJsonObject{{QStringLiteral("unassigned"), cli.arg(0)}});
    else
        cli.out << Tr::tr("unassigned %1").arg(cli.arg(0)) << Qt::endl;
    return kExitOk;
}

} // namespace bootbench
