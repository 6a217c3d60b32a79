#include "cli/clicontext.h"

#include "environment/environmentbuilder.h"
#include "environment/environmentstatus.h"
#include "environmentsetup.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::EnvironmentCommand)
};

QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
}

void printParts(const CliContext &cli, const EnvironmentManifest &m)
{
    cli.out << Tr::tr("kernel release: %1").arg(m.kernelRelease) << '\n';
    QList<QStringList> rows;
    for (const EnvironmentPart &p : m.parts)
        rows << QStringList{p.path, megabytes(p.size), p.sha256};
    cli.printTable({Tr::tr("FILE"), Tr::tr("SIZE"), Tr::tr("SHA256")}, rows);
    cli.out << Tr::tr("%1 kernel modules, %2 firmware files, %3 packages")
                   .arg(m.modules.size())
                   .arg(m.firmware.size())
                   .arg(m.packages.size())
            << Qt::endl;
}

int build(const CliContext &cli)
{
    const EnvironmentOptions options = environmentOptions(cli.line);
    const bool json = cli.line.json;
    const EnvironmentBuildResult r = EnvironmentBuilder::build(options, [&cli](int percent, const QString &stage) {
        cli.err << QStringLiteral("[%1%] ").arg(percent, 3) << stage << Qt::endl;
    });
    if (!r.ok) {
        if (json) {
            cli.printJson(
                QJsonObject{{QStringLiteral("ok"), false},
                            {QStringLiteral("error"), r.error},
                            {QStringLiteral("missingPackages"), QJsonArray::fromStringList(r.missingPackages)},
                            {QStringLiteral("installCommand"), r.installCommand()}});
        }
        return cli.fail(r.error);
    }
    if (json) {
        cli.printJson(QJsonObject{{QStringLiteral("ok"), true},
                                  {QStringLiteral("tftpRoot"), options.tftpRoot},
                                  {QStringLiteral("written"), QJsonArray::fromStringList(r.written)},
                                  {QStringLiteral("unchanged"), QJsonArray::fromStringList(r.unchanged)},
                                  {QStringLiteral("build"), r.manifest.toJson()}});
        return kExitOk;
    }
    cli.out << Tr::tr("imaging environment built in %1").arg(options.tftpRoot) << '\n';
    printParts(cli, r.manifest);
    cli.out << (r.written.isEmpty() ? Tr::tr("nothing changed")
                                    : Tr::tr("written: %1").arg(r.written.join(QStringLiteral(", "))))
            << Qt::endl;
    return kExitOk;
}

int status(const CliContext &cli)
{
    const EnvironmentStatus s = EnvironmentStatusCheck::check(environmentOptions(cli.line));
    if (cli.line.json) {
        cli.printJson(s.toJson());
        return kExitOk;
    }
    cli.out << Tr::tr("imaging environment: %1").arg(environmentStateKey(s.state)) << '\n';
    for (const QString &r : s.reasons)
        cli.out << "  " << r << '\n';
    if (s.state != EnvironmentState::Missing)
        printParts(cli, s.manifest);
    if (!s.missingPackages.isEmpty())
        cli.out << Tr::tr("missing packages: %1; install them with: %2")
                       .arg(s.missingPackages.join(QStringLiteral(", ")), s.installCommand)
                << '\n';
    if (!s.engineError.isEmpty())
        cli.out << s.engineError << '\n';
    cli.out.flush();
    return kExitOk;
}
} // namespace

int runEnvironmentCommand(const CliContext &cli)
{
    const QString verb = cli.arg(0);
    if (verb == QLatin1String("build"))
        return build(cli);
    if (verb == QLatin1String("status"))
        return status(cli);
    return cli.usage(QStringLiteral("environment build|status [--json] [--engine FILE]"));
}

} // namespace bootbench
