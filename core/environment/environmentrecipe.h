#pragma once

#include <QString>
#include <QStringList>

namespace bootbench {

// A program of the imaging environment's userland and the Debian package that installs it.
struct EnvironmentTool
{
    QString name;    // file name, found in /usr/sbin, /usr/bin, /sbin or /bin
    QString package; // Debian package
};

// What goes into the imaging environment: the kernel modules a bench needs, the userland the
// engine drives, and where the engine is. docs/environment.md lists the same.
struct EnvironmentRecipe
{
    static QStringList modules();
    static QList<EnvironmentTool> tools();
    // The kernel (linux-image-amd64), busybox-static and every tool's package.
    static QStringList packages(const QList<EnvironmentTool> &tools);
    // Where the engine is looked for, in order: next to a build tree's bootbench
    // (<bindir>/../engine/bootbench-engine), then the installed one.
    static QStringList engineCandidates(const QString &applicationDir);
    static QString installedEngine() { return QStringLiteral("/usr/lib/bootbench/bootbench-engine"); }
    // A fingerprint of the recipe itself (init script, module and tool lists, layout): a
    // Bootbench that builds differently makes an existing environment stale.
    static QString fingerprint(const QStringList &modules, const QList<EnvironmentTool> &tools);
    static constexpr int kLayoutVersion = 1;
};

} // namespace bootbench
