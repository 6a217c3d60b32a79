#include "environmentmanifest.h"

#include <QJsonArray>

namespace bootbench {

QJsonObject EnvironmentManifest::toJson() const
{
    QJsonObject pkgs;
    for (auto it = packages.cbegin(); it != packages.cend(); ++it)
        pkgs.insert(it.key(), it.value());
    QJsonArray partArray;
    for (const EnvironmentPart &p : parts)
        partArray.append(QJsonObject{{QStringLiteral("name"), p.name},
                                     {QStringLiteral("path"), p.path},
                                     {QStringLiteral("size"), double(p.size)},
                                     {QStringLiteral("sha256"), p.sha256}});
    return QJsonObject{{QStringLiteral("format"), 1},
                       {QStringLiteral("kernelRelease"), kernelRelease},
                       {QStringLiteral("recipe"), recipe},
                       {QStringLiteral("engineSha256"), engineSha256},
                       {QStringLiteral("packages"), pkgs},
                       {QStringLiteral("parts"), partArray},
                       {QStringLiteral("modules"), QJsonArray::fromStringList(modules)},
                       {QStringLiteral("firmware"), QJsonArray::fromStringList(firmware)},
                       {QStringLiteral("initrdUncompressed"), double(initrdUncompressed)}};
}

EnvironmentManifest EnvironmentManifest::fromJson(const QJsonObject &o)
{
    EnvironmentManifest m;
    m.kernelRelease = o.value(QStringLiteral("kernelRelease")).toString();
    m.recipe = o.value(QStringLiteral("recipe")).toString();
    m.engineSha256 = o.value(QStringLiteral("engineSha256")).toString();
    const QJsonObject pkgs = o.value(QStringLiteral("packages")).toObject();
    for (auto it = pkgs.begin(); it != pkgs.end(); ++it)
        m.packages.insert(it.key(), it.value().toString());
    const QJsonArray partArray = o.value(QStringLiteral("parts")).toArray();
    for (const QJsonValue &v : partArray) {
        const QJsonObject p = v.toObject();
        m.parts << EnvironmentPart{
            p.value(QStringLiteral("name")).toString(), p.value(QStringLiteral("path")).toString(),
            qint64(p.value(QStringLiteral("size")).toDouble()), p.value(QStringLiteral("sha256")).toString()};
    }
    for (const QJsonValue &v : o.value(QStringLiteral("modules")).toArray())
        m.modules << v.toString();
    for (const QJsonValue &v : o.value(QStringLiteral("firmware")).toArray())
        m.firmware << v.toString();
    m.initrdUncompressed = qint64(o.value(QStringLiteral("initrdUncompressed")).toDouble());
    return m;
}

const EnvironmentPart *EnvironmentManifest::part(const QString &name) const
{
    for (const EnvironmentPart &p : parts) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

} // namespace bootbench
