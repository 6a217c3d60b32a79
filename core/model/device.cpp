#include "model/device.h"

#include <QJsonArray>

namespace bootbench {

QString menuModeKey(MenuMode mode)
{
    switch (mode) {
    case MenuMode::Always: return QStringLiteral("always");
    case MenuMode::Never: return QStringLiteral("never");
    case MenuMode::Hotkey: break;
    }
    return QStringLiteral("hotkey");
}

bool menuModeFromKey(const QString &key, MenuMode *mode)
{
    for (MenuMode m : {MenuMode::Hotkey, MenuMode::Always, MenuMode::Never}) {
        if (menuModeKey(m) == key) {
            *mode = m;
            return true;
        }
    }
    return false;
}

QJsonObject ImageSafeData::toJson() const
{
    return {{QStringLiteral("dhcp"), useDhcp},
            {QStringLiteral("ip"), ip},
            {QStringLiteral("mask"), mask},
            {QStringLiteral("gateway"), gateway},
            {QStringLiteral("dnsSuffix"), dnsSuffix},
            {QStringLiteral("hostName"), hostName},
            {QStringLiteral("dnsServers"), QJsonArray::fromStringList(dnsServers)},
            {QStringLiteral("justImaged"), justImaged}};
}

ImageSafeData ImageSafeData::fromJson(const QJsonObject &o)
{
    ImageSafeData d;
    d.useDhcp = o.value(QStringLiteral("dhcp")).toBool(true);
    d.ip = o.value(QStringLiteral("ip")).toString();
    d.mask = o.value(QStringLiteral("mask")).toString();
    d.gateway = o.value(QStringLiteral("gateway")).toString();
    d.dnsSuffix = o.value(QStringLiteral("dnsSuffix")).toString();
    d.hostName = o.value(QStringLiteral("hostName")).toString();
    for (const auto &v : o.value(QStringLiteral("dnsServers")).toArray())
        d.dnsServers << v.toString();
    d.justImaged = o.value(QStringLiteral("justImaged")).toBool();
    return d;
}

QJsonObject Device::toJson() const
{
    QJsonObject o{{QStringLiteral("mac"), mac},
                  {QStringLiteral("uuid"), uuid},
                  {QStringLiteral("serial"), serial},
                  {QStringLiteral("manufacturer"), manufacturer},
                  {QStringLiteral("model"), model},
                  {QStringLiteral("assetTag"), assetTag},
                  {QStringLiteral("architecture"), architecture},
                  {QStringLiteral("ramMb"), ramMb},
                  {QStringLiteral("diskMb"), diskMb},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("imageSafe"), imageSafe.toJson()},
                  {QStringLiteral("firstSeen"), firstSeen.toUTC().toString(Qt::ISODate)},
                  {QStringLiteral("lastSeen"), lastSeen.toUTC().toString(Qt::ISODate)}};
    if (hasMenuOverride)
        o[QStringLiteral("menu")] = menuModeKey(menuOverride);
    return o;
}

Device Device::fromJson(const QJsonObject &o)
{
    Device d;
    d.mac = o.value(QStringLiteral("mac")).toString();
    d.uuid = o.value(QStringLiteral("uuid")).toString();
    d.serial = o.value(QStringLiteral("serial")).toString();
    d.manufacturer = o.value(QStringLiteral("manufacturer")).toString();
    d.model = o.value(QStringLiteral("model")).toString();
    d.assetTag = o.value(QStringLiteral("assetTag")).toString();
    d.architecture = o.value(QStringLiteral("architecture")).toString();
    d.ramMb = o.value(QStringLiteral("ramMb")).toInteger();
    d.diskMb = o.value(QStringLiteral("diskMb")).toInteger();
    d.name = o.value(QStringLiteral("name")).toString();
    d.imageSafe = ImageSafeData::fromJson(o.value(QStringLiteral("imageSafe")).toObject());
    d.hasMenuOverride = menuModeFromKey(o.value(QStringLiteral("menu")).toString(), &d.menuOverride);
    d.firstSeen = QDateTime::fromString(o.value(QStringLiteral("firstSeen")).toString(), Qt::ISODate);
    d.lastSeen = QDateTime::fromString(o.value(QStringLiteral("lastSeen")).toString(), Qt::ISODate);
    return d;
}

} // namespace bootbench
