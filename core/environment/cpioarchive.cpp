#include "cpioarchive.h"

#include <sys/stat.h>

namespace bootbench {

namespace {
void appendHex(QByteArray &out, quint32 value)
{
    out += QByteArray::number(value, 16).rightJustified(8, '0').toUpper();
}

void pad4(QByteArray &out)
{
    while (out.size() % 4 != 0)
        out += '\0';
}

void appendMember(QByteArray &out, const QByteArray &name, quint32 ino, quint32 mode, quint32 nlink,
                  const QByteArray &content, quint32 rdevMajor, quint32 rdevMinor)
{
    out += "070701";
    appendHex(out, ino);
    appendHex(out, mode);
    appendHex(out, 0); // uid
    appendHex(out, 0); // gid
    appendHex(out, nlink);
    appendHex(out, CpioArchive::kModificationTime);
    appendHex(out, quint32(content.size()));
    appendHex(out, 0); // devmajor
    appendHex(out, 0); // devminor
    appendHex(out, rdevMajor);
    appendHex(out, rdevMinor);
    appendHex(out, quint32(name.size() + 1));
    appendHex(out, 0); // check
    out += name;
    out += '\0';
    pad4(out);
    out += content;
    pad4(out);
}
} // namespace

QString CpioArchive::clean(const QString &path)
{
    QString p = path;
    while (p.startsWith(QLatin1Char('/')))
        p.remove(0, 1);
    while (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    return p;
}

void CpioArchive::addParents(const QString &path)
{
    qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    while (slash > 0) {
        const QString parent = path.left(slash);
        if (!m_members.contains(parent))
            m_members.insert(parent, Member{S_IFDIR | 0755, {}, 0, 0});
        slash = parent.lastIndexOf(QLatin1Char('/'));
    }
}

void CpioArchive::addDirectory(const QString &path, quint32 permissions)
{
    const QString p = clean(path);
    if (p.isEmpty())
        return;
    addParents(p);
    m_members.insert(p, Member{S_IFDIR | (permissions & 07777), {}, 0, 0});
}

void CpioArchive::addFile(const QString &path, const QByteArray &content, quint32 permissions)
{
    const QString p = clean(path);
    addParents(p);
    m_members.insert(p, Member{S_IFREG | (permissions & 07777), content, 0, 0});
}

void CpioArchive::addSymlink(const QString &path, const QString &target)
{
    const QString p = clean(path);
    addParents(p);
    m_members.insert(p, Member{S_IFLNK | 0777, target.toUtf8(), 0, 0});
}

void CpioArchive::addCharDevice(const QString &path, quint32 major, quint32 minor, quint32 permissions)
{
    const QString p = clean(path);
    addParents(p);
    m_members.insert(p, Member{S_IFCHR | (permissions & 07777), {}, major, minor});
}

bool CpioArchive::contains(const QString &path) const
{
    return m_members.contains(clean(path));
}

qint64 CpioArchive::contentBytes() const
{
    qint64 total = 0;
    for (const Member &m : m_members)
        total += m.content.size();
    return total;
}

QByteArray CpioArchive::toByteArray() const
{
    QByteArray out;
    out.reserve(int(contentBytes() + 512 * m_members.size() + 512));
    quint32 ino = 1;
    // QMap sorts by QString::operator< (UTF-16 code units): "a" < "a-b" < "a/b", so a folder
    // always comes before its contents.
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it) {
        const Member &m = it.value();
        const bool dir = (m.mode & S_IFMT) == S_IFDIR;
        appendMember(out, it.key().toUtf8(), ino++, m.mode, dir ? 2 : 1, m.content, m.rdevMajor, m.rdevMinor);
    }
    appendMember(out, QByteArrayLiteral("TRAILER!!!"), 0, 0, 1, {}, 0, 0);
    return out;
}

} // namespace bootbench
