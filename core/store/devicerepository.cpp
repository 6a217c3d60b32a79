#include "store/devicerepository.h"

#include "model/macaddress.h"

#include <QJsonDocument>
#include <QSqlRecord>

namespace bootbench {

namespace {
const QString kColumns = QStringLiteral(
    "id, mac, uuid, serial, manufacturer, model, asset_tag, architecture, ram_mb, disk_mb, name, image_safe, "
    "menu_mode, first_seen, last_seen, row_revision");

Device deviceFromQuery(const QSqlQuery &q)
{
    Device d;
    d.id = q.value(0).toLongLong();
    d.mac = q.value(1).toString();
    d.uuid = q.value(2).toString();
    d.serial = q.value(3).toString();
    d.manufacturer = q.value(4).toString();
    d.model = q.value(5).toString();
    d.assetTag = q.value(6).toString();
    d.architecture = q.value(7).toString();
    d.ramMb = q.value(8).toLongLong();
    d.diskMb = q.value(9).toLongLong();
    d.name = q.value(10).toString();
    d.imageSafe = ImageSafeData::fromJson(QJsonDocument::fromJson(q.value(11).toString().toUtf8()).object());
    d.hasMenuOverride = !q.value(12).isNull() && menuModeFromKey(q.value(12).toString(), &d.menuOverride);
    d.firstSeen = timeFromText(q.value(13));
    d.lastSeen = timeFromText(q.value(14));
    d.revision = q.value(15).toLongLong();
    return d;
}
} // namespace

QList<Device> DeviceRepository::list(QString *error) const
{
    QList<Device> out;
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM devices ORDER BY mac"), {}, error,
             QStringLiteral("cannot list devices")))
        return out;
    while (q.next())
        out << deviceFromQuery(q);
    return out;
}

std::optional<Device> DeviceRepository::find(const QString &mac, QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM devices WHERE mac = ?"),
             {normaliseMac(mac)}, error, QStringLiteral("cannot read the device")))
        return std::nullopt;
    if (!q.next())
        return std::nullopt;
    return deviceFromQuery(q);
}

bool DeviceRepository::add(Device device, QString *error) const
{
    const QString mac = normaliseMac(device.mac);
    if (mac.isEmpty()) {
        *error = QStringLiteral("\"%1\" is not a MAC address (expected six hex pairs like 52:54:00:12:34:56)")
                     .arg(device.mac);
        return false;
    }
    device.mac = mac;
    if (!device.firstSeen.isValid())
        device.firstSeen = QDateTime::currentDateTimeUtc();
    QSqlQuery q(db());
    if (!run(q,
             QStringLiteral(
                 "INSERT INTO devices (mac, uuid, serial, manufacturer, model, asset_tag, architecture, ram_mb, "
                 "disk_mb, name, image_safe, menu_mode, first_seen, last_seen, changed_by, changed_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {device.mac, device.uuid, device.serial, device.manufacturer, device.model, device.assetTag,
              device.architecture, device.ramMb, device.diskMb, device.name,
              QString::fromUtf8(QJsonDocument(device.imageSafe.toJson()).toJson(QJsonDocument::Compact)),
              device.hasMenuOverride ? QVariant(menuModeKey(device.menuOverride))
                                     : QVariant(QMetaType::fromType<QString>()),
              timeText(device.firstSeen), timeText(device.lastSeen), stampValues().at(0), stampValues().at(1)},
             error, QStringLiteral("cannot add device %1").arg(mac))) {
        if (isUniqueViolation(q))
            *error = QStringLiteral("a device with MAC %1 exists already").arg(mac);
        return false;
    }
    return bumpRevision(error);
}

bool DeviceRepository::update(const Device &device, QString *error) const
{
    const QString mac = normaliseMac(device.mac);
    QSqlQuery q(db());
    QVariantList values{device.uuid,
                        device.serial,
                        device.manufacturer,
                        device.model,
                        device.assetTag,
                        device.architecture,
                        device.ramMb,
                        device.diskMb,
                        device.name,
                        QString::fromUtf8(QJsonDocument(device.imageSafe.toJson()).toJson(QJsonDocument::Compact)),
                        device.hasMenuOverride ? QVariant(menuModeKey(device.menuOverride))
                                               : QVariant(QMetaType::fromType<QString>()),
                        timeText(device.lastSeen)};
    values << stampValues() << mac << device.revision << device.revision;
    if (!runList(q,
                 QStringLiteral("UPDATE devices SET uuid = ?, serial = ?, manufacturer = ?, model = ?, asset_tag = ?, "
                                "architecture = ?, ram_mb = ?, disk_mb = ?, name = ?, image_safe = ?, menu_mode = ?, "
                                "last_seen = ?, ") +
                     stampSql() + QStringLiteral(" WHERE mac = ? AND (? = 0 OR row_revision = ?)"),
                 values, error, QStringLiteral("cannot update device %1").arg(mac)))
        return false;
    if (q.numRowsAffected() == 0) {
        const QString conflict = device.revision ? conflictMessage(QStringLiteral("devices"), QStringLiteral("mac"),
                                                                   mac, QStringLiteral("device %1").arg(mac))
                                                 : QString();
        *error = conflict.isEmpty() ? QStringLiteral("there is no device with MAC %1").arg(device.mac) : conflict;
        return false;
    }
    return bumpRevision(error);
}

bool DeviceRepository::registerSeen(const Device &reported, QString *error) const
{
    QString lookupError;
    const std::optional<Device> known = find(reported.mac, &lookupError);
    if (!lookupError.isEmpty()) {
        *error = lookupError;
        return false;
    }
    Device merged = known.value_or(reported);
    if (known) {
        auto take = [](QString &field, const QString &value) {
            if (!value.isEmpty())
                field = value;
        };
        take(merged.uuid, reported.uuid);
        take(merged.serial, reported.serial);
        take(merged.manufacturer, reported.manufacturer);
        take(merged.model, reported.model);
        take(merged.assetTag, reported.assetTag);
        take(merged.architecture, reported.architecture);
        if (merged.name.isEmpty())
            merged.name = reported.name;
        if (reported.ramMb > 0)
            merged.ramMb = reported.ramMb;
        if (reported.diskMb > 0)
            merged.diskMb = reported.diskMb;
    }
    merged.lastSeen = reported.lastSeen.isValid() ? reported.lastSeen : QDateTime::currentDateTimeUtc();
    return known ? update(merged, error) : add(merged, error);
}

bool DeviceRepository::remove(const QString &mac, QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("DELETE FROM devices WHERE mac = ?"), {normaliseMac(mac)}, error,
             QStringLiteral("cannot remove device %1").arg(mac)))
        return false;
    if (q.numRowsAffected() == 0) {
        *error = QStringLiteral("there is no device with MAC %1").arg(mac);
        return false;
    }
    return bumpRevision(error);
}

} // namespace bootbench
