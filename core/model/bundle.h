#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace bootbench {

enum class BundleKind : int {
    Empty = 0,
    Script,       // "script": imaging script run in the imaging environment
    ImageRestore, // "image-restore": vendor image laid down
    ImageTake,    // "image-take": vendor image taken
    WinPe,        // "winpe": third-party WinPE image
    Multicast,    // "multicast": multicast image set
};

QString bundleKindKey(BundleKind kind);
bool bundleKindFromKey(const QString &key, BundleKind *kind);
QStringList bundleKindKeys();
// The config file phase 4 names: z_auto.cfg for vendor (Linux) imaging, winpe.cfg for WinPE.
QString configFileForKind(BundleKind kind);

struct BundleAction
{
    QString type;       // e.g. "script", "restore", "take", "winpe", "multicast"
    QJsonObject params; // kind-specific parameters (image path, disk, script text, ...)
    friend bool operator==(const BundleAction &, const BundleAction &) = default;
};

struct Bundle
{
    qint64 id = 0;
    QString name;
    BundleKind kind = BundleKind::Empty;
    QString description;
    QString kernelParams;
    QList<BundleAction> actions; // ordered
    // The stored row's revision when read from the store (0: not read, a save is not checked).
    qint64 revision = 0;

    QJsonObject toJson() const;
    static Bundle fromJson(const QJsonObject &object);
    friend bool operator==(const Bundle &, const Bundle &) = default;
};

} // namespace bootbench
