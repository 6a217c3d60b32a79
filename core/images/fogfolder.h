#pragma once

#include "images/importplan.h"

#include <optional>

namespace bootbench {

// A FOG image folder (its first disk, d1): `d1.partitions` (sfdisk -d), `d1.mbr` (MBR disks:
// everything before the first partition, at most 1 MiB; GPT disks: an `sgdisk -b` backup whose
// first sector is the protective MBR, with `d1.grub.mbr` holding the sectors before the first
// partition when GRUB was there) and one stream per partition, `d1p1.img`, or `d1p1.img.000`,
// `.001`, … when split: partclone images through pigz (gzip) or zstd, or uncompressed, told
// apart by their first bytes. Swap and extended partitions have no stream.
class FogFolder
{
public:
    static bool looksLike(const QString &folder);
    static std::optional<ImportPlan> read(const QString &folder, QString *error);
};

} // namespace bootbench
