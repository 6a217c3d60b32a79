#pragma once

#include <QPlainTextEdit>

namespace bootbench {

// A plain-text editor with line numbers in the margin (diagnostics name lines).
class CodeEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodeEditor)

public:
    explicit CodeEditor(QWidget *parent = nullptr);

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);
    // Moves the cursor to a 1-based line and column and shows it.
    void goTo(int line, int column);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateMargin();
    void updateLineNumberArea(const QRect &rect, int dy);

    QWidget *m_lineNumbers;
};

} // namespace bootbench
