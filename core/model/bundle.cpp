#include "model/bundle.h"

#include <QJsonArray>

namespace bootbench {

namespace {
constexpr const char *kKindKeys[] = {"empty", "script", "image-restore", "image-take", "winpe", "multicast"};
constexpr int kKindCount = 6;
} // namespace

QString bundleKindKey(BundleKind kind)
{
    const int i = static_cast<int>(kind);
    return i >= 0 && i < kKindCount ? QString::fromLatin1(kKindKeys[i]) : QString();
}

bool bundleKindFromKey(const QString &key, BundleKind *kind)
{
    for (int i = 0; i < kKindCount; ++i) {
        if (key == QLatin1String(kKindKeys[i])) {
            *kind = static_cast<BundleKind>(i);
            return true;
        }
    }
    return false;
}

QStringList bundleKindKeys()
{
    QStringList keys;
    for (const char *k : kKindKeys)
        keys << QString::fromLatin1(k);
    return keys;
}

QString configFileForKind(BundleKind kind)
{
    switch (kind) {
    case BundleKind::WinPe: return QStringLiteral("winpe.cfg");
    case BundleKind::Empty: return {};
    default: return QStringLiteral("z_auto.cfg");
    }
}

QJsonObject Bundle::toJson() const
{
    QJsonArray acts;
    for (const auto &a : actions)
        acts.append(QJsonObject{{QStringLiteral("type"), a.type}, {QStringLiteral("params"), a.params}});
    return {{QStringLiteral("name"), name},
            {QStringLiteral("kind"), bundleKindKey(kind)},
            {QStringLiteral("description"), description},
            {QStringLiteral("kernelParams"), kernelParams},
            {QStringLiteral("actions"), acts}};
}

Bundle Bundle::fromJson(const QJsonObject &o)
{
    Bundle b;
    b.name = o.value(QStringLiteral("name")).toString();
    bundleKindFromKey(o.value(QStringLiteral("kind")).toString(), &b.kind);
    b.description = o.value(QStringLiteral("description")).toString();
    b.kernelParams = o.value(QStringLiteral("kernelParams")).toString();
    for (const auto &v : o.value(QStringLiteral("actions")).toArray()) {
        const auto ao = v.toObject();
        b.actions.append({ao.value(QStringLiteral("type")).toString(), ao.value(QStringLiteral("params")).toObject()});
    }
    return b;
}

} // namespace bootbench
