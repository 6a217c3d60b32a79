#include "images/imagestore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace bootbench {

ImageStore::ImageStore(const QString &root)
    : m_root(QDir::cleanPath(QDir(root).absolutePath()))
{}

QString ImageStore::defaultRoot(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("images"));
}

QList<ImageFile> ImageStore::list() const
{
    QList<ImageFile> out;
    const QDir root(m_root);
    QDirIterator it(m_root, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo fi = it.fileInfo();
        const QString rel = root.relativeFilePath(fi.filePath());
        const bool hidden = rel.startsWith(QLatin1Char('.')) || rel.contains(QLatin1String("/."));
        if (hidden || rel.endsWith(QLatin1String(".part")))
            continue;
        out.append({rel, fi.size(), fi.lastModified().toUTC()});
    }
    std::sort(out.begin(), out.end(),
              [](const ImageFile &a, const ImageFile &b) { return a.relativePath < b.relativePath; });
    return out;
}

QString ImageStore::absolutePath(const QString &relativePath) const
{
    if (relativePath.isEmpty() || QDir::isAbsolutePath(relativePath))
        return {};
    const QString path = QDir::cleanPath(m_root + QLatin1Char('/') + relativePath);
    if (!path.startsWith(m_root + QLatin1Char('/')))
        return {};
    return path;
}

QString sha256OfFile(const QString &path, const std::function<bool(qint64, qint64)> &progress, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    const qint64 total = file.size();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return {};
        }
        if (n == 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), n));
        done += n;
        if (progress && !progress(done, total)) {
            *error = QStringLiteral("cancelled");
            return {};
        }
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace bootbench
