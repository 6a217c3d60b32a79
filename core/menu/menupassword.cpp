#include "menu/menupassword.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QStringList>

namespace bootbench {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;
const auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

struct Parsed
{
    int iterations = 0;
    QByteArray salt;
    QByteArray hash;
};

bool parse(const QString &encoded, Parsed *out)
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != QLatin1String("pbkdf2-sha256"))
        return false;
    bool ok = false;
    out->iterations = parts[1].toInt(&ok);
    if (!ok || out->iterations < MenuPassword::kMinIterations || out->iterations > MenuPassword::kMaxIterations)
        return false;
    const auto salt =
        QByteArray::fromBase64Encoding(parts[2].toLatin1(), kBase64 | QByteArray::AbortOnBase64DecodingErrors);
    const auto hash =
        QByteArray::fromBase64Encoding(parts[3].toLatin1(), kBase64 | QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || salt.decoded.size() < 8 || hash.decoded.size() != kHashBytes)
        return false;
    out->salt = salt.decoded;
    out->hash = hash.decoded;
    return true;
}

QByteArray derive(const QString &password, const QByteArray &salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt, iterations,
                                              kHashBytes);
}

} // namespace

QString MenuPassword::hash(const QString &password, int iterations)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    for (char &c : salt)
        c = char(QRandomGenerator::system()->bounded(256));
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64(kBase64)),
             QString::fromLatin1(derive(password, salt, iterations).toBase64(kBase64)));
}

bool MenuPassword::isWellFormed(const QString &encoded)
{
    Parsed p;
    return parse(encoded, &p);
}

bool MenuPassword::verify(const QString &password, const QString &encoded)
{
    Parsed p;
    if (!parse(encoded, &p))
        return false;
    const QByteArray got = derive(password, p.salt, p.iterations);
    unsigned char diff = 0;
    for (int i = 0; i < kHashBytes; ++i)
        diff |= static_cast<unsigned char>(got[i] ^ p.hash[i]);
    return diff == 0;
}

} // namespace bootbench
