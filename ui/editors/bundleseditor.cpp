#include "editors/bundleseditor.h"

#include "editors/bundleform.h"
#include "editors/bundleproblemtext.h"
#include "editors/imagechecksummer.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/rulerepository.h"
#include "store/store.h"
#include "store/transaction.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

namespace bootbench {

namespace {
constexpr int kNameRole = Qt::UserRole + 1;
}

BundlesEditor::BundlesEditor(const Store &store, const ImageStore &images, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_checksummer(new ImageChecksummer(this))
    , m_list(new QListWidget(this))
    , m_new(new QPushButton(tr("&New bundle"), this))
    , m_delete(new QPushButton(tr("&Delete…"), this))
    , m_form(new BundleForm(images, m_checksummer, this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_revert(new QPushButton(tr("&Revert"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("bundlesEditor"));
    m_list->setObjectName(QStringLiteral("bundleList"));
    m_list->setSpacing(3); // each bundle is two lines (name, kind): keep bundles apart
    m_new->setObjectName(QStringLiteral("newBundle"));
    m_delete->setObjectName(QStringLiteral("deleteBundle"));
    m_save->setObjectName(QStringLiteral("saveBundle"));
    m_revert->setObjectName(QStringLiteral("revertBundle"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Imaging bundles:"), left));
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_delete);
    leftLayout->addLayout(listButtons);

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
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    m_save->setDefault(true);
    connect(m_list, &QListWidget::currentItemChanged, this, &BundlesEditor::currentChanged);
    connect(m_new, &QPushButton::clicked, this, &BundlesEditor::newBundle);
    connect(m_delete, &QPushButton::clicked, this, &BundlesEditor::deleteSelected);
    connect(m_save, &QPushButton::clicked, this, &BundlesEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &BundlesEditor::revert);
    connect(m_form, &BundleForm::changed, this, &BundlesEditor::updateButtons);
    reload();
    if (m_selected.isEmpty() && m_list->count() > 0)
        m_list->setCurrentRow(0);
}

QString BundlesEditor::statusText() const
{
    return m_status->text();
}

void BundlesEditor::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
}

void BundlesEditor::reload()
{
    QString error;
    const QList<Bundle> bundles = BundleRepository(m_store).list(&error);
    if (!error.isEmpty()) {
        setStatus(tr("Cannot read the bundles: %1").arg(error), true);
        return;
    }
    QStringList names;
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (const Bundle &b : bundles) {
            auto *item = new QListWidgetItem(m_list);
            item->setText(QStringLiteral("%1\n%2").arg(b.name, BundleProblemText::kindName(b.kind)));
            item->setData(kNameRole, b.name);
            item->setToolTip(BundleProblemText::kindName(b.kind) +
                             (b.description.isEmpty() ? QString() : QStringLiteral("\n") + b.description));
            names << b.name;
        }
        for (int i = 0; i < m_list->count(); ++i) {
            if (m_list->item(i)->data(kNameRole).toString() == m_selected && !m_selected.isEmpty())
                m_list->setCurrentRow(i);
        }
    }
    QStringList taken = names;
    taken.removeAll(m_form->originalName());
    m_form->setTakenNames(taken);
    // Show what the store holds now unless the user is in the middle of an edit.
    if (!m_form->isNew() && !m_form->isDirty()) {
        const auto it =
            std::find_if(bundles.cbegin(), bundles.cend(), [this](const Bundle &b) { return b.name == m_selected; });
        if (it != bundles.cend()) {
            // Only when it changed: reloading resets the chosen action and the cursor.
            if (*it != m_form->bundle())
                m_form->setBundle(*it, false);
        } else if (!bundles.isEmpty()) {
            m_list->setCurrentRow(0); // loads it through currentChanged
        } else {
            m_selected.clear();
            m_form->setBundle(Bundle{}, true);
        }
    }
    updateButtons();
}

bool BundlesEditor::confirmDiscard()
{
    if (!m_form->isDirty())
        return true;
    return m_confirm(this, tr("Unsaved changes"),
                     tr("The bundle \"%1\" has changes that are not saved. Discard them?").arg(m_form->bundle().name));
}

void BundlesEditor::currentChanged()
{
    if (m_reverting)
        return;
    QListWidgetItem *item = m_list->currentItem();
    const QString name = item ? item->data(kNameRole).toString() : QString();
    if (name == m_selected && !m_form->isNew())
        return;
    if (!confirmDiscard()) {
        // Go back to the bundle being edited.
        m_reverting = true;
        const QSignalBlocker block(m_list);
        m_list->setCurrentRow(-1);
        for (int i = 0; i < m_list->count(); ++i) {
            if (m_list->item(i)->data(kNameRole).toString() == m_selected)
                m_list->setCurrentRow(i);
        }
        m_reverting = false;
        return;
    }
    QString error;
    const std::optional<Bundle> b = name.isEmpty() ? std::nullopt : BundleRepository(m_store).find(name, &error);
    m_selected = b ? name : QString();
    m_form->setBundle(b.value_or(Bundle{}), !b.has_value());
    reload();
    setStatus(error, !error.isEmpty());
}

bool BundlesEditor::selectBundle(const QString &name)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(kNameRole).toString() == name) {
            m_list->setCurrentRow(i);
            return m_selected == name;
        }
    }
    return false;
}

void BundlesEditor::newBundle()
{
    if (!confirmDiscard())
        return;
    {
        const QSignalBlocker block(m_list);
        m_list->setCurrentRow(-1);
    }
    m_selected.clear();
    Bundle b;
    b.kind = BundleKind::Script;
    b.actions << defaultAction(QString::fromLatin1(actionkey::kScript));
    m_form->setBundle(b, true);
    reload();
    m_form->nameEdit()->setFocus();
    setStatus(tr("New bundle: give it a name and its actions, then save."), false);
}

void BundlesEditor::updateButtons()
{
    m_save->setEnabled((m_form->isNew() || m_form->isDirty()) && m_form->isValid());
    m_revert->setEnabled(m_form->isDirty());
    m_delete->setEnabled(!m_selected.isEmpty());
}

bool BundlesEditor::save()
{
    m_form->validate();
    if (!m_form->isValid()) {
        setStatus(tr("Not saved: %1").arg(m_form->problemMessages().value(0)), true);
        return false;
    }
    const Bundle b = m_form->bundle();
    const QString original = m_form->originalName();
    QString error;
    Transaction tx(m_store.database());
    const BundleRepository repo(m_store);
    bool ok = false;
    if (m_form->isNew())
        ok = repo.add(b, &error);
    else
        ok = (original == b.name || repo.rename(original, b.name, &error)) && repo.update(b, &error);
    if (!ok || !tx.commit(&error)) {
        setStatus(tr("Not saved: %1").arg(error), true);
        return false;
    }
    m_selected = b.name;
    QString reread;
    m_form->setBundle(repo.find(b.name, &reread).value_or(b), false); // with the new row revision
    reload();
    setStatus(tr("Saved \"%1\".").arg(b.name), false);
    emit bundlesChanged();
    return true;
}

void BundlesEditor::revert()
{
    QString error;
    const std::optional<Bundle> b =
        m_selected.isEmpty() ? std::nullopt : BundleRepository(m_store).find(m_selected, &error);
    m_form->setBundle(b.value_or(Bundle{}), !b.has_value());
    reload();
    setStatus(QString(), false);
}

bool BundlesEditor::deleteSelected()
{
    if (m_selected.isEmpty())
        return false;
    const QString name = m_selected;
    QStringList macs, rules;
    QString error;
    if (!BundleRepository(m_store).usage(name, &macs, &rules, &error)) {
        setStatus(tr("Cannot check where \"%1\" is used: %2").arg(name, error), true);
        return false;
    }
    QString question;
    if (macs.isEmpty() && rules.isEmpty()) {
        question = tr("Delete the bundle \"%1\"? It is not assigned to any device nor used by any rule.").arg(name);
    } else {
        // Name the devices as the technician knows them.
        QStringList devices;
        for (const QString &mac : std::as_const(macs)) {
            const std::optional<Device> d = DeviceRepository(m_store).find(mac, &error);
            devices << (d && !d->name.isEmpty() ? QStringLiteral("%1 (%2)").arg(d->name, mac) : mac);
        }
        QStringList parts;
        if (!devices.isEmpty())
            parts << tr("It is assigned to %n device(s): %1.", nullptr, int(devices.size()))
                         .arg(devices.join(QStringLiteral(", ")));
        if (!rules.isEmpty())
            parts << tr("It is used by %n hardware rule(s): %1.", nullptr, int(rules.size()))
                         .arg(rules.join(QStringLiteral(", ")));
        question = tr("Delete the bundle \"%1\"?").arg(name) + QStringLiteral("\n\n") +
                   parts.join(QStringLiteral("\n")) + QStringLiteral("\n\n") +
                   tr("Deleting it also removes these assignments and rules.");
    }
    if (!m_confirm(this, tr("Delete bundle"), question))
        return false;

    Transaction tx(m_store.database());
    bool ok = true;
    for (const QString &mac : std::as_const(macs))
        ok = ok && AssignmentRepository(m_store).unassign(mac, &error);
    if (ok && !rules.isEmpty()) {
        const QList<HardwareRule> all = RuleRepository(m_store).list(&error);
        for (const HardwareRule &r : all) {
            if (ok && r.bundleName == name)
                ok = RuleRepository(m_store).remove(r.id, &error);
        }
    }
    ok = ok && error.isEmpty() && BundleRepository(m_store).remove(name, &error) && tx.commit(&error);
    if (!ok) {
        setStatus(tr("Not deleted: %1").arg(error), true);
        return false;
    }
    m_selected.clear();
    m_form->setBundle(Bundle{}, false);
    reload();
    setStatus(tr("Deleted \"%1\".").arg(name), false);
    emit bundlesChanged();
    return true;
}

} // namespace bootbench
