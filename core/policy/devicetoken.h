#pragma once

#include <QByteArray>
#include <QString>

namespace bootbench {

// The per-device token the imaging environment shows the engine API. Derived, not stored:
// HMAC-SHA256(server secret, MAC), so it needs no table, survives restarts and is different for
// every device. The secret lives in the store's settings (created on first use).
class DeviceToken
{
public:
    static QString settingKey() { return QStringLiteral("policy.tokenSecret"); }
    static QByteArray newSecret(); // 32 random bytes, base64url text
    static QString make(const QByteArray &secret, const QString &mac);
    static bool check(const QByteArray &secret, const QString &mac, const QString &token); // constant time
};

} // namespace bootbench
