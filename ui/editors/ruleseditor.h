#pragma once

#include "editors/editorcommon.h"
#include "model/hardwarerule.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace bootbench {

class RuleForm;
class Store;

// The hardware rules page: the ordered list (first match wins; move up / down; enabled flag) and
// the editor of the selected rule.
class RulesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesEditor)

public:
    explicit RulesEditor(const Store &store, QWidget *parent = nullptr);

    void setConfirm(ConfirmFunction confirm) { m_confirm = std::move(confirm); }
    RuleForm *form() const { return m_form; }
    QListWidget *list() const { return m_list; }
    QString statusText() const;

public slots:
    void reload();
    void newRule();
    bool save();
    void revert();
    bool deleteSelected();
    bool moveSelected(int delta);                 // -1 up, +1 down; saved at once
    bool setRuleEnabled(qint64 id, bool enabled); // saved at once
    bool selectRule(qint64 id);

signals:
    void rulesChanged();

private:
    void currentChanged();
    void itemChanged(QListWidgetItem *item);
    void updateButtons();
    void setStatus(const QString &text, bool error);

    const Store &m_store;
    QListWidget *m_list;
    QPushButton *m_new;
    QPushButton *m_delete;
    QPushButton *m_up;
    QPushButton *m_down;
    RuleForm *m_form;
    QPushButton *m_save;
    QPushButton *m_revert;
    QLabel *m_status;
    ConfirmFunction m_confirm = messageBoxConfirm();
    QList<HardwareRule> m_rules;
    qint64 m_selected = 0; // 0: none / a new rule
    bool m_filling = false;
};

} // namespace bootbench
