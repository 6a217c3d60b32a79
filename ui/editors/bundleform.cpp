#include "editors/bundleform.h"

#include "editors/bundleproblemtext.h"
#include "editors/fielderror.h"
#include "editors/imageactioneditors.h"
#include "editors/imagechecksummer.h"
#include "editors/scriptactioneditor.h"
#include "editors/winpeactioneditor.h"
#include "images/bundlefiles.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace bootbench {

BundleForm::BundleForm(const ImageStore &images, ImageChecksummer *checksummer, QWidget *parent)
    : QWidget(parent)
    , m_images(images)
    , m_checksummer(checksummer)
    , m_name(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_description(new QPlainTextEdit(this))
    , m_kernelParams(new QLineEdit(this))
    , m_listBox(new QWidget(this))
    , m_actionList(new QListWidget(this))
    , m_add(new QToolButton(this))
    , m_remove(new QToolButton(this))
    , m_up(new QToolButton(this))
    , m_down(new QToolButton(this))
    , m_stack(new QStackedWidget(this))
    , m_emptyNote(new QLabel(this))
    , m_summary(new QLabel(this))
{
    m_name->setObjectName(QStringLiteral("bundleName"));
    m_name->setPlaceholderText(tr("e.g. win11-lab"));
    m_kind->setObjectName(QStringLiteral("bundleKind"));
    for (int k = 0; k <= static_cast<int>(BundleKind::Multicast); ++k)
        m_kind->addItem(BundleProblemText::kindName(static_cast<BundleKind>(k)), k);
    m_description->setObjectName(QStringLiteral("bundleDescription"));
    m_description->setMaximumHeight(m_description->fontMetrics().lineSpacing() * 4);
    m_description->setPlaceholderText(tr("What the bundle is for (shown to technicians only)"));
    m_kernelParams->setObjectName(QStringLiteral("kernelParams"));
    m_kernelParams->setPlaceholderText(tr("extra kernel command line, e.g. quiet nomodeset"));
    m_nameError = new FieldError(m_name, this);
    m_kernelError = new FieldError(m_kernelParams, this);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), withError(m_name, m_nameError));
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("Kernel &parameters:"), withError(m_kernelParams, m_kernelError));
    static_cast<QLabel *>(form->labelForField(m_kind))->setBuddy(m_kind);

    // The ordered list of actions (kinds that hold several).
    m_actionList->setObjectName(QStringLiteral("actionList"));
    m_actionList->setMaximumHeight(m_actionList->fontMetrics().lineSpacing() * 6);
    m_add->setObjectName(QStringLiteral("addAction"));
    m_add->setText(tr("Add"));
    m_add->setPopupMode(QToolButton::InstantPopup);
    m_add->setMenu(new QMenu(m_add));
    m_remove->setObjectName(QStringLiteral("removeAction"));
    m_remove->setText(tr("Remove"));
    m_up->setObjectName(QStringLiteral("moveActionUp"));
    m_up->setText(tr("Up"));
    m_up->setToolTip(tr("Run this action earlier"));
    m_down->setObjectName(QStringLiteral("moveActionDown"));
    m_down->setText(tr("Down"));
    m_down->setToolTip(tr("Run this action later"));
    m_actionsError = new FieldError(m_actionList, this);
    auto *buttons = new QVBoxLayout;
    for (QToolButton *b : {m_add, m_remove, m_up, m_down}) {
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        buttons->addWidget(b);
    }
    buttons->addStretch();
    auto *listRow = new QHBoxLayout;
    listRow->setContentsMargins(0, 0, 0, 0);
    listRow->addWidget(m_actionList, 1);
    listRow->addLayout(buttons);
    auto *listLayout = new QVBoxLayout(m_listBox);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(new QLabel(tr("Run in this order:"), m_listBox));
    listLayout->addLayout(listRow);
    listLayout->addWidget(m_actionsError);

    // One editor per action type; the stack shows the current action's.
    m_emptyNote->setWordWrap(true);
    m_emptyNote->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_stack->addWidget(m_emptyNote);
    m_editors = {new ScriptActionEditor(m_stack), new RestoreActionEditor(m_images, checksummer, m_stack),
                 new TakeActionEditor(m_images, m_stack), new WinPeActionEditor(m_stack),
                 new MulticastActionEditor(m_images, checksummer, m_stack)};
    for (ActionEditor *e : std::as_const(m_editors)) {
        m_stack->addWidget(e);
        connect(e, &ActionEditor::changed, this, &BundleForm::actionEdited);
    }

    auto *actionsBox = new QGroupBox(tr("Actions"), this);
    auto *actionsLayout = new QVBoxLayout(actionsBox);
    actionsLayout->addWidget(m_listBox);
    actionsLayout->addWidget(m_stack, 1);

    m_summary->setObjectName(QStringLiteral("bundleProblems"));
    m_summary->setWordWrap(true);
    m_summary->setStyleSheet(QStringLiteral("color: #c62828;"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(actionsBox, 1);
    layout->addWidget(m_summary);

    connect(m_name, &QLineEdit::textChanged, this, &BundleForm::validate);
    connect(m_kernelParams, &QLineEdit::textChanged, this, &BundleForm::validate);
    connect(m_description, &QPlainTextEdit::textChanged, this, &BundleForm::validate);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &BundleForm::kindChanged);
    connect(m_actionList, &QListWidget::currentRowChanged, this, &BundleForm::selectAction);
    connect(m_remove, &QToolButton::clicked, this, &BundleForm::removeAction);
    connect(m_up, &QToolButton::clicked, this, [this] { moveAction(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveAction(1); });

    // A checksum that arrives for an action not shown any more still completes it.
    connect(m_checksummer, &ImageChecksummer::finished, this, &BundleForm::validate);
    setBundle(Bundle{}, true);
}

void BundleForm::fillChecksums()
{
    const QString imageKey = QString::fromLatin1(paramkey::kImage);
    const QString shaKey = QString::fromLatin1(paramkey::kSha256);
    for (int i = 0; i < m_actions.size(); ++i) {
        BundleAction &a = m_actions[i];
        const QString image = a.params.value(imageKey).toString();
        const bool takesChecksum =
            a.type == QLatin1String(actionkey::kRestore) || a.type == QLatin1String(actionkey::kMulticast);
        if (i == m_current || !takesChecksum || image.isEmpty() || !a.params.value(shaKey).toString().isEmpty())
            continue;
        const QString path = m_images.absolutePath(image);
        const QString sha = m_checksummer->cached(path);
        if (sha.isEmpty()) {
            if (QFileInfo(path).isFile())
                m_checksummer->request(path);
            continue;
        }
        a.params.insert(QString::fromLatin1(paramkey::kSize), QFileInfo(path).size());
        a.params.insert(shaKey, sha);
    }
}

void BundleForm::setBundle(const Bundle &b, bool isNew)
{
    m_loading = true;
    {
        const QSignalBlocker b1(m_name), b2(m_kind), b3(m_description), b4(m_kernelParams);
        m_name->setText(b.name);
        m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(b.kind)));
        m_description->setPlainText(b.description);
        m_kernelParams->setText(b.kernelParams);
    }
    m_isNew = isNew;
    m_id = isNew ? 0 : b.id;
    m_revision = isNew ? 0 : b.revision;
    m_originalName = isNew ? QString() : b.name;
    m_actions = b.actions;
    m_current = m_actions.isEmpty() ? -1 : 0;
    updateAddMenu();
    rebuildActionList();
    showCurrentEditor();
    m_loading = false;
    // The baseline is what the editors give back, so a bundle just loaded is never "changed".
    m_baseline = bundle();
    validate();
}

Bundle BundleForm::bundle() const
{
    Bundle b;
    b.id = m_id;
    b.revision = m_revision;
    b.name = m_name->text();
    b.kind = static_cast<BundleKind>(m_kind->currentData().toInt());
    b.description = m_description->toPlainText();
    b.kernelParams = m_kernelParams->text();
    b.actions = m_actions;
    if (m_current >= 0 && m_current < b.actions.size()) {
        if (ActionEditor *e = editorFor(b.actions.at(m_current).type))
            b.actions[m_current] = e->action();
    }
    return b;
}

bool BundleForm::isDirty() const
{
    return bundle() != m_baseline;
}

ActionEditor *BundleForm::editorFor(const QString &type) const
{
    for (ActionEditor *e : m_editors) {
        if (e->type() == type)
            return e;
    }
    return nullptr;
}

void BundleForm::setTakenNames(const QStringList &names)
{
    m_takenNames = names;
    validate();
}

void BundleForm::kindChanged()
{
    const BundleKind kind = static_cast<BundleKind>(m_kind->currentData().toInt());
    m_actions = bundle().actions;
    const QStringList allowed = actionTypesForKind(kind);
    QList<BundleAction> kept;
    // Keep what fits the new kind and was filled in; make sure the kind's own action is there.
    for (const BundleAction &a : std::as_const(m_actions)) {
        if (allowed.contains(a.type) && a != defaultAction(a.type))
            kept << a;
    }
    const bool hasOwn =
        !allowed.isEmpty() && std::any_of(kept.cbegin(), kept.cend(),
                                          [&allowed](const BundleAction &a) { return a.type == allowed.first(); });
    if (!allowed.isEmpty() && !hasOwn)
        kept.prepend(defaultAction(allowed.first()));
    if (!kindAllowsSeveralActions(kind) && kept.size() > 1)
        kept = kept.mid(0, 1);
    m_actions = kept;
    m_current = m_actions.isEmpty() ? -1 : 0;
    updateAddMenu();
    rebuildActionList();
    showCurrentEditor();
    validate();
}

void BundleForm::updateAddMenu()
{
    const BundleKind kind = static_cast<BundleKind>(m_kind->currentData().toInt());
    QMenu *menu = m_add->menu();
    menu->clear();
    for (const QString &type : actionTypesForKind(kind)) {
        QAction *a = menu->addAction(BundleProblemText::actionName(type));
        a->setData(type);
        connect(a, &QAction::triggered, this, [this, type] { addAction(type); });
    }
    m_listBox->setVisible(kindAllowsSeveralActions(kind) || m_actions.size() > 1);
}

void BundleForm::addAction(const QString &type)
{
    m_actions = bundle().actions;
    m_actions << defaultAction(type);
    m_current = int(m_actions.size()) - 1;
    rebuildActionList();
    showCurrentEditor();
    validate();
}

void BundleForm::removeAction()
{
    if (m_current < 0 || m_current >= m_actions.size())
        return;
    m_actions = bundle().actions;
    m_actions.removeAt(m_current);
    m_current = std::min(m_current, int(m_actions.size()) - 1);
    rebuildActionList();
    showCurrentEditor();
    validate();
}

void BundleForm::moveAction(int delta)
{
    const int to = m_current + delta;
    if (m_current < 0 || to < 0 || to >= m_actions.size())
        return;
    m_actions = bundle().actions;
    m_actions.swapItemsAt(m_current, to);
    m_current = to;
    rebuildActionList();
    showCurrentEditor();
    validate();
}

void BundleForm::selectAction(int index)
{
    if (index == m_current || index < 0 || index >= m_actions.size())
        return;
    m_actions = bundle().actions; // keep what the current editor holds
    m_current = index;
    {
        const QSignalBlocker block(m_actionList);
        m_actionList->setCurrentRow(index);
    }
    showCurrentEditor();
    validate();
}

void BundleForm::rebuildActionList()
{
    const QSignalBlocker block(m_actionList);
    m_actionList->clear();
    for (int i = 0; i < m_actions.size(); ++i)
        m_actionList->addItem(
            QStringLiteral("%1. %2").arg(i + 1).arg(BundleProblemText::actionName(m_actions[i].type)));
    m_actionList->setCurrentRow(m_current);
    m_remove->setEnabled(m_current >= 0);
    m_up->setEnabled(m_current > 0);
    m_down->setEnabled(m_current >= 0 && m_current + 1 < m_actions.size());
    const BundleKind kind = static_cast<BundleKind>(m_kind->currentData().toInt());
    m_listBox->setVisible(kindAllowsSeveralActions(kind) || m_actions.size() > 1);
}

void BundleForm::showCurrentEditor()
{
    if (m_current < 0 || m_current >= m_actions.size()) {
        const BundleKind kind = static_cast<BundleKind>(m_kind->currentData().toInt());
        m_emptyNote->setText(kind == BundleKind::Empty
                                 ? tr("An empty bundle has no imaging work: a device it is assigned to boots its "
                                      "own disk. Use it to hold a place or to stop imaging for some devices.")
                                 : tr("No action yet: add one."));
        m_stack->setCurrentWidget(m_emptyNote);
        return;
    }
    const BundleAction &a = m_actions.at(m_current);
    ActionEditor *e = editorFor(a.type);
    if (!e) {
        m_emptyNote->setText(tr("Bootbench does not know the action \"%1\": remove it.").arg(a.type));
        m_stack->setCurrentWidget(m_emptyNote);
        return;
    }
    e->setAction(a);
    m_stack->setCurrentWidget(e);
}

void BundleForm::actionEdited()
{
    if (!m_loading)
        validate();
}

void BundleForm::validate()
{
    if (m_loading)
        return;
    fillChecksums();
    const Bundle b = bundle();
    m_problems = validateBundle(b);
    m_problems << checkBundleFiles(b, m_images);
    m_nameTaken = m_takenNames.contains(b.name);

    QString nameText, kernelText, actionsText;
    QList<BundleProblem> current;
    QHash<int, QString> perAction;
    for (const BundleProblem &p : std::as_const(m_problems)) {
        const QString type = p.action >= 0 ? b.actions.at(p.action).type : QString();
        const QString text = BundleProblemText::message(p, type);
        if (p.action == m_current && p.action >= 0)
            current << p;
        if (p.action >= 0 && !perAction.contains(p.action))
            perAction.insert(p.action, text);
        if (p.key == QLatin1String("name") && nameText.isEmpty())
            nameText = text;
        else if (p.key == QLatin1String("kernelParams") && kernelText.isEmpty())
            kernelText = text;
        else if (p.key == QLatin1String("actions") && actionsText.isEmpty())
            actionsText = text;
    }
    if (nameText.isEmpty() && m_nameTaken)
        nameText = tr("A bundle named \"%1\" exists already: choose another name.").arg(b.name);
    m_nameError->setError(nameText);
    m_kernelError->setError(kernelText);
    m_actionsError->setError(actionsText);
    if (m_current >= 0 && m_current < b.actions.size()) {
        if (ActionEditor *e = editorFor(b.actions.at(m_current).type))
            e->showProblems(current);
    }
    for (int i = 0; i < m_actionList->count(); ++i) {
        QListWidgetItem *item = m_actionList->item(i);
        item->setForeground(perAction.contains(i) ? QBrush(QColor(0xc6, 0x28, 0x28)) : QBrush());
        item->setToolTip(perAction.value(i));
    }
    if (!m_actionsError->hasError() && b.actions.isEmpty() && !actionTypesForKind(b.kind).isEmpty())
        m_actionsError->setError(BundleProblemText::message({BundleProblemCode::NoAction, -1, {}}));

    const QStringList messages = problemMessages();
    m_summary->setText(messages.isEmpty()
                           ? QString()
                           : tr("%n problem(s) to fix before saving; the first: %1", nullptr, int(messages.size()))
                                 .arg(messages.first()));
    emit changed();
}

QStringList BundleForm::problemMessages() const
{
    QStringList out;
    const Bundle b = bundle();
    if (m_nameTaken)
        out << tr("A bundle named \"%1\" exists already: choose another name.").arg(b.name);
    for (const BundleProblem &p : m_problems) {
        const QString type = p.action >= 0 && p.action < b.actions.size() ? b.actions.at(p.action).type : QString();
        const QString text = BundleProblemText::message(p, type);
        out << (p.action >= 0 ? tr("Action %1: %2").arg(p.action + 1).arg(text) : text);
    }
    return out;
}

} // namespace bootbench
