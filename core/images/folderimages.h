#pragma once

#include "images/imagemanifest.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace bootbench {

// A folder image of the image store (docs/images.md): a folder holding a valid manifest.json.
struct FolderImage
{
    QString name; // relative to the store, '/'-separated
    QString path; // absolute
    ImageManifest manifest;
    QJsonObject toJson() const; // name, taken, source, disk size, table, partitions, bytes
};

// The folder images below an image store's root: listed, checked again (every stream re-hashed)
// and removed. Blocking (verify reads every byte): the command line runs it directly, the window
// on a worker thread.
class FolderImages
{
public:
    explicit FolderImages(QString root)
        : m_root(std::move(root))
    {}

    // Folders with a manifest.json, sorted by name; *problems gets one line per folder whose
    // manifest does not parse (an image that cannot be restored).
    QList<FolderImage> list(QStringList *problems = nullptr) const;
    std::optional<FolderImage> find(const QString &name, QString *error) const;
    // Every stream's size and SHA-256 against the manifest. `progress(file, done, total)` after each
    // MiB; the problems found (empty: the image is whole). `cancelled` (may be empty) is asked after
    // each MiB: true stops, with the problem "cancelled".
    static QStringList verify(const FolderImage &image,
                              const std::function<void(const QString &, qint64, qint64)> &progress,
                              const std::function<bool()> &cancelled = {});
    // Removes the folder: the manifest first (so a half-removed folder is no image), then the rest.
    bool remove(const QString &name, QString *error) const;

private:
    QString m_root;
};

} // namespace bootbench
