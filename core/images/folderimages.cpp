#include "images/folderimages.h"

#include "images/imagestore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

namespace bootbench {

QJsonObject FolderImage::toJson() const
{
    QJsonArray parts;
    for (const ImagePartition &p : manifest.partitions)
        parts.append(QJsonObject{{QStringLiteral("number"), p.number},
                                 {QStringLiteral("filesystem"), p.filesystem},
                                 {QStringLiteral("method"), p.method},
                                 {QStringLiteral("sizeBytes"), double(p.size * manifest.sectorSize)},
                                 {QStringLiteral("usedBytes"), double(p.usedBytes)},
                                 {QStringLiteral("stream"), p.stream},
                                 {QStringLiteral("streamSize"), double(p.streamSize)},
                                 {QStringLiteral("sha256"), p.sha256}});
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("path"), path},
                       {QStringLiteral("taken"), manifest.taken},
                       {QStringLiteral("source"), manifest.source},
                       {QStringLiteral("diskSize"), double(manifest.diskSize)},
                       {QStringLiteral("table"), manifest.table},
                       {QStringLiteral("bytes"), double(manifest.streamBytes())},
                       {QStringLiteral("partitions"), parts}};
}

QList<FolderImage> FolderImages::list(QStringList *problems) const
{
    QList<FolderImage> out;
    QDirIterator it(m_root, {ImageManifest::fileName()}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString manifestPath = it.next();
        const QString folder = QFileInfo(manifestPath).absolutePath();
        const QString name = QDir(m_root).relativeFilePath(folder);
        if (name.startsWith(QLatin1Char('.')) || name.contains(QLatin1String("/.")))
            continue; // hidden: not the store's
        QFile f(manifestPath);
        QString error;
        std::optional<ImageManifest> m;
        if (f.open(QIODevice::ReadOnly))
            m = ImageManifest::parse(f.readAll(), &error);
        else
            error = f.errorString();
        if (!m) {
            if (problems)
                problems->append(QStringLiteral("%1: %2").arg(name, error));
            continue;
        }
        out.append({name, folder, *m});
    }
    std::sort(out.begin(), out.end(), [](const FolderImage &a, const FolderImage &b) { return a.name < b.name; });
    return out;
}

std::optional<FolderImage> FolderImages::find(const QString &name, QString *error) const
{
    const QString path = ImageStore(m_root).absolutePath(name);
    if (path.isEmpty() || name.isEmpty()) {
        *error = QStringLiteral("\"%1\" is not a folder of the image store %2").arg(name, m_root);
        return std::nullopt;
    }
    QFile f(path + QLatin1Char('/') + ImageManifest::fileName());
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QFileInfo(path).isDir()
                     ? QStringLiteral("%1 has no %2: not a complete image").arg(path, ImageManifest::fileName())
                     : QStringLiteral("there is no image \"%1\" in %2").arg(name, m_root);
        return std::nullopt;
    }
    std::optional<ImageManifest> m = ImageManifest::parse(f.readAll(), error);
    if (!m)
        return std::nullopt;
    return FolderImage{name, path, *m};
}

QStringList FolderImages::verify(const FolderImage &image,
                                 const std::function<void(const QString &, qint64, qint64)> &progress,
                                 const std::function<bool()> &cancelled)
{
    QStringList problems;
    QList<QPair<QString, QString>> files{{image.manifest.headFile, image.manifest.headSha256}};
    for (const ImagePartition &p : image.manifest.partitions)
        files.append({p.stream, p.sha256});
    QString error;
    if (!image.manifest.checkFiles(image.path, &error))
        problems.append(error);
    for (const auto &[file, expected] : files) {
        const QString path = image.path + QLatin1Char('/') + file;
        if (!QFileInfo::exists(path))
            continue; // named by checkFiles
        const QString sha = sha256OfFile(
            path,
            [&](qint64 done, qint64 total) {
                if (progress)
                    progress(file, done, total);
                return !(cancelled && cancelled());
            },
            &error);
        if (sha.isEmpty())
            problems.append(QStringLiteral("%1: %2").arg(file, error));
        else if (sha != expected)
            problems.append(
                QStringLiteral("%1: its SHA-256 is %2, the manifest says %3 (damaged)").arg(file, sha, expected));
    }
    return problems;
}

bool FolderImages::remove(const QString &name, QString *error) const
{
    const std::optional<FolderImage> image = find(name, error);
    if (!image)
        return false;
    if (!QFile::remove(image->path + QLatin1Char('/') + ImageManifest::fileName())) {
        *error = QStringLiteral("cannot remove %1/%2").arg(image->path, ImageManifest::fileName());
        return false;
    }
    if (!QDir(image->path).removeRecursively()) {
        *error = QStringLiteral("the manifest of %1 is removed, but not all of its files").arg(image->path);
        return false;
    }
    return true;
}

} // namespace bootbench
