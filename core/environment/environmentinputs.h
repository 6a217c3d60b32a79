#pragma once

#include "environmentrecipe.h"

#include <QString>
#include <QStringList>

namespace bootbench {

// Where and how to build the imaging environment.
struct EnvironmentOptions
{
    QString tftpRoot;       // boot/kernel, boot/initrd, boot/root and boot/environment.json go here
    QString dataDir;        // <data dir>/firmware/ holds firmware files to add
    QString enginePath;     // empty: EnvironmentRecipe::engineCandidates(applicationDir)
    QString applicationDir; // the running bootbench's folder
    QStringList modules = EnvironmentRecipe::modules();
    QList<EnvironmentTool> tools = EnvironmentRecipe::tools();
    int compressionLevel = 19; // zstd
    bool useCache = true;      // compressed archives kept in <data dir>/cache/environment
    QString cacheDir() const
    {
        return useCache && !dataDir.isEmpty() ? dataDir + QStringLiteral("/cache/environment") : QString();
    }
};

// The inputs found on this machine.
struct EnvironmentInputs
{
    // The newest kernel release with /boot/vmlinuz-RELEASE and /lib/modules/RELEASE/modules.dep.
    static QString newestKernel(QString *error);
    static QString kernelImage(const QString &release) { return QStringLiteral("/boot/vmlinuz-") + release; }
    static QString moduleFolder(const QString &release) { return QStringLiteral("/lib/modules/") + release; }
    // The engine file; when there is none, an error naming every place looked at.
    static QString findEngine(const EnvironmentOptions &options, QString *error);
    static QString firmwareFolder(const QString &dataDir) { return dataDir + QStringLiteral("/firmware"); }
    // Files under the firmware folder, relative to it, sorted.
    static QStringList firmwareFiles(const QString &dataDir);
    // A tool's file on this machine ("" when absent).
    static QString findTool(const QString &name);
    static QString sha256OfFile(const QString &path);
};

} // namespace bootbench
