#include "model/macaddress.h"

namespace bootbench {

QString normaliseMac(const QString &text)
{
    QString hex;
    hex.reserve(12);
    for (const QChar c : text.trimmed()) {
        if (c == QLatin1Char(':') || c == QLatin1Char('-') || c == QLatin1Char('.'))
            continue;
        const char l = c.toLatin1();
        const bool isHex = (l >= '0' && l <= '9') || (l >= 'a' && l <= 'f') || (l >= 'A' && l <= 'F');
        if (!isHex)
            return {};
        hex += c.toLower();
    }
    if (hex.size() != 12)
        return {};
    QString out;
    for (int i = 0; i < 12; i += 2) {
        if (i)
            out += QLatin1Char(':');
        out += QStringView(hex).mid(i, 2);
    }
    return out;
}

QString macFromBytes(const QByteArray &sixBytes)
{
    if (sixBytes.size() < 6)
        return {};
    return QString::fromLatin1(sixBytes.left(6).toHex(':'));
}

bool isValidMac(const QString &text)
{
    return !normaliseMac(text).isEmpty();
}

} // namespace bootbench
