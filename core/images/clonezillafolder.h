#pragma once

#include "images/importplan.h"

#include <optional>

namespace bootbench {

// A Clonezilla disk image folder (savedisk): `disk` (the disk's name, e.g. sda), `parts` (its
// saved partitions), `sda-pt.sf` (sfdisk -d), `sda-mbr` (the first sector),
// `sda-hidden-data-after-mbr` (the gap up to the first partition) and one partclone stream per
// partition, `sda1.ext4-ptcl-img.zst.aa`, `.ab`, … (split, compressed with gz, zst, xz, bz2, lz4,
// lzma, lzo, or `uncomp`), or `sda3.dd-ptcl-img.gz.aa` for a partition taken byte for byte.
// Swap partitions (`swappt-sda5.info`) have no stream.
class ClonezillaFolder
{
public:
    static bool looksLike(const QString &folder);
    static std::optional<ImportPlan> read(const QString &folder, QString *error);
};

} // namespace bootbench
