#include "policy/devicetoken.h"

#include "model/macaddress.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace bootbench {

namespace {
const auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
}

QByteArray DeviceToken::newSecret()
{
    QByteArray bytes(32, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::system()->bounded(256));
    return bytes.toBase64(kBase64);
}

QString DeviceToken::make(const QByteArray &secret, const QString &mac)
{
    const QByteArray mac6 = normaliseMac(mac).toLatin1();
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash("bootbench-engine:" + mac6, secret, QCryptographicHash::Sha256)
            .toBase64(kBase64));
}

bool DeviceToken::check(const QByteArray &secret, const QString &mac, const QString &token)
{
    if (secret.isEmpty() || normaliseMac(mac).isEmpty())
        return false;
    const QByteArray want = make(secret, mac).toLatin1();
    const QByteArray got = token.toLatin1();
    if (want.size() != got.size())
        return false;
    unsigned char diff = 0;
    for (int i = 0; i < want.size(); ++i)
        diff |= static_cast<unsigned char>(want[i] ^ got[i]);
    return diff == 0;
}

} // namespace bootbench
