#pragma once

#include <QList>
#include <QString>

namespace bootbench::imagepart {

// NAME.part is the file an image upload writes before it is renamed to NAME. The upload holds an
// exclusive flock(2) on it for as long as it runs (in this process or another one on the same
// image store), so a NAME.part that nobody holds was left by a crash or a power cut.

// Opens `path` for writing (created; emptied unless `keep`: an appending upload's next piece) with
// the upload's lock on it. -1 with *error when it cannot be opened, or when another upload holds it
// (then *heldElsewhere is set).
int openLocked(const QString &path, QString *error, bool *heldElsewhere = nullptr, bool keep = false);

struct Stale
{
    QString path; // absolute
    qint64 size = 0;
};

// Removes every *.part file below `root` that no upload holds (a regular file, not a link, not
// hidden nor in a hidden folder); returns
// those removed. *errors gets one message for each that could not be removed.
QList<Stale> removeStale(const QString &root, QStringList *errors);

// Starts writing [from, from + bytes) of `fd` to disk without waiting for it (sync_file_range(2),
// SYNC_FILE_RANGE_WRITE), so little is left for the final fsync. Errors are left to that fsync.
void startWriteBack(int fd, qint64 from, qint64 bytes);

// fsync(2) of the open file `fd`, then of the folder `folder` (so a rename into it is on disk).
// false with *error naming what failed and why.
bool syncFile(int fd, const QString &path, QString *error);
bool syncFolder(const QString &folder, QString *error);

} // namespace bootbench::imagepart
