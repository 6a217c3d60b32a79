#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace bootbench {

struct ImageFile
{
    QString relativePath; // '/'-separated, relative to the store's root
    qint64 size = 0;
    QDateTime modified;
    friend bool operator==(const ImageFile &, const ImageFile &) = default;
};

// The folder holding the images bundles restore and take (by default <data dir>/images).
class ImageStore
{
public:
    explicit ImageStore(const QString &root);

    static QString defaultRoot(const QString &dataDir);
    QString root() const { return m_root; }
    // Regular files under the root (subfolders included), sorted by path. Hidden files and
    // unfinished uploads (*.part) are left out. A missing root is an empty store, not an error.
    QList<ImageFile> list() const;
    // The absolute path of an image, or empty when the relative path leaves the root.
    QString absolutePath(const QString &relativePath) const;

private:
    QString m_root;
};

// SHA-256 of a file, read in 1 MiB pieces. Blocking: call it on a worker thread. `progress` (may be
// empty) is called after each piece with bytes done and total; returning false cancels.
// Returns the lower-case hex digest, or an empty string with *error set (also when cancelled).
QString sha256OfFile(const QString &path, const std::function<bool(qint64 done, qint64 total)> &progress,
                     QString *error);

} // namespace bootbench
