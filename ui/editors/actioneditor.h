#pragma once

#include "model/bundleactions.h"

#include <QHash>
#include <QWidget>

namespace bootbench {

class FieldError;

// Edits one bundle action (one per action type). The bundle form validates the whole bundle and
// hands each editor the problems of its action, which it shows next to the fields.
class ActionEditor : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionEditor)

public:
    explicit ActionEditor(QWidget *parent = nullptr);

    virtual QString type() const = 0;
    virtual void setAction(const BundleAction &action) = 0;
    virtual BundleAction action() const = 0;
    // Problems of this action (BundleProblem::key names the field); others are cleared.
    virtual void showProblems(const QList<BundleProblem> &problems);

signals:
    void changed();

protected:
    // The error label of the field for parameter `key`.
    FieldError *addError(const QString &key, QWidget *field);
    FieldError *errorFor(const QString &key) const { return m_errors.value(key); }

private:
    QHash<QString, FieldError *> m_errors;
};

} // namespace bootbench
