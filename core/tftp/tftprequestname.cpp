#include "tftp/tftprequestname.h"

#include <QStringDecoder>
#include <QStringList>

namespace bootbench {

bool TftpRequestName::normalise(const QByteArray &requested, QString *normalised, QString *reason)
{
    if (requested.size() > kMaxNameBytes) {
        *reason = QStringLiteral("the name is %1 bytes long (at most %2)").arg(requested.size()).arg(kMaxNameBytes);
        return false;
    }
    for (const char c : requested) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            *reason = QStringLiteral("the name contains the control character 0x%1")
                          .arg(QString::number(byte, 16).rightJustified(2, QLatin1Char('0')));
            return false;
        }
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(requested);
    if (utf8.hasError()) {
        *reason = QStringLiteral("the name is not valid UTF-8");
        return false;
    }
    text.replace(QLatin1Char('\\'), QLatin1Char('/'));
    QStringList parts;
    for (const QString &part : text.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("."))
            continue;
        if (part == QLatin1String("..")) {
            *reason = QStringLiteral("the name climbs out of the TFTP root with \"..\"");
            return false;
        }
        if (part.toUtf8().size() > kMaxComponentBytes) {
            *reason = QStringLiteral("a part of the name is longer than %1 bytes").arg(kMaxComponentBytes);
            return false;
        }
        parts << part;
    }
    if (parts.isEmpty()) {
        *reason = QStringLiteral("the name is empty once normalised");
        return false;
    }
    *normalised = parts.join(QLatin1Char('/'));
    return true;
}

} // namespace bootbench
