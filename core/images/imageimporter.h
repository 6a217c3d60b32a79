#pragma once

#include "images/importplan.h"

#include <QString>

#include <functional>

namespace bootbench {

// Writes an ImportPlan into the image store as a Bootbench image folder (docs/images.md,
// "Importing"). Everything goes into a hidden folder `.import-*` beside the images first, the
// manifest last, and the folder is renamed to the image's name only when it is whole: a failed
// import leaves nothing in the store (the hidden folder is removed). Blocking.
class ImageImporter
{
public:
    using Progress = std::function<void(const QString &what, qint64 done, qint64 total)>;

    explicit ImageImporter(QString storeRoot)
        : m_root(std::move(storeRoot))
    {}

    // A name the store can hold: relative, '/'-separated, no hidden or ".." parts.
    static bool isValidName(const QString &name);
    bool run(const ImportPlan &plan, const QString &name, const Progress &progress, QString *error) const;

private:
    bool write(const ImportPlan &plan, const QString &folder, const Progress &progress, QString *error) const;

    QString m_root;
};

} // namespace bootbench
