#include "editors/scriptactioneditor.h"

#include "editors/fielderror.h"
#include "editors/scripthighlighter.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace bootbench {

ScriptActionEditor::ScriptActionEditor(QWidget *parent)
    : ActionEditor(parent)
    , m_text(new QPlainTextEdit(this))
{
    m_text->setObjectName(QStringLiteral("script"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabStopDistance(4 * m_text->fontMetrics().horizontalAdvance(QLatin1Char(' ')));
    m_text->setPlaceholderText(
        tr("#!/bin/sh\n# Runs in the imaging environment, e.g.:\nimg restore win11.img /dev/sda"));
    new ScriptHighlighter(m_text->document());

    auto *hint =
        new QLabel(tr("Run by /bin/sh in the imaging environment. A non-zero exit status fails the work."), this);
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(hint);
    layout->addWidget(m_text, 1);
    layout->addWidget(addError(QString::fromLatin1(paramkey::kScript), m_text));
    connect(m_text, &QPlainTextEdit::textChanged, this, &ActionEditor::changed);
}

void ScriptActionEditor::setAction(const BundleAction &action)
{
    const QSignalBlocker block(m_text);
    m_text->setPlainText(action.params.value(QLatin1String(paramkey::kScript)).toString());
}

BundleAction ScriptActionEditor::action() const
{
    BundleAction a;
    a.type = type();
    a.params.insert(QLatin1String(paramkey::kScript), m_text->toPlainText());
    return a;
}

} // namespace bootbench
