#pragma once

#include "menu/menu.h"

#include <QHash>
#include <QSyntaxHighlighter>

namespace bootbench {

// Highlights pxemenu.txt: directives, actions, quoted labels, comments, numbers; and underlines
// what the parser complained about (red: error, orange: warning) at the line and column it gave.
class MenuHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuHighlighter)

public:
    enum class Kind { Plain, Directive, Action, String, Comment, Number, Error, Warning };

    explicit MenuHighlighter(QTextDocument *document);

    void setDiagnostics(const QList<MenuDiagnostic> &diagnostics);
    static Kind kindOf(const QTextCharFormat &format);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat format(Kind kind) const;

    QHash<int, QList<MenuDiagnostic>> m_byLine; // 1-based line
};

} // namespace bootbench
