#include "images/imageimporter.h"

#include "images/checkedcopy.h"
#include "images/imagemanifest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <unistd.h>

namespace bootbench {

namespace {

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace

bool ImageImporter::isValidName(const QString &name)
{
    if (name.isEmpty() || name.startsWith(QLatin1Char('/')) || name.contains(QLatin1Char('\\')))
        return false;
    for (const QString &part : name.split(QLatin1Char('/'))) {
        if (part.isEmpty() || part.startsWith(QLatin1Char('.')) || part.endsWith(QLatin1String(".part")))
            return false;
    }
    return true;
}

bool ImageImporter::run(const ImportPlan &plan, const QString &name, const Progress &progress, QString *error) const
{
    if (!isValidName(name)) {
        *error = QStringLiteral("\"%1\" cannot be an image name (a relative folder name, no hidden parts)").arg(name);
        return false;
    }
    const QString target = QDir(m_root).filePath(name);
    if (QFileInfo::exists(target)) {
        *error = QStringLiteral("%1 exists already: remove the image %2 first or import under another name")
                     .arg(target, name);
        return false;
    }
    const QString temporary = QDir(m_root).filePath(
        QStringLiteral(".import-%1-%2").arg(QString(name).replace(QLatin1Char('/'), QLatin1Char('_'))).arg(::getpid()));
    QDir(temporary).removeRecursively();
    if (!QDir().mkpath(temporary)) {
        *error = QStringLiteral("cannot create %1").arg(temporary);
        return false;
    }
    const bool written = write(plan, temporary, progress, error);
    if (written && QDir().mkpath(QFileInfo(target).absolutePath()) && QDir().rename(temporary, target))
        return true;
    if (written)
        *error = QStringLiteral("cannot rename %1 to %2").arg(temporary, target);
    QDir(temporary).removeRecursively();
    return false;
}

bool ImageImporter::write(const ImportPlan &plan, const QString &folder, const Progress &progress, QString *error) const
{
    if (plan.format == QLatin1String("bootbench")) {
        for (const ImportPlan::Copy &c : plan.copies) {
            if (!copyChecked(QDir(plan.sourceFolder).filePath(c.file), QDir(folder).filePath(c.file), c.size, c.sha256,
                             progress, error))
                return false;
        }
        return writeFile(QDir(folder).filePath(ImageManifest::fileName()), plan.manifest, error);
    }
    if (!writeFile(QDir(folder).filePath(QStringLiteral("disk.head")), plan.head, error))
        return false;
    QJsonArray parts;
    for (const SourceStream &s : plan.streams) {
        const std::optional<ConvertedStream> c = StreamConverter::convert(s, folder, progress, error);
        if (!c)
            return false;
        SfdiskDump::Partition p;
        for (const SfdiskDump::Partition &t : plan.table.partitions) {
            if (t.number == s.number)
                p = t;
        }
        parts.append(QJsonObject{{QStringLiteral("number"), s.number},
                                 {QStringLiteral("start"), double(p.start)},
                                 {QStringLiteral("size"), double(p.size)},
                                 {QStringLiteral("type"), p.type},
                                 {QStringLiteral("filesystem"), c->filesystem},
                                 {QStringLiteral("method"), c->method},
                                 {QStringLiteral("usedBytes"), double(c->usedBytes)},
                                 {QStringLiteral("stream"), c->file},
                                 {QStringLiteral("streamSize"), double(c->size)},
                                 {QStringLiteral("sha256"), c->sha256}});
    }
    const QJsonObject manifest{
        {QStringLiteral("format"), QStringLiteral("bootbench-image")},
        {QStringLiteral("version"), ImageManifest::kVersion},
        {QStringLiteral("taken"), plan.taken},
        {QStringLiteral("source"), plan.source},
        {QStringLiteral("disk"),
         QJsonObject{{QStringLiteral("size"), double(plan.diskSize)},
                     {QStringLiteral("sectorSize"), plan.table.sectorSize},
                     {QStringLiteral("table"), plan.table.label},
                     {QStringLiteral("sfdisk"), plan.sfdisk},
                     {QStringLiteral("head"),
                      QJsonObject{{QStringLiteral("file"), QStringLiteral("disk.head")},
                                  {QStringLiteral("size"), double(plan.head.size())},
                                  {QStringLiteral("sha256"),
                                   QString::fromLatin1(
                                       QCryptographicHash::hash(plan.head, QCryptographicHash::Sha256).toHex())}}}}},
        {QStringLiteral("partitions"), parts}};
    const QByteArray json = QJsonDocument(manifest).toJson();
    // The manifest this writes must be one the store and the engine read.
    if (!ImageManifest::parse(json, error))
        return false;
    return writeFile(QDir(folder).filePath(ImageManifest::fileName()), json, error);
}

} // namespace bootbench
