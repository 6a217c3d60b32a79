#include "editors/scripthighlighter.h"

namespace bootbench {

namespace {
constexpr int kKindProperty = QTextFormat::UserProperty + 1;
constexpr int kInDoubleQuote = 1; // block state: a "..." string goes on in the next line
} // namespace

ScriptHighlighter::ScriptHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_keywords(QStringLiteral("\\b(if|then|else|elif|fi|for|while|until|do|done|case|esac|in|function|"
                                "return|exit|break|continue|local|export|set|unset|trap)\\b"))
    , m_builtins(
          QStringLiteral("\\b(echo|printf|cd|test|read|shift|wait|sleep|mount|umount|mkdir|rm|cp|mv|"
                         "dd|sync|reboot|poweroff|wget|curl|sfdisk|parted|mkfs\\.[a-z0-9]+|partclone\\.[a-z0-9]+|"
                         "blkid|lsblk|img)\\b"))
    , m_variable(QStringLiteral("\\$(\\{[^}]*\\}|[A-Za-z_][A-Za-z0-9_]*|[0-9#?@*$!-])"))
    , m_number(QStringLiteral("\\b[0-9]+\\b"))
{}

QTextCharFormat ScriptHighlighter::format(Kind kind) const
{
    QTextCharFormat f;
    f.setProperty(kKindProperty, static_cast<int>(kind));
    switch (kind) {
    case Kind::Keyword:
        f.setForeground(QColor(0x1a, 0x4f, 0xa0));
        f.setFontWeight(QFont::Bold);
        break;
    case Kind::Builtin: f.setForeground(QColor(0x6a, 0x1b, 0x9a)); break;
    case Kind::Comment:
        f.setForeground(QColor(0x61, 0x75, 0x61));
        f.setFontItalic(true);
        break;
    case Kind::String: f.setForeground(QColor(0xa3, 0x4a, 0x00)); break;
    case Kind::Variable: f.setForeground(QColor(0x00, 0x79, 0x6b)); break;
    case Kind::Number: f.setForeground(QColor(0x8e, 0x24, 0xaa)); break;
    case Kind::Plain: break;
    }
    return f;
}

ScriptHighlighter::Kind ScriptHighlighter::kindOf(const QTextCharFormat &format)
{
    return format.hasProperty(kKindProperty) ? static_cast<Kind>(format.intProperty(kKindProperty)) : Kind::Plain;
}

void ScriptHighlighter::highlightBlock(const QString &text)
{
    const auto apply = [this, &text](const QRegularExpression &re, Kind kind, int from, int to) {
        auto it = re.globalMatch(QStringView(text).mid(from, to - from));
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(from + int(m.capturedStart()), int(m.capturedLength()), format(kind));
        }
    };
    // Walk the line once to find strings and the comment; highlight words only outside them.
    int i = 0;
    int plainFrom = 0;
    setCurrentBlockState(0);
    if (previousBlockState() == kInDoubleQuote) {
        const int end = int(text.indexOf(QLatin1Char('"')));
        if (end < 0) {
            setFormat(0, int(text.size()), format(Kind::String));
            apply(m_variable, Kind::Variable, 0, int(text.size()));
            setCurrentBlockState(kInDoubleQuote);
            return;
        }
        setFormat(0, end + 1, format(Kind::String));
        apply(m_variable, Kind::Variable, 0, end);
        i = plainFrom = end + 1;
    }
    const auto flushPlain = [&](int to) {
        apply(m_number, Kind::Number, plainFrom, to);
        apply(m_builtins, Kind::Builtin, plainFrom, to);
        apply(m_keywords, Kind::Keyword, plainFrom, to);
        apply(m_variable, Kind::Variable, plainFrom, to);
    };
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\')) {
            i += 2;
            continue;
        }
        if (c == QLatin1Char('#') && (i == 0 || text.at(i - 1).isSpace() || text.at(i - 1) == QLatin1Char(';'))) {
            flushPlain(i);
            setFormat(i, int(text.size()) - i, format(Kind::Comment));
            return;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            flushPlain(i);
            int end = i + 1;
            while (end < text.size() && text.at(end) != c) {
                end += (c == QLatin1Char('"') && text.at(end) == QLatin1Char('\\')) ? 2 : 1;
            }
            if (end >= text.size()) { // open to the end of the line
                setFormat(i, int(text.size()) - i, format(Kind::String));
                if (c == QLatin1Char('"')) {
                    apply(m_variable, Kind::Variable, i, int(text.size()));
                    setCurrentBlockState(kInDoubleQuote);
                }
                return;
            }
            setFormat(i, end - i + 1, format(Kind::String));
            if (c == QLatin1Char('"'))
                apply(m_variable, Kind::Variable, i, end);
            i = plainFrom = end + 1;
            continue;
        }
        ++i;
    }
    flushPlain(int(text.size()));
}

} // namespace bootbench
