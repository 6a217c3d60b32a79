#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace bootbench {

// Per-device identity kept on the disk so it survives re-imaging.
struct ImageSafeData
{
    bool useDhcp = true;
    QString ip;
    QString mask;
    QString gateway;
    QString dnsSuffix;
    QString hostName;
    QStringList dnsServers;
    bool justImaged = false;

    QJsonObject toJson() const;
    static ImageSafeData fromJson(const QJsonObject &object);
    friend bool operator==(const ImageSafeData &, const ImageSafeData &) = default;
};

enum class MenuMode : int { Hotkey = 0, Always = 1, Never = 2 };
QString menuModeKey(MenuMode mode);
bool menuModeFromKey(const QString &key, MenuMode *mode);

struct Device
{
    qint64 id = 0;
    QString mac; // normalised
    QString uuid;
    QString serial;
    QString manufacturer;
    QString model;
    QString assetTag;
    QString architecture; // e.g. "bios", "x64-uefi"
    qint64 ramMb = 0;
    qint64 diskMb = 0;
    QString name;
    ImageSafeData imageSafe;
    bool hasMenuOverride = false;
    MenuMode menuOverride = MenuMode::Hotkey;
    QDateTime firstSeen;
    QDateTime lastSeen;
    // The stored row's revision when read from the store (0: not read, a save is not checked).
    qint64 revision = 0;

    QJsonObject toJson() const;
    static Device fromJson(const QJsonObject &object);
    friend bool operator==(const Device &, const Device &) = default;
};

} // namespace bootbench
