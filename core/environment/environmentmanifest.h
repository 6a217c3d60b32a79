#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace bootbench {

// One built file of the imaging environment.
struct EnvironmentPart
{
    QString name; // "kernel", "initrd", "root"
    QString path; // relative to the TFTP root: "boot/kernel"
    qint64 size = 0;
    QString sha256;
};

// boot/environment.json: what was built from what. It holds no build time, so a rebuild from
// the same inputs rewrites nothing.
struct EnvironmentManifest
{
    QString kernelRelease;
    QString recipe;                  // EnvironmentRecipe::fingerprint
    QString engineSha256;            // the engine file that was put in
    QMap<QString, QString> packages; // Debian package -> version of every file taken
    QList<EnvironmentPart> parts;
    QStringList modules;  // module files (relative to /lib/modules/RELEASE)
    QStringList firmware; // files from <data dir>/firmware
    qint64 initrdUncompressed = 0;

    static QString fileName() { return QStringLiteral("boot/environment.json"); }
    QJsonObject toJson() const;
    static EnvironmentManifest fromJson(const QJsonObject &o);
    const EnvironmentPart *part(const QString &name) const;
};

} // namespace bootbench
