#include "images/imagemanifest.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace bootbench {

namespace {

bool isHash(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{64}$"));
    return re.match(s).hasMatch();
}

// A plain file name inside the folder: no path, not hidden, not an unfinished upload.
bool isPlainName(const QString &s)
{
    return !s.isEmpty() && !s.contains(QLatin1Char('/')) && !s.contains(QLatin1Char('\\')) &&
           !s.startsWith(QLatin1Char('.')) && !s.endsWith(QLatin1String(".part"));
}

qint64 integer(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? qint64(v.toDouble()) : -1;
}

} // namespace

std::optional<ImageManifest> ImageManifest::parse(const QByteArray &json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (!doc.isObject()) {
        *error = QStringLiteral("%1 is not a JSON object: %2").arg(fileName(), pe.errorString());
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    ImageManifest m;
    if (o.value(QStringLiteral("format")).toString() != QLatin1String("bootbench-image")) {
        *error = QStringLiteral("%1: \"format\" is not \"bootbench-image\"").arg(fileName());
        return std::nullopt;
    }
    m.version = int(integer(o, "version"));
    if (m.version < 1 || m.version > kVersion) {
        *error = QStringLiteral("%1: format version %2 is not one this Bootbench reads (1 to %3)")
                     .arg(fileName())
                     .arg(m.version)
                     .arg(kVersion);
        return std::nullopt;
    }
    m.taken = o.value(QStringLiteral("taken")).toString();
    m.source = o.value(QStringLiteral("source")).toObject();
    const QJsonObject disk = o.value(QStringLiteral("disk")).toObject();
    m.diskSize = integer(disk, "size");
    m.sectorSize = int(integer(disk, "sectorSize"));
    m.table = disk.value(QStringLiteral("table")).toString();
    m.sfdisk = disk.value(QStringLiteral("sfdisk")).toString();
    const QJsonObject head = disk.value(QStringLiteral("head")).toObject();
    m.headFile = head.value(QStringLiteral("file")).toString();
    m.headSize = integer(head, "size");
    m.headSha256 = head.value(QStringLiteral("sha256")).toString();
    if (m.diskSize <= 0 || (m.sectorSize != 512 && m.sectorSize != 4096)) {
        *error = QStringLiteral("%1: disk.size or disk.sectorSize is missing or wrong").arg(fileName());
        return std::nullopt;
    }
    if (m.table != QLatin1String("gpt") && m.table != QLatin1String("dos")) {
        *error = QStringLiteral("%1: disk.table \"%2\" is neither gpt nor dos").arg(fileName(), m.table);
        return std::nullopt;
    }
    if (m.sfdisk.isEmpty() || !isPlainName(m.headFile) || m.headSize < 0 || !isHash(m.headSha256)) {
        *error = QStringLiteral("%1: disk.sfdisk or disk.head (file, size, sha256) is missing").arg(fileName());
        return std::nullopt;
    }
    for (const QJsonValue &v : o.value(QStringLiteral("partitions")).toArray()) {
        const QJsonObject p = v.toObject();
        ImagePartition part;
        part.number = int(integer(p, "number"));
        part.start = integer(p, "start");
        part.size = integer(p, "size");
        part.type = p.value(QStringLiteral("type")).toString();
        part.filesystem = p.value(QStringLiteral("filesystem")).toString();
        part.method = p.value(QStringLiteral("method")).toString();
        part.usedBytes = integer(p, "usedBytes");
        part.stream = p.value(QStringLiteral("stream")).toString();
        part.streamSize = integer(p, "streamSize");
        part.sha256 = p.value(QStringLiteral("sha256")).toString();
        const QString which = QStringLiteral("%1: partition %2").arg(fileName()).arg(part.number);
        if (part.number < 1 || part.start < 0 || part.size <= 0) {
            *error = which + QStringLiteral(": number, start or size is missing or wrong");
            return std::nullopt;
        }
        if (part.method != QLatin1String("partclone") && part.method != QLatin1String("raw")) {
            *error = which + QStringLiteral(": method \"%1\" is neither partclone nor raw").arg(part.method);
            return std::nullopt;
        }
        if (!isPlainName(part.stream) || part.streamSize < 0 || !isHash(part.sha256)) {
            *error = which + QStringLiteral(": stream, streamSize or sha256 is missing or wrong");
            return std::nullopt;
        }
        m.partitions.append(part);
    }
    return m;
}

bool ImageManifest::checkFiles(const QString &folder, QString *error) const
{
    const auto check = [&](const QString &name, qint64 size, const QString &what) {
        const QFileInfo fi(folder + QLatin1Char('/') + name);
        if (!fi.isFile()) {
            *error = QStringLiteral("%1: %2 is missing in %3").arg(what, name, folder);
            return false;
        }
        if (fi.size() != size) {
            *error =
                QStringLiteral("%1: %2 has %3 bytes, the manifest says %4").arg(what, name).arg(fi.size()).arg(size);
            return false;
        }
        return true;
    };
    if (!check(headFile, headSize, QStringLiteral("the disk head")))
        return false;
    for (const ImagePartition &p : partitions) {
        if (!check(p.stream, p.streamSize, QStringLiteral("partition %1").arg(p.number)))
            return false;
    }
    return true;
}

qint64 ImageManifest::streamBytes() const
{
    qint64 total = headSize;
    for (const ImagePartition &p : partitions)
        total += p.streamSize;
    return total;
}

} // namespace bootbench
