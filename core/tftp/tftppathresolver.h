#pragma once

#include <QByteArray>
#include <QString>

#include <sys/types.h>

namespace bootbench {

// Why a name is not served. NotFound → TFTP error 1, AccessViolation → TFTP error 2.
enum class TftpLookup { Found = 0, NotFound, AccessViolation };

struct TftpOpenedFile
{
    TftpLookup status = TftpLookup::NotFound;
    QString reason;    // for refusals: what exactly is wrong (for the event / log)
    QString lookedFor; // the absolute path that was looked for
    QString path;      // Found: the path served, relative to the root (after case mapping)
    int fd = -1;       // Found: open for reading, O_CLOEXEC; the caller owns it
    qint64 size = 0;
    dev_t device = 0;
    ino_t inode = 0;
    qint64 mtimeNs = 0;
};

// Maps requested TFTP names onto one root directory and never lets one out of it.
//  - normalise(): "\" → "/", leading "/" and "./" dropped, "." and empty components dropped;
//    ".." components, control characters (NUL included), invalid UTF-8 and over-long names are
//    refused.
//  - open(): exact name first; if absent, a case-insensitive match, component by component
//    (Windows boot manager asks for \Boot\BCD whatever the case on disk). The file served must be
//    a regular file whose real path (symlinks resolved) is inside the root, with one hard link only
//    (another link could be a way to a file outside the root), checked on the opened descriptor.
class TftpPathResolver
{
public:
    explicit TftpPathResolver(const QString &root);
    bool isValid() const { return !m_root.isEmpty(); }
    QString root() const { return m_root; } // canonical, no trailing "/"
    QString error() const { return m_error; }

    // TftpRequestName::normalise(); false → *reason says why (access violation).
    static bool normalise(const QByteArray &requested, QString *normalised, QString *reason);

    TftpOpenedFile openForRead(const QString &normalised) const;
    // For an upload: the directory the new file goes to (must exist, inside the root) and the
    // final name in it. status Found: *dirFd is an O_DIRECTORY descriptor the caller owns.
    TftpOpenedFile openParentForWrite(const QString &normalised, int *dirFd, QString *fileName) const;

private:
    // Existing path under the root for normalised (case-insensitive fallback); empty if none.
    QString mapCase(const QString &normalised) const;
    bool inside(const QString &absolute) const;

    QString m_root;
    QString m_error;
};

} // namespace bootbench
