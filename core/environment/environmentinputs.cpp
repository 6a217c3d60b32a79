#include "environmentinputs.h"

#include <QCollator>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace bootbench {

QString EnvironmentInputs::newestKernel(QString *error)
{
    const QStringList images = QDir(QStringLiteral("/boot")).entryList({QStringLiteral("vmlinuz-*")}, QDir::Files);
    QStringList releases;
    for (const QString &image : images) {
        const QString release = image.mid(int(qstrlen("vmlinuz-")));
        if (QFileInfo::exists(moduleFolder(release) + QStringLiteral("/modules.dep")))
            releases << release;
    }
    if (releases.isEmpty()) {
        *error = QStringLiteral("no kernel in /boot with its modules in /lib/modules (package linux-image-amd64)");
        return {};
    }
    QCollator collator;
    collator.setNumericMode(true);
    std::sort(releases.begin(), releases.end(),
              [&collator](const QString &a, const QString &b) { return collator.compare(a, b) < 0; });
    return releases.last();
}

QString EnvironmentInputs::findEngine(const EnvironmentOptions &options, QString *error)
{
    const QStringList candidates = options.enginePath.isEmpty()
                                       ? EnvironmentRecipe::engineCandidates(options.applicationDir)
                                       : QStringList{options.enginePath};
    for (const QString &c : candidates) {
        if (QFileInfo(c).isFile())
            return c;
    }
    *error = QStringLiteral("the engine bootbench-engine is not there: looked at %1 (build it with the project, "
                            "or install the bootbench package)")
                 .arg(candidates.join(QStringLiteral(", ")));
    return {};
}

QStringList EnvironmentInputs::firmwareFiles(const QString &dataDir)
{
    const QString folder = firmwareFolder(dataDir);
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(folder).relativeFilePath(it.next());
    files.sort();
    return files;
}

QString EnvironmentInputs::findTool(const QString &name)
{
    for (const char *folder : {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
        const QString path = QString::fromLatin1(folder) + QLatin1Char('/') + name;
        if (QFileInfo(path).isFile())
            return path;
    }
    return {};
}

QString EnvironmentInputs::sha256OfFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

} // namespace bootbench
