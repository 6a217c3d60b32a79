#include "model/menusettings.h"

namespace bootbench {

QJsonObject MenuSettings::toJson() const
{
    return {{QStringLiteral("mode"), menuModeKey(mode)},
            {QStringLiteral("timeout"), timeoutSeconds},
            {QStringLiteral("passwordHash"), passwordHash}};
}

MenuSettings MenuSettings::fromJson(const QJsonObject &o)
{
    MenuSettings s;
    menuModeFromKey(o.value(QStringLiteral("mode")).toString(), &s.mode);
    s.timeoutSeconds = o.value(QStringLiteral("timeout")).toInt(3);
    s.passwordHash = o.value(QStringLiteral("passwordHash")).toString();
    return s;
}

} // namespace bootbench
