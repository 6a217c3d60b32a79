#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

namespace bootbench {

// A newc ("070701") cpio archive as the Linux kernel unpacks an initramfs, built in memory and
// reproducible: members are written sorted by path (a folder before what it holds), with inode
// numbers counted from 1 in that order, owner root, and one fixed time. The same members give
// byte-identical archives.
class CpioArchive
{
public:
    // Paths are relative to the archive's root ("usr/bin/busybox"); a leading '/' is dropped.
    // Adding a path again replaces the member. Missing parent folders are added (mode 0755).
    void addDirectory(const QString &path, quint32 permissions = 0755);
    void addFile(const QString &path, const QByteArray &content, quint32 permissions = 0644);
    void addSymlink(const QString &path, const QString &target);
    void addCharDevice(const QString &path, quint32 major, quint32 minor, quint32 permissions = 0600);

    bool contains(const QString &path) const;
    int size() const { return int(m_members.size()); }
    qint64 contentBytes() const; // the files' bytes, headers not counted

    // The archive with its TRAILER!!! member, padded to a multiple of 4 bytes.
    QByteArray toByteArray() const;

    static constexpr quint32 kModificationTime = 0;

private:
    struct Member
    {
        quint32 mode = 0; // type and permission bits (S_IFREG | 0644, ...)
        QByteArray content;
        quint32 rdevMajor = 0;
        quint32 rdevMinor = 0;
    };
    void addParents(const QString &path);
    static QString clean(const QString &path);

    QMap<QString, Member> m_members;
};

} // namespace bootbench
