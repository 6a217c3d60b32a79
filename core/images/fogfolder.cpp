#include "images/fogfolder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

namespace bootbench {

namespace {

bool isSwapOrExtended(const QString &type)
{
    const QString t = type.toLower();
    return t == QLatin1String("5") || t == QLatin1String("f") || t == QLatin1String("85") || t == QLatin1String("82") ||
           t == QLatin1String("0657fd6d-a4ab-43c4-84e5-0933c84b4f4f");
}

// gzip and zstd by their magic numbers; anything else is taken as uncompressed.
QString compressionOf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray magic = f.read(4);
    if (magic.startsWith("\x1f\x8b"))
        return QStringLiteral("gz");
    if (magic == QByteArray("\x28\xb5\x2f\xfd", 4))
        return QStringLiteral("zst");
    return {};
}

} // namespace

bool FogFolder::looksLike(const QString &folder)
{
    return QDir(folder).exists(QStringLiteral("d1.partitions"));
}

std::optional<ImportPlan> FogFolder::read(const QString &folder, QString *error)
{
    const QDir dir(folder);
    ImportPlan plan;
    plan.format = QStringLiteral("fog");
    plan.sourceFolder = dir.absolutePath();
    const QString tableFile = dir.filePath(QStringLiteral("d1.partitions"));
    QFile table(tableFile);
    if (!table.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 is missing or unreadable: a FOG image has it").arg(tableFile);
        return std::nullopt;
    }
    plan.sfdisk = QString::fromUtf8(table.readAll());
    const std::optional<SfdiskDump> dump = SfdiskDump::parse(plan.sfdisk, tableFile, error);
    if (!dump)
        return std::nullopt;
    plan.table = *dump;
    plan.diskSize = dump->minimumDiskBytes();
    const bool gpt = dump->label == QLatin1String("gpt");
    const QString grub = dir.filePath(QStringLiteral("d1.grub.mbr"));
    QFile mbr(gpt && QFileInfo::exists(grub) ? grub : dir.filePath(QStringLiteral("d1.mbr")));
    if (!mbr.open(QIODevice::ReadOnly) || mbr.size() < 512) {
        *error = QStringLiteral("%1 is missing or shorter than a sector (the disk's boot record)").arg(mbr.fileName());
        return std::nullopt;
    }
    plan.head = mbr.read(gpt && mbr.fileName() != grub ? 512 : (1 << 20));
    plan.taken = QFileInfo(tableFile).lastModified().toUTC().toString(Qt::ISODate);
    plan.source = QJsonObject{{QStringLiteral("tool"), QStringLiteral("fog")},
                              {QStringLiteral("folder"), plan.sourceFolder},
                              {QStringLiteral("disk"), QStringLiteral("d1")},
                              {QStringLiteral("name"), dir.dirName()}};
    const QStringList entries = dir.entryList(QDir::Files);
    for (const SfdiskDump::Partition &p : dump->partitions) {
        const QString base = QStringLiteral("d1p%1.img").arg(p.number);
        QMap<QString, QString> pieces;
        const QRegularExpression re(QStringLiteral("^%1(?:\\.(\\d{3}))?$").arg(QRegularExpression::escape(base)));
        for (const QString &e : entries) {
            const QRegularExpressionMatch m = re.match(e);
            if (m.hasMatch())
                pieces.insert(m.captured(1), dir.filePath(e));
        }
        if (pieces.isEmpty()) {
            if (isSwapOrExtended(p.type))
                continue;
            *error = QStringLiteral("%1 (or %1.000) is missing in %2: partition %3 has no stream")
                         .arg(base, plan.sourceFolder)
                         .arg(p.number);
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
        s.number = p.number;
        s.files = files;
        s.compression = compressionOf(files.first());
        s.partitionBytes = p.size * dump->sectorSize;
        plan.streams.append(s);
    }
    return plan;
}

} // namespace bootbench
