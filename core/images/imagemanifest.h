#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace bootbench {

// One partition of a folder image (docs/images.md, "manifest.json").
struct ImagePartition
{
    int number = 0;
    qint64 start = 0; // sectors
    qint64 size = 0;  // sectors
    QString type;
    QString filesystem; // blkid TYPE, empty when none
    QString method;     // "partclone" or "raw"
    qint64 usedBytes = -1;
    QString stream; // file name in the folder
    qint64 streamSize = 0;
    QString sha256;
};

// The manifest.json of a folder image: what was taken from which disk. parse() checks the format
// and that every field a restore needs is there and sane; checkFiles() that the folder holds every
// file it names with the size it names.
struct ImageManifest
{
    static constexpr int kVersion = 1;
    static QString fileName() { return QStringLiteral("manifest.json"); }

    int version = kVersion;
    QString taken;
    QJsonObject source;
    qint64 diskSize = 0;
    int sectorSize = 512;
    QString table; // "gpt" or "dos"
    QString sfdisk;
    QString headFile;
    qint64 headSize = 0;
    QString headSha256;
    QList<ImagePartition> partitions;

    static std::optional<ImageManifest> parse(const QByteArray &json, QString *error);
    bool checkFiles(const QString &folder, QString *error) const;
    qint64 streamBytes() const; // the sum of the streams and the head
};

} // namespace bootbench
