#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace bootbench {

// Highlights a POSIX shell script (what an imaging-script bundle runs in the imaging
// environment): keywords, built-ins, comments, quoted strings (double-quoted ones may span lines),
// variables and numbers.
class ScriptHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptHighlighter)

public:
    explicit ScriptHighlighter(QTextDocument *document);

    // The format at a position of a block's text (tests look at what was highlighted).
    enum class Kind { Plain, Keyword, Builtin, Comment, String, Variable, Number };
    static Kind kindOf(const QTextCharFormat &format);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat format(Kind kind) const;

    QRegularExpression m_keywords;
    QRegularExpression m_builtins;
    QRegularExpression m_variable;
    QRegularExpression m_number;
};

} // namespace bootbench
