#pragma once

#include "editors/actioneditor.h"

class QPlainTextEdit;

namespace bootbench {

// A script run by /bin/sh in the imaging environment, with shell syntax highlighting.
class ScriptActionEditor final : public ActionEditor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptActionEditor)

public:
    explicit ScriptActionEditor(QWidget *parent = nullptr);

    QString type() const override { return QString::fromLatin1(actionkey::kScript); }
    void setAction(const BundleAction &action) override;
    BundleAction action() const override;
    QPlainTextEdit *editor() const { return m_text; }

private:
    QPlainTextEdit *m_text;
};

} // namespace bootbench
