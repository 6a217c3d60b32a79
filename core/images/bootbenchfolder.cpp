#include "images/bootbenchfolder.h"

#include "images/clonezillafolder.h"
#include "images/fogfolder.h"
#include "images/imagemanifest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace bootbench {

bool BootbenchFolder::looksLike(const QString &folder)
{
    return QDir(folder).exists(ImageManifest::fileName());
}

std::optional<ImportPlan> BootbenchFolder::read(const QString &folder, QString *error)
{
    const QDir dir(folder);
    QFile f(dir.filePath(ImageManifest::fileName()));
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 is missing or unreadable").arg(f.fileName());
        return std::nullopt;
    }
    ImportPlan plan;
    plan.format = QStringLiteral("bootbench");
    plan.sourceFolder = dir.absolutePath();
    plan.manifest = f.readAll();
    QString why;
    const std::optional<ImageManifest> m = ImageManifest::parse(plan.manifest, &why);
    if (!m) {
        *error = QStringLiteral("%1: %2").arg(plan.sourceFolder, why);
        return std::nullopt;
    }
    if (!m->checkFiles(plan.sourceFolder, error))
        return std::nullopt;
    plan.taken = m->taken;
    plan.source = m->source;
    plan.diskSize = m->diskSize;
    plan.copies.append({m->headFile, m->headSize, m->headSha256});
    for (const ImagePartition &p : m->partitions)
        plan.copies.append({p.stream, p.streamSize, p.sha256});
    return plan;
}

std::optional<ImportPlan> readImportFolder(const QString &folder, QString *error)
{
    if (!QFileInfo(folder).isDir()) {
        *error = QStringLiteral("%1 is not a folder").arg(folder);
        return std::nullopt;
    }
    if (BootbenchFolder::looksLike(folder))
        return BootbenchFolder::read(folder, error);
    if (FogFolder::looksLike(folder))
        return FogFolder::read(folder, error);
    if (ClonezillaFolder::looksLike(folder))
        return ClonezillaFolder::read(folder, error);
    *error = QStringLiteral("%1 is no image folder Bootbench knows: a Bootbench image has manifest.json, a "
                            "Clonezilla image disk, parts and sda-pt.sf, a FOG image d1.partitions")
                 .arg(folder);
    return std::nullopt;
}

} // namespace bootbench
