#include "tftp/tftppathresolver.h"

#include "tftp/tftprequestname.h"

#include <QDir>
#include <QFile>

#include <functional>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bootbench {

namespace {

QString realPath(const QString &path, int *error)
{
    char buffer[PATH_MAX];
    if (!::realpath(QFile::encodeName(path).constData(), buffer)) {
        *error = errno;
        return {};
    }
    *error = 0;
    return QFile::decodeName(buffer);
}

// Where a descriptor really points (the kernel's view; immune to races on the path). Empty
// when /proc is not mounted.
QString descriptorPath(int fd)
{
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink(link, buffer, sizeof buffer - 1);
    if (n <= 0)
        return {};
    return QFile::decodeName(QByteArray(buffer, n));
}

QString fileKind(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QStringLiteral("a device file");
    if (S_ISFIFO(mode))
        return QStringLiteral("a named pipe");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

TftpPathResolver::TftpPathResolver(const QString &root)
{
    if (root.isEmpty()) {
        m_error = QStringLiteral("no TFTP root folder is configured (--tftp-root)");
        return;
    }
    int error = 0;
    const QString canonical = realPath(root, &error);
    struct stat st;
    if (canonical.isEmpty()) {
        m_error = QStringLiteral("the TFTP root folder %1 cannot be used: %2").arg(root, systemError(error));
    } else if (::stat(QFile::encodeName(canonical).constData(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        m_error = QStringLiteral("the TFTP root %1 is not a folder").arg(root);
    } else if (canonical == QLatin1String("/")) {
        m_error = QStringLiteral("refusing to serve the whole file system: choose a TFTP root folder other than /");
    } else {
        m_root = canonical;
    }
}

bool TftpPathResolver::normalise(const QByteArray &requested, QString *normalised, QString *reason)
{
    return TftpRequestName::normalise(requested, normalised, reason);
}

bool TftpPathResolver::inside(const QString &absolute) const
{
    return absolute.size() > m_root.size() + 1 && absolute.startsWith(m_root) &&
           absolute.at(m_root.size()) == QLatin1Char('/');
}

QString TftpPathResolver::mapCase(const QString &normalised) const
{
    // Depth-first over the names matching each part ignoring case, the exact spelling first: a root
    // can hold both "boot" (Linux imaging) and "Boot" (WinPE), and \Boot\BCD is in only one of them.
    const QStringList parts = normalised.split(QLatin1Char('/'));
    int budget = 64; // directory listings at most: a name cannot make us walk the whole tree
    std::function<QString(const QString &, int)> walk = [&](const QString &dir, int index) -> QString {
        if (index == parts.size())
            return QStringLiteral("");
        if (--budget < 0)
            return {};
        const QString &part = parts.at(index);
        QStringList candidates;
        struct stat st;
        if (::lstat(QFile::encodeName(dir + QLatin1Char('/') + part).constData(), &st) == 0)
            candidates << part;
        const QStringList entries =
            QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString &entry : entries) {
            if (entry != part && entry.compare(part, Qt::CaseInsensitive) == 0)
                candidates << entry;
        }
        for (const QString &name : std::as_const(candidates)) {
            const bool last = index + 1 == parts.size();
            const QString rest = walk(dir + QLatin1Char('/') + name, index + 1);
            if (!rest.isNull())
                return last ? name : name + QLatin1Char('/') + rest;
        }
        return {};
    };
    const QString mapped = walk(m_root, 0);
    return mapped == normalised ? QString() : mapped; // nothing new to try
}

TftpOpenedFile TftpPathResolver::openForRead(const QString &normalised) const
{
    TftpOpenedFile result;
    result.lookedFor = m_root + QLatin1Char('/') + normalised;
    if (!isValid()) {
        result.reason = m_error;
        return result;
    }
    QString relative = normalised;
    int error = 0;
    QString real = realPath(result.lookedFor, &error);
    if (real.isEmpty() && (error == ENOENT || error == ENOTDIR)) {
        relative = mapCase(normalised);
        if (!relative.isEmpty())
            real = realPath(m_root + QLatin1Char('/') + relative, &error);
    }
    if (real.isEmpty()) {
        if (error == ENOENT || error == ENOTDIR) {
            result.status = TftpLookup::NotFound;
            result.reason = QStringLiteral("no such file (looked for %1, also ignoring case)").arg(result.lookedFor);
        } else {
            result.status = TftpLookup::AccessViolation;
            result.reason = QStringLiteral("%1: %2").arg(result.lookedFor, systemError(error));
        }
        return result;
    }
    result.status = TftpLookup::AccessViolation;
    if (!inside(real)) {
        result.reason = QStringLiteral("%1 leads outside the TFTP root %2 (to %3)").arg(result.lookedFor, m_root, real);
        return result;
    }
    const int fd =
        ::open(QFile::encodeName(real).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    if (fd < 0) {
        result.reason = QStringLiteral("%1 cannot be opened: %2").arg(real, systemError(errno));
        return result;
    }
    struct stat st;
    QString problem;
    const QString opened = descriptorPath(fd);
    if (::fstat(fd, &st) != 0)
        problem = QStringLiteral("%1 cannot be examined: %2").arg(real, systemError(errno));
    else if (!S_ISREG(st.st_mode))
        problem = QStringLiteral("%1 is %2, not a file").arg(real, fileKind(st.st_mode));
    else if (st.st_nlink > 1)
        problem = QStringLiteral("%1 has %2 hard links; one of them may be a file outside the TFTP root, so it is "
                                 "not served (copy the file instead of linking it)")
                      .arg(real)
                      .arg(st.st_nlink);
    else if (!opened.isEmpty() && !inside(opened))
        problem = QStringLiteral("%1 changed while it was opened and now leads outside the TFTP root").arg(real);
    if (!problem.isEmpty()) {
        ::close(fd);
        result.reason = problem;
        return result;
    }
    result.status = TftpLookup::Found;
    result.path = relative;
    result.fd = fd;
    result.size = st.st_size;
    result.device = st.st_dev;
    result.inode = st.st_ino;
    result.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return result;
}

TftpOpenedFile TftpPathResolver::openParentForWrite(const QString &normalised, int *dirFd, QString *fileName) const
{
    TftpOpenedFile result;
    result.lookedFor = m_root + QLatin1Char('/') + normalised;
    *dirFd = -1;
    if (!isValid()) {
        result.reason = m_error;
        return result;
    }
    const qsizetype slash = normalised.lastIndexOf(QLatin1Char('/'));
    const QString parent = slash < 0 ? QString() : normalised.left(slash);
    *fileName = normalised.mid(slash + 1);
    int error = 0;
    QString real = parent.isEmpty() ? m_root : realPath(m_root + QLatin1Char('/') + parent, &error);
    if (real.isEmpty() && (error == ENOENT || error == ENOTDIR)) {
        const QString mapped = mapCase(parent);
        if (!mapped.isEmpty())
            real = realPath(m_root + QLatin1Char('/') + mapped, &error);
    }
    if (real.isEmpty()) {
        result.status = TftpLookup::NotFound;
        result.reason = QStringLiteral("the folder %1/%2 does not exist").arg(m_root, parent);
        return result;
    }
    result.status = TftpLookup::AccessViolation;
    if (real != m_root && !inside(real)) {
        result.reason = QStringLiteral("%1 leads outside the upload folder %2").arg(result.lookedFor, m_root);
        return result;
    }
    const int fd = ::open(QFile::encodeName(real).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        result.reason = QStringLiteral("%1 cannot be opened: %2").arg(real, systemError(errno));
        return result;
    }
    const QString opened = descriptorPath(fd);
    if (!opened.isEmpty() && opened != m_root && !inside(opened)) {
        ::close(fd);
        result.reason =
            QStringLiteral("%1 changed while it was opened and now leads outside the upload folder").arg(real);
        return result;
    }
    result.status = TftpLookup::Found;
    result.path = normalised;
    *dirFd = fd;
    return result;
}

} // namespace bootbench
