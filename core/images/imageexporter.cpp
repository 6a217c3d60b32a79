#include "images/imageexporter.h"

#include "images/checkedcopy.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace bootbench {

bool ImageExporter::run(const FolderImage &image, const QString &target, const Progress &progress, QString *error)
{
    const QDir dir(target);
    const bool existed = dir.exists();
    if (existed && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        *error = QStringLiteral("%1 is not empty: export into a new or an empty folder").arg(target);
        return false;
    }
    if (!QDir().mkpath(target)) {
        *error = QStringLiteral("cannot create %1").arg(target);
        return false;
    }
    QStringList written;
    const auto undo = [&] {
        for (const QString &f : written)
            QFile::remove(f);
        if (!existed)
            QDir().rmdir(target);
    };
    QList<std::tuple<QString, qint64, QString>> files{
        {image.manifest.headFile, image.manifest.headSize, image.manifest.headSha256}};
    for (const ImagePartition &p : image.manifest.partitions)
        files.append({p.stream, p.streamSize, p.sha256});
    for (const auto &[file, size, sha] : files) {
        const QString to = dir.filePath(file);
        written << to;
        if (!copyChecked(QDir(image.path).filePath(file), to, size, sha, progress, error)) {
            *error = QStringLiteral("image %1: %2").arg(image.name, *error);
            undo();
            return false;
        }
    }
    QFile manifest(QDir(image.path).filePath(ImageManifest::fileName()));
    QSaveFile copy(dir.filePath(ImageManifest::fileName()));
    if (!manifest.open(QIODevice::ReadOnly) || !copy.open(QIODevice::WriteOnly) ||
        copy.write(manifest.readAll()) != manifest.size() || !copy.commit()) {
        *error = QStringLiteral("cannot copy %1 to %2").arg(manifest.fileName(), copy.fileName());
        undo();
        return false;
    }
    return true;
}

} // namespace bootbench
