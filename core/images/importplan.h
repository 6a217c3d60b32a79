#pragma once

#include "images/sfdiskdump.h"
#include "images/streamconverter.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace bootbench {

// What an image folder of another format becomes in the image store (docs/images.md,
// "Importing"): read by one reader per source format, written by ImageImporter.
struct ImportPlan
{
    QString format;       // "bootbench", "clonezilla" or "fog"
    QString sourceFolder; // absolute
    QString taken;        // ISO 8601 UTC
    QJsonObject source;   // where it came from: tool, folder, disk

    // Clonezilla and FOG: the table, the first bytes of the disk and a stream per partition.
    SfdiskDump table;
    QString sfdisk;
    qint64 diskSize = 0;
    QByteArray head;
    QList<SourceStream> streams;

    // A Bootbench folder: its files are copied as they are (each one's SHA-256 checked while it
    // is copied) and its manifest written last.
    QByteArray manifest;
    struct Copy
    {
        QString file;
        qint64 size = 0;
        QString sha256;
    };
    QList<Copy> copies;
};

// Splits a set of pieces `base.SUFFIX` (split(1)'s numbering: aa, ab, … or 000, 001, …) into the
// ordered list, refusing a gap and a piece shorter than the ones after it (a truncated piece).
// `pieces` maps suffix -> absolute path. Empty with *error set when the set is broken.
QStringList orderedPieces(const QMap<QString, QString> &pieces, const QString &base, QString *error);

} // namespace bootbench
