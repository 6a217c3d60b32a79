#include "net/portowner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace bootbench {

namespace {

// Socket inodes bound to the port, from /proc/net/udp-style tables.
QSet<QString> inodesForPort(const QString &table, quint16 port)
{
    QSet<QString> inodes;
    QFile f(table);
    if (!f.open(QIODevice::ReadOnly))
        return inodes;
    f.readLine(); // header
    while (!f.atEnd()) {
        const QList<QByteArray> cols = f.readLine().simplified().split(' ');
        if (cols.size() < 10)
            continue;
        const QList<QByteArray> local = cols.at(1).split(':');
        bool ok = false;
        if (local.size() == 2 && local.at(1).toUShort(&ok, 16) == port && ok)
            inodes.insert(QString::fromLatin1(cols.at(9)));
    }
    return inodes;
}

} // namespace

QString describePortOwner(Transport transport, quint16 port)
{
    const QString base =
        transport == Transport::Udp ? QStringLiteral("/proc/net/udp") : QStringLiteral("/proc/net/tcp");
    QSet<QString> inodes = inodesForPort(base, port);
    inodes.unite(inodesForPort(base + QLatin1Char('6'), port));
    inodes.remove(QStringLiteral("0"));
    if (inodes.isEmpty())
        return {};
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        bool numeric = false;
        pid.toInt(&numeric);
        if (!numeric)
            continue;
        QDir fdDir(QStringLiteral("/proc/%1/fd").arg(pid));
        const QStringList fds = fdDir.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
        for (const QString &fd : fds) {
            const QString target = QFileInfo(fdDir.filePath(fd)).symLinkTarget();
            // target looks like "/proc/<pid>/fd/socket:[12345]" once resolved relative to the dir
            const qsizetype open = target.indexOf(QStringLiteral("socket:["));
            if (open < 0)
                continue;
            const QString inode = target.mid(open + 8).chopped(1);
            if (inodes.contains(inode)) {
                QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
                const QString name = comm.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(comm.readAll().trimmed())
                                                                    : QStringLiteral("?");
                return QStringLiteral("%1 (pid %2)").arg(name, pid);
            }
        }
    }
    return {};
}

} // namespace bootbench
