#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace bootbench {

// Asks dpkg which Debian packages are installed, at which version, and which package a file
// came from. Never downloads anything.
class PackageQuery
{
public:
    // Installed packages of `packages` with their versions; a package that is not installed
    // (or only has its configuration files left) is absent from the map. An error only when
    // dpkg-query cannot be run at all.
    static QMap<QString, QString> installedVersions(const QStringList &packages, QString *error);
    // The package each of `files` belongs to (through dpkg -S, trying the /usr and the
    // non-/usr spelling of merged-/usr paths); files no package owns are absent.
    static QMap<QString, QString> owners(const QStringList &files, QString *error);
    // "apt-get install -y --no-install-recommends P1 P2"
    static QString installCommand(const QStringList &packages);
};

} // namespace bootbench
