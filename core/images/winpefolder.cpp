#include "images/winpefolder.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>

namespace bootbench {

namespace {
constexpr int kMaxDepth = 3;

// The first file whose name (case-insensitively) is one of `names`, in the order of `names`.
QString pick(const QStringList &files, const QStringList &names)
{
    for (const QString &name : names) {
        for (const QString &f : files) {
            const QString base = f.section(QLatin1Char('/'), -1);
            if (base.compare(name, Qt::CaseInsensitive) == 0)
                return f;
        }
    }
    return {};
}
} // namespace

QStringList filesInFolder(const QString &folder)
{
    QStringList out;
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        return out;
    const QDir root(folder);
    QDirIterator it(folder, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QString rel = root.relativeFilePath(it.filePath());
        if (rel.count(QLatin1Char('/')) < kMaxDepth)
            out << rel;
    }
    // Shallower first, so the usual layout wins over copies deeper down.
    std::sort(out.begin(), out.end(), [](const QString &a, const QString &b) {
        const auto da = a.count(QLatin1Char('/')), db = b.count(QLatin1Char('/'));
        return da != db ? da < db : a.compare(b, Qt::CaseInsensitive) < 0;
    });
    return out;
}

WinPeFiles scanWinPeFolder(const QString &folder)
{
    const QStringList files = filesInFolder(folder);
    WinPeFiles w;
    w.bootManager = pick(files, {QStringLiteral("bootmgr.exe"), QStringLiteral("bootmgr.efi"),
                                 QStringLiteral("bootmgfw.efi"), QStringLiteral("bootmgr")});
    w.bcd = pick(files, {QStringLiteral("bcd")});
    w.bootSdi = pick(files, {QStringLiteral("boot.sdi")});
    w.bootWim = pick(files, {QStringLiteral("boot.wim"), QStringLiteral("winpe.wim")});
    if (w.bootWim.isEmpty()) {
        for (const QString &f : files) {
            if (f.endsWith(QLatin1String(".wim"), Qt::CaseInsensitive)) {
                w.bootWim = f;
                break;
            }
        }
    }
    return w;
}

bool winPeFileExists(const QString &folder, const QString &relativePath)
{
    if (folder.isEmpty() || relativePath.isEmpty() || QDir::isAbsolutePath(relativePath))
        return false;
    const QString root = QDir::cleanPath(QDir(folder).absolutePath());
    const QString path = QDir::cleanPath(root + QLatin1Char('/') + relativePath);
    return path.startsWith(root + QLatin1Char('/')) && QFileInfo(path).isFile();
}

} // namespace bootbench
