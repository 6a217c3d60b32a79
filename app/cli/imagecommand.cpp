#include "cli/clicontext.h"

#include "images/bootbenchfolder.h"
#include "images/folderimages.h"
#include "images/imageexporter.h"
#include "images/imageimporter.h"
#include "images/imagestore.h"
#include "images/imageusers.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::ImageCommand)
};

QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
}

// Progress on standard error: a line per file and one per 64 MB (none with --json).
std::function<void(const QString &, qint64, qint64)> progressPrinter(const CliContext &cli)
{
    auto last = std::make_shared<QPair<QString, qint64>>();
    return [&cli, last](const QString &what, qint64 done, qint64 total) {
        if (cli.line.json)
            return;
        if (what != last->first || done - last->second >= 64'000'000 || done == total) {
            cli.err << (total > 0 ? Tr::tr("%1: %2 of %3").arg(what, megabytes(done), megabytes(total))
                                  : Tr::tr("%1: %2").arg(what, megabytes(done)))
                    << Qt::endl;
            *last = {what, done};
        }
    };
}

int importImage(const CliContext &cli)
{
    const QString folder = cli.arg(1);
    if (folder.isEmpty())
        return cli.usage(QStringLiteral("image import DIR [--name NAME]"));
    QString error;
    const std::optional<ImportPlan> plan = readImportFolder(folder, &error);
    if (!plan)
        return cli.fail(Tr::tr("cannot import %1: %2").arg(folder, error));
    const QString name = cli.isSet("name") ? cli.option("name") : QDir(plan->sourceFolder).dirName();
    const QString root = ImageStore::defaultRoot(cli.line.dataDir);
    if (!cli.line.json)
        cli.err << Tr::tr("importing %1 (%2 image) as %3").arg(plan->sourceFolder, plan->format, name) << Qt::endl;
    if (!ImageImporter(root).run(*plan, name, progressPrinter(cli), &error))
        return cli.fail(Tr::tr("cannot import %1: %2").arg(folder, error));
    const std::optional<FolderImage> image = FolderImages(root).find(name, &error);
    if (!image)
        return cli.fail(error);
    if (cli.line.json) {
        QJsonObject o = image->toJson();
        o.insert(QStringLiteral("importedFrom"), plan->format);
        cli.printJson(o);
    } else {
        cli.out << Tr::tr("imported %1 (%2 image) as image %3: %4 partitions, %5")
                       .arg(plan->sourceFolder, plan->format, name)
                       .arg(image->manifest.partitions.size())
                       .arg(megabytes(image->manifest.streamBytes()))
                << Qt::endl;
    }
    return kExitOk;
}

int exportImage(const CliContext &cli)
{
    if (cli.arg(1).isEmpty() || cli.arg(2).isEmpty())
        return cli.usage(QStringLiteral("image export NAME DIR"));
    QString error;
    const std::optional<FolderImage> image =
        FolderImages(ImageStore::defaultRoot(cli.line.dataDir)).find(cli.arg(1), &error);
    if (!image)
        return cli.fail(error);
    const QString target = QDir(cli.arg(2)).absolutePath();
    if (!ImageExporter::run(*image, target, progressPrinter(cli), &error))
        return cli.fail(Tr::tr("cannot export %1 to %2: %3").arg(image->name, target, error));
    if (cli.line.json)
        cli.printJson(QJsonObject{{QStringLiteral("exported"), image->name}, {QStringLiteral("folder"), target}});
    else
        cli.out << Tr::tr("exported image %1 to %2").arg(image->name, target) << Qt::endl;
    return kExitOk;
}
} // namespace

int runImageCommand(const CliContext &cli)
{
    const QString verb = cli.arg(0);
    const FolderImages images(ImageStore::defaultRoot(cli.line.dataDir));
    QString error;
    if (verb == QLatin1String("list")) {
        QStringList problems;
        const QList<FolderImage> all = images.list(&problems);
        for (const QString &p : problems)
            cli.err << Tr::tr("not an image: %1").arg(p) << Qt::endl;
        if (cli.line.json) {
            QJsonArray arr;
            for (const FolderImage &i : all)
                arr.append(i.toJson());
            cli.printJson(arr);
            return kExitOk;
        }
        QList<QStringList> rows;
        for (const FolderImage &i : all) {
            QStringList fs;
            for (const ImagePartition &p : i.manifest.partitions)
                fs << (p.filesystem.isEmpty() ? p.method : p.filesystem);
            rows << QStringList{i.name,
                                megabytes(i.manifest.streamBytes()),
                                i.manifest.table,
                                fs.join(QLatin1Char(',')),
                                i.manifest.source.value(QStringLiteral("name")).toString(),
                                i.manifest.taken};
        }
        cli.printTable(
            {Tr::tr("NAME"), Tr::tr("SIZE"), Tr::tr("TABLE"), Tr::tr("PARTITIONS"), Tr::tr("FROM"), Tr::tr("TAKEN")},
            rows);
        return kExitOk;
    }
    if (verb == QLatin1String("show") || verb == QLatin1String("verify") || verb == QLatin1String("remove")) {
        if (cli.arg(1).isEmpty())
            return cli.usage(QStringLiteral("image %1 NAME").arg(verb));
        const std::optional<FolderImage> image = images.find(cli.arg(1), &error);
        if (!image)
            return cli.fail(error);
        if (verb == QLatin1String("show")) {
            if (cli.line.json) {
                cli.printJson(image->toJson());
                return kExitOk;
            }
            cli.out << Tr::tr("name: %1\ntaken: %2 from %3\ndisk: %4 bytes, %5\n")
                           .arg(image->name, image->manifest.taken,
                                image->manifest.source.value(QStringLiteral("name")).toString())
                           .arg(image->manifest.diskSize)
                           .arg(image->manifest.table);
            for (const ImagePartition &p : image->manifest.partitions)
                cli.out << Tr::tr("partition %1: %2 %3, %4\n")
                               .arg(p.number)
                               .arg(p.filesystem, p.stream, megabytes(p.streamSize));
            return kExitOk;
        }
        if (verb == QLatin1String("verify")) {
            QString last;
            const QStringList problems =
                FolderImages::verify(*image, [&](const QString &file, qint64 done, qint64 total) {
                    if (cli.line.json)
                        return;
                    if (file != last || done == total)
                        cli.err << Tr::tr("verifying %1: %2 of %3").arg(file, megabytes(done), megabytes(total))
                                << Qt::endl;
                    last = file;
                });
            if (cli.line.json)
                cli.printJson(QJsonObject{{QStringLiteral("image"), image->name},
                                          {QStringLiteral("ok"), problems.isEmpty()},
                                          {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}});
            else if (problems.isEmpty())
                cli.out << Tr::tr("image %1 is whole: every stream has its size and SHA-256").arg(image->name)
                        << Qt::endl;
            for (const QString &p : problems)
                cli.err << Tr::tr("image %1: %2").arg(image->name, p) << Qt::endl;
            return problems.isEmpty() ? kExitOk : kExitFailure;
        }
        const QStringList users = bundlesUsingImage(cli.store, image->name, &error);
        if (!error.isEmpty())
            return cli.fail(error);
        if (!users.isEmpty())
            return cli.fail(Tr::tr("image %1 is used by bundle %2; remove it from the bundle first")
                                .arg(image->name, users.join(QStringLiteral(", "))));
        if (!images.remove(image->name, &error))
            return cli.fail(error);
        if (cli.line.json)
            cli.printJson(QJsonObject{{QStringLiteral("removed"), image->name}});
        else
            cli.out << Tr::tr("removed image %1").arg(image->name) << Qt::endl;
        return kExitOk;
    }
    if (verb == QLatin1String("import"))
        return importImage(cli);
    if (verb == QLatin1String("export"))
        return exportImage(cli);
    return cli.usage(QStringLiteral(
        "image list|show NAME|verify NAME|remove NAME|import DIR [--name NAME]|export NAME DIR [--json]"));
}

} // namespace bootbench
