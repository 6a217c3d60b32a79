#include "editors/actioneditor.h"

#include "editors/bundleproblemtext.h"
#include "editors/fielderror.h"

namespace bootbench {

ActionEditor::ActionEditor(QWidget *parent)
    : QWidget(parent)
{}

FieldError *ActionEditor::addError(const QString &key, QWidget *field)
{
    auto *e = new FieldError(field, this);
    m_errors.insert(key, e);
    return e;
}

void ActionEditor::showProblems(const QList<BundleProblem> &problems)
{
    QHash<QString, QString> messages;
    for (const BundleProblem &p : problems) {
        if (!messages.contains(p.key))
            messages.insert(p.key, BundleProblemText::message(p, type()));
    }
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        it.value()->setError(messages.value(it.key()));
}

} // namespace bootbench
