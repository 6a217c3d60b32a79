#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace bootbench {

// A partition table as `sfdisk -d` writes it (Clonezilla's sda-pt.sf, FOG's d1.partitions and
// Bootbench's disk.sfdisk are all this): the label, the sector size and each partition's number,
// start, size and type.
struct SfdiskDump
{
    struct Partition
    {
        int number = 0;
        qint64 start = 0; // sectors
        qint64 size = 0;  // sectors
        QString type;
    };
    QString label; // "gpt" or "dos"
    int sectorSize = 512;
    qint64 lastLba = -1; // GPT only
    QList<Partition> partitions;

    // `what` names the file in errors.
    static std::optional<SfdiskDump> parse(const QString &text, const QString &what, QString *error);
    // The smallest disk the table fits on, in bytes: a GPT's last usable sector plus the backup
    // entries and header (33 sectors) after it; an MBR's last partition end.
    qint64 minimumDiskBytes() const;
};

} // namespace bootbench
