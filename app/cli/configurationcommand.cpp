#include "cli/clicontext.h"

#include "store/configurationrepository.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::ConfigurationCommand)
};
} // namespace

int runExportCommand(const CliContext &cli)
{
    if (cli.arg(0).isEmpty())
        return cli.usage(QStringLiteral("export FILE   (- for standard output)"));
    QString error;
    const QJsonObject doc = ConfigurationRepository(cli.store).exportAll(&error);
    if (!error.isEmpty())
        return cli.fail(error);
    const QByteArray bytes = QJsonDocument(doc).toJson(QJsonDocument::Indented);
    if (cli.arg(0) == QLatin1String("-")) {
        cli.out << bytes;
        return kExitOk;
    }
    QSaveFile file(cli.arg(0));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return cli.fail(Tr::tr("cannot write %1: %2").arg(cli.arg(0), file.errorString()));
    if (!cli.line.json)
        cli.out << Tr::tr("exported the configuration to %1").arg(cli.arg(0)) << Qt::endl;
    else
        cli.printJson(QJsonObject{{QStringLiteral("exported"), cli.arg(0)}});
    return kExitOk;
}

int runImportCommand(const CliContext &cli)
{
    if (cli.arg(0).isEmpty())
        return cli.usage(QStringLiteral("import FILE"));
    QFile file(cli.arg(0));
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(Tr::tr("cannot read %1: %2").arg(cli.arg(0), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull() || !doc.isObject())
        return cli.fail(Tr::tr("%1 is not a JSON configuration: %2 at offset %3")
                            .arg(cli.arg(0), parseError.errorString())
                            .arg(parseError.offset));
    QString error;
    if (!ConfigurationRepository(cli.store).importAll(doc.object(), &error))
        return cli.fail(Tr::tr("nothing was imported: %1").arg(error));
    if (cli.line.json)
        cli.printJson(QJsonObject{{QStringLiteral("imported"), cli.arg(0)}});
    else
        cli.out << Tr::tr("imported the configuration from %1").arg(cli.arg(0)) << Qt::endl;
    return kExitOk;
}

} // namespace bootbench
