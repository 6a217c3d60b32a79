#include "editors/menuhighlighter.h"

#include <QRegularExpression>

namespace bootbench {

namespace {
constexpr int kKindProperty = QTextFormat::UserProperty + 2;
}

MenuHighlighter::MenuHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{}

void MenuHighlighter::setDiagnostics(const QList<MenuDiagnostic> &diagnostics)
{
    QHash<int, QList<MenuDiagnostic>> byLine;
    for (const MenuDiagnostic &d : diagnostics)
        byLine[d.line] << d;
    if (byLine == m_byLine)
        return;
    m_byLine = byLine;
    rehighlight();
}

QTextCharFormat MenuHighlighter::format(Kind kind) const
{
    QTextCharFormat f;
    f.setProperty(kKindProperty, int(kind));
    switch (kind) {
    case Kind::Directive:
        f.setForeground(QColor(0x1a, 0x4f, 0xa0));
        f.setFontWeight(QFont::Bold);
        break;
    case Kind::Action: f.setForeground(QColor(0x6a, 0x1b, 0x9a)); break;
    case Kind::String: f.setForeground(QColor(0xa3, 0x4a, 0x00)); break;
    case Kind::Comment:
        f.setForeground(QColor(0x61, 0x75, 0x61));
        f.setFontItalic(true);
        break;
    case Kind::Number: f.setForeground(QColor(0x8e, 0x24, 0xaa)); break;
    case Kind::Error:
    case Kind::Warning:
        f.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        f.setUnderlineColor(kind == Kind::Error ? QColor(0xd3, 0x2f, 0x2f) : QColor(0xef, 0x8f, 0x00));
        break;
    case Kind::Plain: break;
    }
    return f;
}

MenuHighlighter::Kind MenuHighlighter::kindOf(const QTextCharFormat &format)
{
    return format.hasProperty(kKindProperty) ? Kind(format.intProperty(kKindProperty)) : Kind::Plain;
}

void MenuHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression directive(QStringLiteral("^\\s*(title|timeout|default|password|item|separator|"
                                                             "menu)\\b"));
    static const QRegularExpression action(QStringLiteral("\\s(imaging|maintenance|bundle|local|reboot|poweroff|"
                                                          "submenu|back|key)(?=\\s|$)"));
    static const QRegularExpression number(QStringLiteral("\\b[0-9]+\\b"));
    static const QRegularExpression quoted(QStringLiteral("\"(\\\\.|[^\"\\\\])*\"?"));

    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('#'))) {
        setFormat(0, int(text.size()), format(Kind::Comment));
    } else {
        const auto d = directive.match(text);
        if (d.hasMatch()) {
            setFormat(int(d.capturedStart(1)), int(d.capturedLength(1)), format(Kind::Directive));
            const QString word = d.captured(1);
            if (word == QLatin1String("timeout")) {
                auto it = number.globalMatch(text, d.capturedEnd(1));
                while (it.hasNext()) {
                    const auto m = it.next();
                    setFormat(int(m.capturedStart()), int(m.capturedLength()), format(Kind::Number));
                }
            }
            if (word == QLatin1String("item")) {
                // Tokens: item ID LABEL ACTION [ARGUMENT] [key K]: colour the action and "key".
                static const QRegularExpression token(QStringLiteral("\"(\\\\.|[^\"\\\\])*\"?|\\S+"));
                auto it = token.globalMatch(text);
                for (int i = 0; it.hasNext(); ++i) {
                    const auto m = it.next();
                    const bool isAction = i == 3 && action.match(QLatin1Char(' ') + m.captured()).hasMatch();
                    const bool isKey = i >= 4 && m.captured() == QLatin1String("key");
                    if (isAction || isKey)
                        setFormat(int(m.capturedStart()), int(m.capturedLength()), format(Kind::Action));
                }
            }
        }
        auto it = quoted.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), format(Kind::String));
        }
    }
    // Diagnostics of this line: underline the word the column points at (or the line's end).
    const auto found = m_byLine.constFind(currentBlock().blockNumber() + 1);
    if (found == m_byLine.cend())
        return;
    for (const MenuDiagnostic &diag : *found) {
        int start = std::clamp(diag.column - 1, 0, int(text.size()));
        int end = start;
        while (end < text.size() && !text.at(end).isSpace())
            ++end;
        if (end == start) { // at the end of the line: mark the last word
            end = int(text.size());
            start = end;
            while (start > 0 && text.at(start - 1).isSpace())
                --start;
            int wordStart = start;
            while (wordStart > 0 && !text.at(wordStart - 1).isSpace())
                --wordStart;
            start = wordStart;
        }
        const Kind kind = diag.severity == MenuDiagnostic::Severity::Error ? Kind::Error : Kind::Warning;
        for (int i = start; i < end; ++i) {
            QTextCharFormat f = QSyntaxHighlighter::format(i);
            const QTextCharFormat u = format(kind);
            f.setUnderlineStyle(u.underlineStyle());
            f.setUnderlineColor(u.underlineColor());
            f.setProperty(kKindProperty, int(kind));
            setFormat(i, 1, f);
        }
    }
}

} // namespace bootbench
