#include "model/bundleactions.h"

#include <QRegularExpression>

namespace bootbench {

namespace {
QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toVariant().toString();
}

bool hasControl(const QString &s)
{
    for (const QChar c : s) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}
} // namespace

QStringList actionTypesForKind(BundleKind kind)
{
    const auto l = [](const char *k) { return QString::fromLatin1(k); };
    switch (kind) {
    case BundleKind::Empty: return {};
    case BundleKind::Script: return {l(actionkey::kScript)};
    case BundleKind::ImageRestore: return {l(actionkey::kRestore), l(actionkey::kScript)};
    case BundleKind::ImageTake: return {l(actionkey::kTake)};
    case BundleKind::WinPe: return {l(actionkey::kWinPe)};
    case BundleKind::Multicast: return {l(actionkey::kMulticast)};
    }
    return {};
}

bool kindAllowsSeveralActions(BundleKind kind)
{
    return kind == BundleKind::Script || kind == BundleKind::ImageRestore;
}

BundleAction defaultAction(const QString &type)
{
    BundleAction a;
    a.type = type;
    const auto k = [](const char *key) { return QString::fromLatin1(key); };
    if (type == QLatin1String(actionkey::kScript)) {
        a.params = {{k(paramkey::kScript), QString()}};
    } else if (type == QLatin1String(actionkey::kRestore)) {
        a.params = {{k(paramkey::kImage), QString()},
                    {k(paramkey::kDisk), QStringLiteral("/dev/sda")},
                    {k(paramkey::kPartitions), QString()}};
    } else if (type == QLatin1String(actionkey::kTake)) {
        a.params = {{k(paramkey::kImage), QString()}, {k(paramkey::kDisk), QStringLiteral("/dev/sda")}};
    } else if (type == QLatin1String(actionkey::kWinPe)) {
        a.params = {{k(paramkey::kFolder), QString()},
                    {k(paramkey::kBootManager), QString()},
                    {k(paramkey::kBcd), QString()},
                    {k(paramkey::kBootSdi), QString()},
                    {k(paramkey::kBootWim), QString()}};
    } else if (type == QLatin1String(actionkey::kMulticast)) {
        a.params = {{k(paramkey::kImage), QString()}, {k(paramkey::kExpected), 5}, {k(paramkey::kTimeoutSeconds), 600}};
    }
    return a;
}

bool isValidDisk(const QString &disk)
{
    if (disk == QLatin1String("auto")) // the only or largest fixed disk (folder images, docs/images.md)
        return true;
    static const QRegularExpression re(QStringLiteral("^(/dev/[A-Za-z0-9_./-]+|[0-9]{1,3})$"));
    return re.match(disk).hasMatch() && !disk.contains(QLatin1String(".."));
}

bool isValidPartitionList(const QString &partitions)
{
    static const QRegularExpression re(QStringLiteral("^\\s*[0-9]{1,3}(\\s*,\\s*[0-9]{1,3})*\\s*$"));
    return partitions.trimmed().isEmpty() || re.match(partitions).hasMatch();
}

bool isValidImageName(const QString &name)
{
    const QString t = name.trimmed();
    if (t.isEmpty() || t != name || hasControl(t) || t.startsWith(QLatin1Char('.')))
        return false;
    return !t.contains(QLatin1Char('/')) && !t.contains(QLatin1Char('\\'));
}

QList<BundleProblem> validateBundle(const Bundle &b)
{
    QList<BundleProblem> out;
    const auto add = [&out](BundleProblemCode c, int action, const QString &key) { out.append({c, action, key}); };
    const QString nameKey = QStringLiteral("name");
    if (b.name.trimmed().isEmpty())
        add(BundleProblemCode::NameEmpty, -1, nameKey);
    else if (b.name != b.name.trimmed())
        add(BundleProblemCode::NameSpaces, -1, nameKey);
    else if (hasControl(b.name) || b.name.contains(QLatin1Char('/')))
        add(BundleProblemCode::NameInvalid, -1, nameKey);
    if (b.kernelParams.contains(QLatin1Char('\n')) || b.kernelParams.contains(QLatin1Char('\r')))
        add(BundleProblemCode::KernelParamsLines, -1, QStringLiteral("kernelParams"));

    const QStringList allowed = actionTypesForKind(b.kind);
    if (!allowed.isEmpty() && b.actions.isEmpty())
        add(BundleProblemCode::NoAction, -1, QStringLiteral("actions"));
    if (!kindAllowsSeveralActions(b.kind) && b.actions.size() > 1)
        add(BundleProblemCode::TooManyActions, -1, QStringLiteral("actions"));

    const auto k = [](const char *key) { return QString::fromLatin1(key); };
    for (int i = 0; i < b.actions.size(); ++i) {
        const BundleAction &a = b.actions.at(i);
        const QJsonObject &p = a.params;
        if (!allowed.contains(a.type)) {
            add(BundleProblemCode::ActionNotAllowed, i, QStringLiteral("type"));
            continue;
        }
        if (a.type == QLatin1String(actionkey::kScript)) {
            if (str(p, paramkey::kScript).trimmed().isEmpty())
                add(BundleProblemCode::ScriptEmpty, i, k(paramkey::kScript));
        } else if (a.type == QLatin1String(actionkey::kRestore) || a.type == QLatin1String(actionkey::kMulticast)) {
            const QString image = str(p, paramkey::kImage);
            if (image.isEmpty())
                add(BundleProblemCode::ImageMissing, i, k(paramkey::kImage));
            else if ((str(p, paramkey::kSha256).size() != 64 || !p.contains(k(paramkey::kSize))) &&
                     str(p, paramkey::kFormat) != QLatin1String(paramkey::kFormatFolder))
                add(BundleProblemCode::ChecksumMissing, i, k(paramkey::kImage));
            if (a.type == QLatin1String(actionkey::kRestore)) {
                if (!isValidDisk(str(p, paramkey::kDisk)))
                    add(BundleProblemCode::DiskInvalid, i, k(paramkey::kDisk));
                if (!isValidPartitionList(str(p, paramkey::kPartitions)))
                    add(BundleProblemCode::PartitionsInvalid, i, k(paramkey::kPartitions));
            } else {
                const int expected = p.value(k(paramkey::kExpected)).toInt(-1);
                if (expected < 1 || expected > 1000)
                    add(BundleProblemCode::ExpectedInvalid, i, k(paramkey::kExpected));
                const int timeout = p.value(k(paramkey::kTimeoutSeconds)).toInt(-1);
                if (timeout < 0 || timeout > 86400)
                    add(BundleProblemCode::TimeoutInvalid, i, k(paramkey::kTimeoutSeconds));
            }
        } else if (a.type == QLatin1String(actionkey::kTake)) {
            const QString image = str(p, paramkey::kImage);
            if (image.trimmed().isEmpty())
                add(BundleProblemCode::ImageMissing, i, k(paramkey::kImage));
            else if (!isValidImageName(image))
                add(BundleProblemCode::ImageNameInvalid, i, k(paramkey::kImage));
            if (!isValidDisk(str(p, paramkey::kDisk)))
                add(BundleProblemCode::DiskInvalid, i, k(paramkey::kDisk));
        } else if (a.type == QLatin1String(actionkey::kWinPe)) {
            if (str(p, paramkey::kFolder).isEmpty()) {
                add(BundleProblemCode::WinPeFolderMissing, i, k(paramkey::kFolder));
                continue;
            }
            for (const char *f : {paramkey::kBootManager, paramkey::kBcd, paramkey::kBootSdi, paramkey::kBootWim}) {
                if (str(p, f).isEmpty())
                    add(BundleProblemCode::WinPeFileMissing, i, k(f));
            }
        }
    }
    return out;
}

QString bundleProblemText(const BundleProblem &p)
{
    QString where = p.action >= 0 ? QStringLiteral("action %1: ").arg(p.action + 1) : QString();
    switch (p.code) {
    case BundleProblemCode::NameEmpty: return QStringLiteral("a bundle needs a name");
    case BundleProblemCode::NameSpaces: return QStringLiteral("the bundle name starts or ends with spaces");
    case BundleProblemCode::NameInvalid: return QStringLiteral("the bundle name holds a '/' or a control character");
    case BundleProblemCode::KernelParamsLines: return QStringLiteral("kernel parameters must be on one line");
    case BundleProblemCode::NoAction: return QStringLiteral("this kind of bundle needs an action");
    case BundleProblemCode::TooManyActions: return QStringLiteral("this kind of bundle holds exactly one action");
    case BundleProblemCode::ActionNotAllowed: return where + QStringLiteral("this action does not fit the kind");
    case BundleProblemCode::ScriptEmpty: return where + QStringLiteral("the script is empty");
    case BundleProblemCode::ImageMissing: return where + QStringLiteral("no image chosen");
    case BundleProblemCode::ImageNameInvalid:
        return where + QStringLiteral("the image name must be a plain file name (no '/', no leading '.')");
    case BundleProblemCode::ChecksumMissing:
        return where + QStringLiteral("the image's size and SHA-256 checksum are not known yet");
    case BundleProblemCode::DiskInvalid:
        return where + QStringLiteral("the disk must be a device path like /dev/sda or a disk number");
    case BundleProblemCode::PartitionsInvalid:
        return where + QStringLiteral("partitions must be numbers separated by commas, e.g. 1,2");
    case BundleProblemCode::WinPeFolderMissing: return where + QStringLiteral("no WinPE folder chosen");
    case BundleProblemCode::WinPeFileMissing: return where + QStringLiteral("the WinPE file %1 is missing").arg(p.key);
    case BundleProblemCode::ExpectedInvalid:
        return where + QStringLiteral("the number of machines must be between 1 and 1000");
    case BundleProblemCode::TimeoutInvalid:
        return where + QStringLiteral("the time-out must be between 0 and 86400 seconds");
    case BundleProblemCode::ImageNotFound: return where + QStringLiteral("the image is not in the image store");
    case BundleProblemCode::WinPeFolderNotFound: return where + QStringLiteral("the WinPE folder does not exist");
    case BundleProblemCode::WinPeFileNotFound:
        return where + QStringLiteral("the WinPE file chosen as %1 is not in the folder").arg(p.key);
    }
    return where;
}

} // namespace bootbench
