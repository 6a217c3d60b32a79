#include "images/streamconverter.h"

#include "images/imagestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QtEndian>

namespace bootbench {

namespace {

constexpr qint64 kPiece = 1 << 20;
const QByteArray kPartcloneMagic("partclone-image");

QString names(const QStringList &files)
{
    QStringList out;
    for (const QString &f : files)
        out << QFileInfo(f).fileName();
    return out.size() > 3 ? out.first() + QStringLiteral(" … ") + out.last() : out.join(QLatin1Char('+'));
}

QString errorText(QProcess &p)
{
    const QString text = QString::fromUtf8(p.readAllStandardError()).trimmed();
    const QString last = text.split(QLatin1Char('\n')).constLast().trimmed();
    if (p.exitStatus() != QProcess::NormalExit)
        return QStringLiteral("%1 crashed").arg(p.program());
    return QStringLiteral("%1 exited with %2%3")
        .arg(p.program())
        .arg(p.exitCode())
        .arg(last.isEmpty() ? QString() : QStringLiteral(": ") + last);
}

bool finish(QProcess &p)
{
    p.waitForFinished(-1);
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// Partclone image format 2: file system name at 36 (16 bytes), used blocks at 68, block size at 84.
void readPartcloneHeader(const QByteArray &head, QString *fs, qint64 *used)
{
    if (head.size() < 88 || head.mid(30, 4) != "0002")
        return;
    *fs = QString::fromLatin1(head.mid(36, 16).constData()).toLower();
    const quint64 blocks = qFromLittleEndian<quint64>(head.constData() + 68);
    const quint32 blockSize = qFromLittleEndian<quint32>(head.constData() + 84);
    *used = qint64(blocks * blockSize);
}

} // namespace

QStringList StreamConverter::decompressor(const QString &compression)
{
    if (compression == QLatin1String("gz"))
        return {QStringLiteral("gzip"), QStringLiteral("-dc")};
    if (compression == QLatin1String("zst"))
        return {QStringLiteral("zstd"), QStringLiteral("-dcq")};
    if (compression == QLatin1String("xz"))
        return {QStringLiteral("xz"), QStringLiteral("-dc")};
    if (compression == QLatin1String("lzma"))
        return {QStringLiteral("xz"), QStringLiteral("--format=lzma"), QStringLiteral("-dc")};
    if (compression == QLatin1String("bz2"))
        return {QStringLiteral("bzip2"), QStringLiteral("-dc")};
    if (compression == QLatin1String("lz4"))
        return {QStringLiteral("lz4"), QStringLiteral("-dc")};
    if (compression == QLatin1String("lzo"))
        return {QStringLiteral("lzop"), QStringLiteral("-dc")};
    if (compression.isEmpty())
        return {QStringLiteral("cat")};
    return {};
}

QString StreamConverter::partcloneBackend(const QString &filesystem)
{
    const QString fs = filesystem.toLower();
    if (fs == QLatin1String("ext2") || fs == QLatin1String("ext3") || fs == QLatin1String("ext4") ||
        fs == QLatin1String("extfs"))
        return QStringLiteral("extfs");
    if (fs == QLatin1String("vfat") || fs.startsWith(QLatin1String("fat")))
        return QStringLiteral("fat");
    if (fs == QLatin1String("hfsplus") || fs == QLatin1String("hfs+") || fs == QLatin1String("hfsp"))
        return QStringLiteral("hfsp");
    for (const char *same : {"ntfs", "exfat", "xfs", "btrfs", "f2fs"}) {
        if (fs == QLatin1String(same))
            return fs;
    }
    return {};
}

std::optional<ConvertedStream> StreamConverter::convert(const SourceStream &source, const QString &destination,
                                                        const Progress &progress, QString *error)
{
    const QString what = QStringLiteral("partition %1 (%2)").arg(source.number).arg(names(source.files));
    const QStringList decompress = decompressor(source.compression);
    if (decompress.isEmpty()) {
        *error = QStringLiteral("%1: compression \"%2\" is not one Bootbench reads").arg(what, source.compression);
        return std::nullopt;
    }
    const QString temporary = QDir(destination).filePath(QStringLiteral("p%1.convert.part").arg(source.number));
    QProcess cat;
    QProcess unpack;
    QProcess pack;
    cat.setStandardOutputProcess(&unpack);
    pack.setStandardOutputFile(temporary);
    cat.start(QStringLiteral("cat"), source.files);
    unpack.start(decompress.first(), decompress.mid(1));
    pack.start(QStringLiteral("zstd"),
               {QStringLiteral("-T0"), QStringLiteral("-3"), QStringLiteral("-q"), QStringLiteral("-c")});
    for (QProcess *p : {&cat, &unpack, &pack}) {
        if (!p->waitForStarted(-1)) {
            *error = QStringLiteral("%1: cannot start %2: %3").arg(what, p->program(), p->errorString());
            for (QProcess *q : {&cat, &unpack, &pack}) {
                q->kill();
                q->waitForFinished(-1);
            }
            QFile::remove(temporary);
            return std::nullopt;
        }
    }
    ConvertedStream out;
    QByteArray head;
    qint64 done = 0;
    qint64 total = source.partitionBytes;
    bool writing = true;
    for (;;) {
        if (unpack.bytesAvailable() == 0 && !unpack.waitForReadyRead(-1) && unpack.bytesAvailable() == 0)
            break; // finished
        const QByteArray data = unpack.read(kPiece);
        if (head.size() < 512) {
            head += data.left(512 - head.size());
            if (head.size() >= 88 && head.startsWith(kPartcloneMagic) && out.method.isEmpty()) {
                out.method = QStringLiteral("partclone");
                readPartcloneHeader(head, &out.filesystem, &out.usedBytes);
                if (out.usedBytes > 0)
                    total = out.usedBytes;
            }
        }
        done += data.size();
        if (writing && pack.write(data) != data.size())
            writing = false;
        while (writing && pack.bytesToWrite() > 4 * kPiece) {
            if (!pack.waitForBytesWritten(-1))
                writing = false;
        }
        if (progress)
            progress(what, done, total);
    }
    pack.closeWriteChannel();
    const bool catOk = finish(cat);
    const bool unpackOk = finish(unpack);
    const bool packOk = finish(pack);
    const auto fail = [&](const QString &why) {
        *error = what + QStringLiteral(": ") + why;
        QFile::remove(temporary);
        return std::nullopt;
    };
    if (!catOk)
        return fail(QStringLiteral("cannot read it: ") + errorText(cat));
    if (!unpackOk)
        return fail(
            QStringLiteral("the %1 stream is damaged or truncated: %2").arg(source.compression, errorText(unpack)));
    if (!packOk || !writing)
        return fail(QStringLiteral("compressing it into %1 failed: %2").arg(destination, errorText(pack)));
    if (done == 0)
        return fail(QStringLiteral("the stream is empty"));
    if (out.method.isEmpty()) {
        out.method = QStringLiteral("raw");
        out.filesystem = source.filesystem == QLatin1String("dd") ? QString() : source.filesystem;
        out.usedBytes = done;
        if (source.partitionBytes > 0 && done != source.partitionBytes)
            return fail(QStringLiteral("it holds %1 bytes, the partition has %2 (truncated?)")
                            .arg(done)
                            .arg(source.partitionBytes));
    } else {
        if (!source.filesystem.isEmpty() && source.filesystem != QLatin1String("dd"))
            out.filesystem = source.filesystem;
        // Read the stream through, as a restore would: a truncated or damaged partclone image fails.
        QProcess unzstd;
        QProcess check;
        unzstd.setStandardOutputProcess(&check);
        unzstd.start(QStringLiteral("zstd"), {QStringLiteral("-dcq"), temporary});
        check.start(QStringLiteral("partclone.chkimg"),
                    {QStringLiteral("-s"), QStringLiteral("-"), QStringLiteral("-L"), QStringLiteral("/dev/null")});
        check.setStandardOutputFile(QProcess::nullDevice());
        if (!check.waitForStarted(-1)) {
            unzstd.kill();
            unzstd.waitForFinished(-1);
            return fail(QStringLiteral("cannot start partclone.chkimg (Debian package partclone): ") +
                        check.errorString());
        }
        const bool unzstdOk = finish(unzstd);
        if (!finish(check) || !unzstdOk)
            return fail(QStringLiteral("partclone.chkimg finds the partclone image damaged or truncated"));
    }
    // partclone.restore restores any partclone image; the name only says which backend made it.
    QString backend = partcloneBackend(out.filesystem);
    if (backend.isEmpty())
        backend = QString(out.filesystem).remove(QRegularExpression(QStringLiteral("[^a-z0-9]")));
    if (backend.isEmpty())
        backend = QStringLiteral("unknown");
    out.file = out.method == QLatin1String("raw") ? QStringLiteral("p%1.raw.zst").arg(source.number)
                                                  : QStringLiteral("p%1.%2.pcl.zst").arg(source.number).arg(backend);
    const QString final = QDir(destination).filePath(out.file);
    QFile::remove(final);
    if (!QFile::rename(temporary, final))
        return fail(QStringLiteral("cannot rename %1 to %2").arg(temporary, final));
    out.size = QFileInfo(final).size();
    QString hashError;
    out.sha256 = sha256OfFile(final, {}, &hashError);
    if (out.sha256.isEmpty()) {
        *error = what + QStringLiteral(": ") + hashError;
        return std::nullopt;
    }
    return out;
}

} // namespace bootbench
