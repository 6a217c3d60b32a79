#pragma once

#include "images/folderimages.h"

#include <QString>

#include <functional>

namespace bootbench {

// Copies a folder image of the store to a folder outside it (a USB disk, a share) as it is: every
// file checked against the manifest while it is copied, the manifest written last, so the copy
// is an image only when it is whole. The target folder must not exist or be empty; a failed
// export removes what it wrote. Blocking.
class ImageExporter
{
public:
    using Progress = std::function<void(const QString &file, qint64 done, qint64 total)>;
    static bool run(const FolderImage &image, const QString &target, const Progress &progress, QString *error);
};

} // namespace bootbench
