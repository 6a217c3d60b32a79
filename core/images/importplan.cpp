#include "images/importplan.h"

#include <QFileInfo>
#include <QMap>

#include <algorithm>

namespace bootbench {

namespace {

// The next split(1) suffix of the same width: aa -> ab, az -> ba, 009 -> 010.
QString nextSuffix(QString s)
{
    for (int i = int(s.size()) - 1; i >= 0; --i) {
        const QChar c = s.at(i);
        if (c == QLatin1Char('z')) {
            s[i] = QLatin1Char('a');
        } else if (c == QLatin1Char('9')) {
            s[i] = QLatin1Char('0');
        } else {
            s[i] = QChar(c.unicode() + 1);
            return s;
        }
    }
    return {};
}

} // namespace

QStringList orderedPieces(const QMap<QString, QString> &pieces, const QString &base, QString *error)
{
    QStringList out;
    if (pieces.isEmpty()) {
        *error = QStringLiteral("%1 has no pieces").arg(base);
        return {};
    }
    QString expected = pieces.firstKey();
    const bool letters = expected.at(0).isLetter();
    expected.fill(letters ? QLatin1Char('a') : QLatin1Char('0'));
    for (auto it = pieces.cbegin(); it != pieces.cend(); ++it) {
        if (it.key() != expected || it.key().size() != expected.size()) {
            *error = QStringLiteral("%1.%2 is missing (the pieces found: %3)")
                         .arg(base, expected, QStringList(pieces.keys()).join(QStringLiteral(", ")));
            return {};
        }
        out << it.value();
        expected = nextSuffix(expected);
    }
    // split(1) makes every piece but the last one the same size: a smaller one was cut short.
    qint64 pieceSize = 0;
    for (int i = 0; i < out.size(); ++i)
        pieceSize = std::max(pieceSize, QFileInfo(out.at(i)).size());
    for (int i = 0; i + 1 < out.size(); ++i) {
        const qint64 size = QFileInfo(out.at(i)).size();
        if (size != pieceSize) {
            *error = QStringLiteral("%1 has %2 bytes, the other pieces %3: a piece of a split stream is "
                                    "truncated")
                         .arg(QFileInfo(out.at(i)).fileName())
                         .arg(size)
                         .arg(pieceSize);
            return {};
        }
    }
    return out;
}

} // namespace bootbench
