#include "images/clonezillafolder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

namespace bootbench {

namespace {

QString readText(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 is missing or unreadable: a Clonezilla disk image has it").arg(path);
        return {};
    }
    return QString::fromUtf8(f.readAll());
}

} // namespace

bool ClonezillaFolder::looksLike(const QString &folder)
{
    const QDir d(folder);
    return d.exists(QStringLiteral("parts")) || d.exists(QStringLiteral("disk")) ||
           !d.entryList({QStringLiteral("*-pt.sf")}, QDir::Files).isEmpty();
}

std::optional<ImportPlan> ClonezillaFolder::read(const QString &folder, QString *error)
{
    const QDir dir(folder);
    ImportPlan plan;
    plan.format = QStringLiteral("clonezilla");
    plan.sourceFolder = dir.absolutePath();
    const QString diskText = readText(dir.filePath(QStringLiteral("disk")), error);
    if (diskText.isNull())
        return std::nullopt;
    const QStringList disks = diskText.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (disks.size() != 1) {
        *error = QStringLiteral("%1 names %2 disks; Bootbench imports an image of one disk")
                     .arg(dir.filePath(QStringLiteral("disk")))
                     .arg(disks.size());
        return std::nullopt;
    }
    const QString disk = disks.first();
    const QString partsText = readText(dir.filePath(QStringLiteral("parts")), error);
    if (partsText.isNull())
        return std::nullopt;
    const QString tableFile = dir.filePath(disk + QStringLiteral("-pt.sf"));
    plan.sfdisk = readText(tableFile, error);
    if (plan.sfdisk.isNull())
        return std::nullopt;
    const std::optional<SfdiskDump> table = SfdiskDump::parse(plan.sfdisk, tableFile, error);
    if (!table)
        return std::nullopt;
    plan.table = *table;
    plan.diskSize = table->minimumDiskBytes();
    // The head: the first sector, then the hidden data up to the first partition (at most 1 MiB).
    QFile mbr(dir.filePath(disk + QStringLiteral("-mbr")));
    if (!mbr.open(QIODevice::ReadOnly) || mbr.size() != 512) {
        *error = QStringLiteral("%1 is missing or not 512 bytes (the disk's first sector)").arg(mbr.fileName());
        return std::nullopt;
    }
    plan.head = mbr.readAll();
    QFile hidden(dir.filePath(disk + QStringLiteral("-hidden-data-after-mbr")));
    if (hidden.open(QIODevice::ReadOnly))
        plan.head += hidden.read((1 << 20) - 512);
    plan.taken = QFileInfo(tableFile).lastModified().toUTC().toString(Qt::ISODate);
    plan.source = QJsonObject{{QStringLiteral("tool"), QStringLiteral("clonezilla")},
                              {QStringLiteral("folder"), plan.sourceFolder},
                              {QStringLiteral("disk"), disk},
                              {QStringLiteral("name"), dir.dirName()}};

    const QStringList entries = dir.entryList(QDir::Files);
    for (const QString &part : partsText.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch n = QRegularExpression(QStringLiteral("(\\d+)$")).match(part);
        const int number = n.hasMatch() ? n.captured(1).toInt() : 0;
        const SfdiskDump::Partition *tp = nullptr;
        for (const SfdiskDump::Partition &p : plan.table.partitions) {
            if (p.number == number)
                tp = &p;
        }
        if (!tp) {
            *error = QStringLiteral("%1 lists %2, which %3 does not have")
                         .arg(dir.filePath(QStringLiteral("parts")), part, tableFile);
            return std::nullopt;
        }
        if (entries.contains(QStringLiteral("swappt-%1.info").arg(part)))
            continue; // swap: Clonezilla keeps no stream, the partition is made again empty
        const QRegularExpression re(QStringLiteral("^%1\\.(.+)-ptcl-img\\.(gz|zst|xz|bz2|lz4|lzma|lzo|uncomp)"
                                                   "(?:\\.([a-z]+))?$")
                                        .arg(QRegularExpression::escape(part)));
        QMap<QString, QString> pieces;
        QString fs, compression, base;
        for (const QString &e : entries) {
            const QRegularExpressionMatch m = re.match(e);
            if (!m.hasMatch())
                continue;
            fs = m.captured(1);
            compression = m.captured(2) == QLatin1String("uncomp") ? QString() : m.captured(2);
            base = QStringLiteral("%1.%2-ptcl-img.%3").arg(part, m.captured(1), m.captured(2));
            pieces.insert(m.captured(3), dir.filePath(e));
        }
        if (pieces.isEmpty()) {
            const QStringList other = dir.entryList({part + QStringLiteral(".*")}, QDir::Files);
            *error = other.isEmpty()
                         ? QStringLiteral("the stream of %1 (%1.<fs>-ptcl-img.<compression>.aa) is missing in %2")
                               .arg(part, plan.sourceFolder)
                         : QStringLiteral("%1 was not made by partclone (%2): Bootbench imports partclone and dd "
                                          "streams only")
                               .arg(part, other.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        QStringList files;
        if (pieces.contains(QString())) {
            if (pieces.size() > 1) {
                *error = QStringLiteral("%1 is there both whole and split into pieces").arg(base);
                return std::nullopt;
            }
            files << pieces.value(QString());
        } else {
            files = orderedPieces(pieces, base, error);
            if (files.isEmpty())
                return std::nullopt;
        }
        SourceStream s;
        s.number = number;
        s.files = files;
        s.compression = compression;
        s.filesystem = fs;
        s.partitionBytes = tp->size * plan.table.sectorSize;
        plan.streams.append(s);
    }
    if (plan.streams.isEmpty()) {
        *error = QStringLiteral("%1 lists no partition with a stream").arg(dir.filePath(QStringLiteral("parts")));
        return std::nullopt;
    }
    return plan;
}

} // namespace bootbench
