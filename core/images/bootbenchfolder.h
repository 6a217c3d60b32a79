#pragma once

#include "images/importplan.h"

#include <optional>

namespace bootbench {

// A Bootbench image folder outside the store (an export, a USB disk): its manifest must parse and
// name files that are there with their sizes; their SHA-256 is checked while they are copied.
class BootbenchFolder
{
public:
    static bool looksLike(const QString &folder);
    static std::optional<ImportPlan> read(const QString &folder, QString *error);
};

// The reader for whichever format `folder` holds (Bootbench, Clonezilla, FOG), or an error that
// says what each format would have.
std::optional<ImportPlan> readImportFolder(const QString &folder, QString *error);

} // namespace bootbench
