#pragma once

#include "images/imagestore.h"
#include "model/bundleactions.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

namespace bootbench {

class ActionEditor;
class FieldError;
class ImageChecksummer;

// The editor of one bundle: name, kind, description, kernel parameters and its actions (an ordered
// list where the kind holds several, else the one action's editor). Validates as the user types
// and shows each problem next to its field; saving is the page's business.
class BundleForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BundleForm)

public:
    BundleForm(const ImageStore &images, ImageChecksummer *checksummer, QWidget *parent = nullptr);

    void setBundle(const Bundle &bundle, bool isNew);
    Bundle bundle() const;
    bool isNew() const { return m_isNew; }
    QString originalName() const { return m_originalName; }
    bool isDirty() const;
    bool isValid() const { return m_problems.isEmpty() && !m_nameTaken; }
    const QList<BundleProblem> &problems() const { return m_problems; }
    // The sentences shown, in order (tests, and the summary line).
    QStringList problemMessages() const;
    ActionEditor *editorFor(const QString &type) const;
    int currentAction() const { return m_current; }
    void selectAction(int index);
    void addAction(const QString &type);
    // Names of the other bundles: a name in use is shown as an error while typing.
    void setTakenNames(const QStringList &names);
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *kindCombo() const { return m_kind; }
    QLineEdit *kernelParamsEdit() const { return m_kernelParams; }
    QListWidget *actionList() const { return m_actionList; }

public slots:
    void validate();

signals:
    void changed(); // content, dirtiness or validity changed

private:
    void kindChanged();
    void actionEdited();
    void removeAction();
    void moveAction(int delta);
    void rebuildActionList();
    void showCurrentEditor();
    void updateAddMenu();
    void fillChecksums();

    ImageStore m_images;
    ImageChecksummer *m_checksummer;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QPlainTextEdit *m_description;
    QLineEdit *m_kernelParams;
    FieldError *m_nameError;
    FieldError *m_kernelError;
    QWidget *m_listBox;
    QListWidget *m_actionList;
    QToolButton *m_add;
    QToolButton *m_remove;
    QToolButton *m_up;
    QToolButton *m_down;
    FieldError *m_actionsError;
    QStackedWidget *m_stack;
    QLabel *m_emptyNote;
    QList<ActionEditor *> m_editors;
    QLabel *m_summary;

    QList<BundleAction> m_actions;
    int m_current = -1;
    bool m_isNew = true;
    qint64 m_id = 0;
    qint64 m_revision = 0; // the stored row's, checked when saving (another bench may have saved since)
    bool m_loading = false;
    QString m_originalName;
    Bundle m_baseline;
    QList<BundleProblem> m_problems;
    QStringList m_takenNames;
    bool m_nameTaken = false;
};

} // namespace bootbench
