#include "editors/ruleseditor.h"

#include "editors/ruleform.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/rulerepository.h"
#include "store/store.h"
#include "store/transaction.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

namespace bootbench {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QString ruleLabel(const HardwareRule &r)
{
    return QStringLiteral("%1. %2 → %3")
        .arg(r.position + 1)
        .arg(r.name.isEmpty() ? RulesEditor::tr("(unnamed rule)") : r.name, r.bundleName);
}
} // namespace

RulesEditor::RulesEditor(const Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_list(new QListWidget(this))
    , m_new(new QPushButton(tr("&New rule"), this))
    , m_delete(new QPushButton(tr("&Delete…"), this))
    , m_up(new QPushButton(tr("Move &up"), this))
    , m_down(new QPushButton(tr("Move do&wn"), this))
    , m_form(new RuleForm(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_revert(new QPushButton(tr("&Revert"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("rulesEditor"));
    m_list->setObjectName(QStringLiteral("ruleList"));
    m_new->setObjectName(QStringLiteral("newRule"));
    m_delete->setObjectName(QStringLiteral("deleteRule"));
    m_up->setObjectName(QStringLiteral("moveRuleUp"));
    m_down->setObjectName(QStringLiteral("moveRuleDown"));
    m_save->setObjectName(QStringLiteral("saveRule"));
    m_revert->setObjectName(QStringLiteral("revertRule"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *hint = new QLabel(tr("Checked in order; the first enabled rule that matches a device without its own "
                               "assignment gives it its work."),
                            left);
    hint->setWordWrap(true);
    leftLayout->addWidget(hint);
    leftLayout->addWidget(m_list, 1);
    auto *order = new QHBoxLayout;
    order->addWidget(m_up);
    order->addWidget(m_down);
    leftLayout->addLayout(order);
    auto *edit = new QHBoxLayout;
    edit->addWidget(m_new);
    edit->addWidget(m_delete);
    leftLayout->addLayout(edit);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_form, 1);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_status, 1);
    saveRow->addWidget(m_revert);
    saveRow->addWidget(m_save);
    rightLayout->addLayout(saveRow);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_list, &QListWidget::currentItemChanged, this, &RulesEditor::currentChanged);
    connect(m_list, &QListWidget::itemChanged, this, &RulesEditor::itemChanged);
    connect(m_new, &QPushButton::clicked, this, &RulesEditor::newRule);
    connect(m_delete, &QPushButton::clicked, this, &RulesEditor::deleteSelected);
    connect(m_up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveSelected(1); });
    connect(m_save, &QPushButton::clicked, this, &RulesEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &RulesEditor::revert);
    connect(m_form, &RuleForm::changed, this, &RulesEditor::updateButtons);
    reload();
    if (m_selected == 0 && m_list->count() > 0)
        m_list->setCurrentRow(0);
}

QString RulesEditor::statusText() const
{
    return m_status->text();
}

void RulesEditor::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
}

void RulesEditor::reload()
{
    QString error;
    m_rules = RuleRepository(m_store).list(&error);
    const QList<Bundle> bundles = BundleRepository(m_store).list(&error);
    const QList<Device> devices = DeviceRepository(m_store).list(&error);
    const QList<Assignment> assignments = AssignmentRepository(m_store).list(&error);
    if (!error.isEmpty()) {
        setStatus(tr("Cannot read the store: %1").arg(error), true);
        return;
    }
    QStringList bundleNames;
    for (const Bundle &b : bundles)
        bundleNames << b.name;
    QSet<QString> assigned;
    for (const Assignment &a : assignments)
        assigned.insert(a.mac);
    m_form->setContext(bundleNames, devices, assigned, m_rules);

    {
        m_filling = true;
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (const HardwareRule &r : std::as_const(m_rules)) {
            auto *item = new QListWidgetItem(ruleLabel(r), m_list);
            item->setData(kIdRole, r.id);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(r.enabled ? Qt::Checked : Qt::Unchecked);
            item->setToolTip(r.enabled ? tr("Enabled: uncheck to skip this rule")
                                       : tr("Disabled: check to use this rule again"));
            if (r.id == m_selected)
                m_list->setCurrentItem(item);
        }
        m_filling = false;
    }
    if (!m_form->isNew() && !m_form->isDirty()) {
        const auto it = std::find_if(m_rules.cbegin(), m_rules.cend(),
                                     [this](const HardwareRule &r) { return r.id == m_selected; });
        if (it != m_rules.cend()) {
            if (*it != m_form->rule())
                m_form->setRule(*it, false);
        } else if (!m_rules.isEmpty()) {
            m_list->setCurrentRow(0);
        } else {
            m_selected = 0;
            m_form->setRule(HardwareRule{}, true);
        }
    }
    updateButtons();
}

void RulesEditor::currentChanged()
{
    if (m_filling)
        return;
    QListWidgetItem *item = m_list->currentItem();
    const qint64 id = item ? item->data(kIdRole).toLongLong() : 0;
    if (id == m_selected && !m_form->isNew())
        return;
    if (m_form->isDirty() && !m_confirm(this, tr("Unsaved changes"),
                                        tr("The rule being edited has changes that are not saved. Discard them?"))) {
        selectRule(m_selected);
        return;
    }
    m_selected = id;
    const auto it = std::find_if(m_rules.cbegin(), m_rules.cend(), [id](const HardwareRule &r) { return r.id == id; });
    m_form->setRule(it != m_rules.cend() ? *it : HardwareRule{}, it == m_rules.cend());
    updateButtons();
}

bool RulesEditor::selectRule(qint64 id)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(kIdRole).toLongLong() == id) {
            m_list->setCurrentRow(i);
            return m_selected == id;
        }
    }
    return false;
}

void RulesEditor::newRule()
{
    if (m_form->isDirty() && !m_confirm(this, tr("Unsaved changes"),
                                        tr("The rule being edited has changes that are not saved. Discard them?")))
        return;
    {
        const QSignalBlocker block(m_list);
        m_list->setCurrentRow(-1);
    }
    m_selected = 0;
    HardwareRule r;
    r.criteria = RuleCriterion::all({});
    m_form->setRule(r, true);
    m_form->nameEdit()->setFocus();
    setStatus(tr("New rule: name it, choose its bundle and add conditions, then save. It is added at the end."), false);
    updateButtons();
}

void RulesEditor::updateButtons()
{
    const int row = m_list->currentRow();
    const bool selected = m_selected != 0 && row >= 0;
    m_delete->setEnabled(selected);
    m_up->setEnabled(selected && row > 0);
    m_down->setEnabled(selected && row + 1 < m_list->count());
    m_save->setEnabled((m_form->isNew() || m_form->isDirty()) && m_form->isValid());
    m_revert->setEnabled(m_form->isDirty());
}

bool RulesEditor::save()
{
    m_form->validate();
    if (!m_form->isValid()) {
        setStatus(tr("Not saved: %1").arg(m_form->problemMessages().value(0)), true);
        return false;
    }
    const HardwareRule r = m_form->rule();
    QString error;
    Transaction tx(m_store.database());
    const RuleRepository repo(m_store);
    const bool ok = m_form->isNew() ? repo.add(r, &error) : repo.update(r, &error);
    if (!ok || !tx.commit(&error)) {
        setStatus(tr("Not saved: %1").arg(error), true);
        return false;
    }
    if (m_form->isNew()) {
        const QList<HardwareRule> all = repo.list(&error);
        m_selected = all.isEmpty() ? 0 : all.last().id; // added at the end
    }
    m_form->setRule(HardwareRule{}, false); // not dirty: reload shows the saved rule
    reload();
    selectRule(m_selected);
    setStatus(tr("Saved."), false);
    emit rulesChanged();
    return true;
}

void RulesEditor::revert()
{
    m_form->setRule(HardwareRule{}, false);
    reload();
    if (m_selected == 0)
        newRule();
    setStatus(QString(), false);
}

bool RulesEditor::deleteSelected()
{
    if (m_selected == 0)
        return false;
    const auto it =
        std::find_if(m_rules.cbegin(), m_rules.cend(), [this](const HardwareRule &r) { return r.id == m_selected; });
    if (it == m_rules.cend())
        return false;
    if (!m_confirm(this, tr("Delete rule"), tr("Delete the rule \"%1\"?").arg(ruleLabel(*it))))
        return false;
    QString error;
    Transaction tx(m_store.database());
    if (!RuleRepository(m_store).remove(m_selected, &error) || !tx.commit(&error)) {
        setStatus(tr("Not deleted: %1").arg(error), true);
        return false;
    }
    m_selected = 0;
    m_form->setRule(HardwareRule{}, false);
    reload();
    setStatus(tr("Deleted."), false);
    emit rulesChanged();
    return true;
}

bool RulesEditor::moveSelected(int delta)
{
    const int row = m_list->currentRow();
    const int to = row + delta;
    if (m_selected == 0 || row < 0 || to < 0 || to >= m_list->count())
        return false;
    QString error;
    Transaction tx(m_store.database());
    if (!RuleRepository(m_store).move(m_selected, to, &error) || !tx.commit(&error)) {
        setStatus(tr("Not moved: %1").arg(error), true);
        return false;
    }
    reload();
    setStatus(tr("Moved to position %1.").arg(to + 1), false);
    emit rulesChanged();
    return true;
}

void RulesEditor::itemChanged(QListWidgetItem *item)
{
    if (m_filling || !item)
        return;
    setRuleEnabled(item->data(kIdRole).toLongLong(), item->checkState() == Qt::Checked);
}

bool RulesEditor::setRuleEnabled(qint64 id, bool enabled)
{
    const auto it = std::find_if(m_rules.cbegin(), m_rules.cend(), [id](const HardwareRule &r) { return r.id == id; });
    if (it == m_rules.cend())
        return false;
    HardwareRule r = *it;
    r.enabled = enabled;
    QString error;
    Transaction tx(m_store.database());
    if (!RuleRepository(m_store).update(r, &error) || !tx.commit(&error)) {
        setStatus(tr("Not saved: %1").arg(error), true);
        reload();
        return false;
    }
    if (id == m_selected && !m_form->isNew())
        m_form->setSavedEnabled(enabled);
    reload();
    setStatus(enabled ? tr("Rule enabled.") : tr("Rule disabled."), false);
    emit rulesChanged();
    return true;
}

} // namespace bootbench
