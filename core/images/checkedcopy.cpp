#include "images/checkedcopy.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace bootbench {

bool copyChecked(const QString &from, const QString &to, qint64 size, const QString &sha256,
                 const std::function<void(const QString &, qint64, qint64)> &progress, QString *error)
{
    QFile in(from);
    QFile out(to);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 is missing or unreadable: %2").arg(from, in.errorString());
        return false;
    }
    if (!out.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(to, out.errorString());
        return false;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        const qint64 n = in.read(buffer.data(), buffer.size());
        if (n < 0) {
            *error = QStringLiteral("cannot read %1: %2").arg(from, in.errorString());
            return false;
        }
        if (n == 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), n));
        if (out.write(buffer.constData(), n) != n) {
            *error = QStringLiteral("cannot write %1: %2").arg(to, out.errorString());
            return false;
        }
        done += n;
        if (progress)
            progress(QFileInfo(from).fileName(), done, size);
    }
    if (!out.flush() || ::fsync(out.handle()) != 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(to, out.errorString());
        return false;
    }
    if (done != size) {
        *error = QStringLiteral("%1 has %2 bytes, the manifest says %3 (truncated)").arg(from).arg(done).arg(size);
        return false;
    }
    const QString sha = QString::fromLatin1(hash.result().toHex());
    if (sha != sha256) {
        *error = QStringLiteral("%1: its SHA-256 is %2, the manifest says %3 (damaged)").arg(from, sha, sha256);
        return false;
    }
    return true;
}

} // namespace bootbench
