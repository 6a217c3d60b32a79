#pragma once

#include "model/device.h"

#include <QJsonObject>

namespace bootbench {

// When the Preboot Menu is shown (global default; a device may override the mode).
struct MenuSettings
{
    MenuMode mode = MenuMode::Hotkey;
    int timeoutSeconds = 3;
    QString passwordHash; // empty: no password. Never sent to a client.

    QJsonObject toJson() const;
    static MenuSettings fromJson(const QJsonObject &object);
    friend bool operator==(const MenuSettings &, const MenuSettings &) = default;
};

} // namespace bootbench
