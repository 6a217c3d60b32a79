#include "cli/terminaltext.h"

namespace bootbench::TerminalText {

namespace {

QString hexEscape(uchar byte)
{
    return QStringLiteral("\\x%1").arg(uint(byte), 2, 16, QLatin1Char('0'));
}

bool allowedControl(uint c)
{
    return c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Length of the valid UTF-8 sequence at bytes[i], or 0 when it is not valid UTF-8 (stray or
// missing continuation bytes, overlong forms, surrogates, above U+10FFFF).
int sequenceLength(const QByteArray &bytes, qsizetype i, uint *codePoint)
{
    const auto b = [&](qsizetype k) { return uint(uchar(bytes.at(k))); };
    const uint lead = b(i);
    int length = 0;
    uint cp = 0;
    uint min = 0;
    if (lead < 0x80) {
        *codePoint = lead;
        return 1;
    } else if ((lead & 0xe0) == 0xc0) {
        length = 2, cp = lead & 0x1f, min = 0x80;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3, cp = lead & 0x0f, min = 0x800;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4, cp = lead & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > bytes.size())
        return 0;
    for (int k = 1; k < length; ++k) {
        if ((b(i + k) & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (b(i + k) & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    *codePoint = cp;
    return length;
}

} // namespace

QString escaped(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const uint u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const char32_t cp = QChar::surrogateToUcs4(c, text.at(i + 1));
            if (QChar::isPrint(cp)) {
                out += c;
                out += text.at(i + 1);
            } else {
                out += QStringLiteral("\\u{%1}").arg(uint(cp), 0, 16);
            }
            ++i;
        } else if (u == '\n' || u == '\t') {
            out += c;
        } else if (u < 0x20 || (u >= 0x7f && u < 0xa0)) {
            out += hexEscape(uchar(u));
        } else if (!c.isPrint()) {
            out += QStringLiteral("\\u{%1}").arg(u, 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out;
}

QString fromBytes(const QByteArray &bytes)
{
    QString out;
    qsizetype run = 0; // start of the current run of valid UTF-8
    for (qsizetype i = 0; i < bytes.size();) {
        uint cp = 0;
        const int length = sequenceLength(bytes, i, &cp);
        if (length > 0) {
            i += length;
            continue;
        }
        out += escaped(QString::fromUtf8(bytes.mid(run, i - run)));
        out += hexEscape(uchar(bytes.at(i)));
        run = ++i;
    }
    out += escaped(QString::fromUtf8(bytes.mid(run)));
    return out;
}

bool isText(const QByteArray &bytes, qsizetype *badOffset)
{
    for (qsizetype i = 0; i < bytes.size();) {
        uint cp = 0;
        const int length = sequenceLength(bytes, i, &cp);
        if (length == 0 || (cp < 0x20 && !allowedControl(cp)) || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            if (badOffset)
                *badOffset = i;
            return false;
        }
        i += length;
    }
    return true;
}

} // namespace bootbench::TerminalText
