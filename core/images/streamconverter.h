#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace bootbench {

// One partition stream of another tool's image folder: its files (split pieces, in order) and
// how they are compressed.
struct SourceStream
{
    int number = 0;
    QStringList files;   // absolute paths, concatenated in this order
    QString compression; // "gz", "zst", "xz", "bz2", "lz4", "lzma", "lzo" or "" (uncompressed)
    QString filesystem;  // what the source tool says (Clonezilla's file name), may be empty
    qint64 partitionBytes = 0;
};

// A stream as the Bootbench image format stores it (docs/images.md).
struct ConvertedStream
{
    QString file;   // pN.<fs>.pcl.zst or pN.raw.zst, in the destination folder
    QString method; // "partclone" or "raw"
    QString filesystem;
    qint64 usedBytes = -1;
    qint64 size = 0;
    QString sha256;
};

// Turns a source stream into a Bootbench stream: the pieces concatenated, decompressed, told apart
// by their first bytes (a partclone image or raw bytes), compressed with `zstd -T0 -3` into the
// destination folder and hashed; a partclone stream is then read through by `partclone.chkimg`,
// so a truncated or damaged stream is refused here and not on a bench. Blocking (minutes for a
// large partition): the command line runs it directly, the window on a worker thread.
class StreamConverter
{
public:
    using Progress = std::function<void(const QString &what, qint64 done, qint64 total)>;

    static std::optional<ConvertedStream> convert(const SourceStream &source, const QString &destination,
                                                  const Progress &progress, QString *error);
    // The decompressing program for a compression name, empty when unknown.
    static QStringList decompressor(const QString &compression);
    // The partclone backend (partclone.<backend>) for a file system name (blkid's or partclone's).
    static QString partcloneBackend(const QString &filesystem);
};

} // namespace bootbench
