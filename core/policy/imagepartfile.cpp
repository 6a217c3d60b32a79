#include "policy/imagepartfile.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bootbench::imagepart {

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

int openLocked(const QString &path, QString *error, bool *heldElsewhere, bool keep)
{
    const QByteArray name = QFile::encodeName(path);
    // Twice at most: a sweep may remove the file between our open() and our lock.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0) {
            *error = QStringLiteral("cannot write %1: %2").arg(path, systemError(errno));
            return -1;
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int e = errno;
            ::close(fd);
            if (heldElsewhere)
                *heldElsewhere = e == EWOULDBLOCK;
            *error = e == EWOULDBLOCK ? QStringLiteral("%1 is being written by another upload "
                                                       "(another Bootbench on the same image store?)")
                                            .arg(path)
                                      : QStringLiteral("cannot lock %1: %2").arg(path, systemError(e));
            return -1;
        }
        struct stat st
        {};
        if (::fstat(fd, &st) == 0 && st.st_nlink == 0) {
            ::close(fd); // removed by a sweep before we held it: open the new name again
            continue;
        }
        if (!keep && ::ftruncate(fd, 0) != 0) {
            *error = QStringLiteral("cannot empty %1: %2").arg(path, systemError(errno));
            ::close(fd);
            return -1;
        }
        return fd;
    }
    *error = QStringLiteral("cannot write %1: it was removed twice while being opened").arg(path);
    return -1;
}

QList<Stale> removeStale(const QString &root, QStringList *errors)
{
    QList<Stale> removed;
    // Hidden files and folders are left alone: uploads never write there (the image routes refuse
    // hidden names), so a .part there is someone else's.
    QDirIterator it(root, {QStringLiteral("*.part")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (QFileInfo(path).isSymLink())
            continue;
        const QByteArray name = QFile::encodeName(path);
        const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0) {
            errors->append(QStringLiteral("cannot open the unfinished upload %1: %2").arg(path, systemError(errno)));
            continue;
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd); // an upload in progress holds it
            continue;
        }
        struct stat held
        {
        }, named{};
        // Remove only what we hold: the name must still lead to the file we locked.
        if (::fstat(fd, &held) == 0 && S_ISREG(held.st_mode) && ::lstat(name.constData(), &named) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
            if (::unlink(name.constData()) == 0)
                removed.append({path, qint64(held.st_size)});
            else
                errors->append(
                    QStringLiteral("cannot remove the unfinished upload %1: %2").arg(path, systemError(errno)));
        }
        ::close(fd);
    }
    return removed;
}

void startWriteBack(int fd, qint64 from, qint64 bytes)
{
    (void)::sync_file_range(fd, from, bytes, SYNC_FILE_RANGE_WRITE);
}

bool syncFile(int fd, const QString &path, QString *error)
{
    if (::fsync(fd) == 0)
        return true;
    *error = QStringLiteral("cannot flush %1 to disk (fsync): %2").arg(path, systemError(errno));
    return false;
}

bool syncFolder(const QString &folder, QString *error)
{
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        *error = QStringLiteral("cannot open the folder %1 to flush it to disk: %2").arg(folder, systemError(errno));
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    if (!ok)
        *error = QStringLiteral("cannot flush the folder %1 to disk (fsync): %2").arg(folder, systemError(errno));
    ::close(fd);
    return ok;
}

} // namespace bootbench::imagepart
