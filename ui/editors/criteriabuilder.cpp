#include "editors/criteriabuilder.h"

#include "editors/fielderror.h"
#include "model/macaddress.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bootbench {

namespace {
constexpr int kIsGroupRole = Qt::UserRole + 1;
using Field = RuleCriterion::Field;
using Compare = RuleCriterion::Compare;
using Node = RuleCriterion::Node;

QString fieldName(Field f)
{
    switch (f) {
    case Field::Mac: return CriteriaBuilder::tr("MAC address");
    case Field::Manufacturer: return CriteriaBuilder::tr("Manufacturer");
    case Field::Model: return CriteriaBuilder::tr("Model");
    case Field::Serial: return CriteriaBuilder::tr("Serial number");
    case Field::AssetTag: return CriteriaBuilder::tr("Asset tag");
    case Field::Architecture: return CriteriaBuilder::tr("Architecture");
    case Field::RamMb: return CriteriaBuilder::tr("RAM (MB)");
    case Field::DiskMb: return CriteriaBuilder::tr("Disk (MB)");
    }
    return {};
}

QString compareName(Compare c)
{
    switch (c) {
    case Compare::Contains: return CriteriaBuilder::tr("contains");
    case Compare::Equals: return CriteriaBuilder::tr("equals");
    case Compare::StartsWith: return CriteriaBuilder::tr("starts with");
    case Compare::Less: return QStringLiteral("<");
    case Compare::LessOrEqual: return QStringLiteral("≤");
    case Compare::Greater: return QStringLiteral(">");
    case Compare::GreaterOrEqual: return QStringLiteral("≥");
    }
    return {};
}

QString placeholderFor(Field f)
{
    switch (f) {
    case Field::Mac: return QStringLiteral("52:54:00");
    case Field::Manufacturer: return QStringLiteral("Dell Inc.");
    case Field::Model: return QStringLiteral("OptiPlex 7090");
    case Field::Architecture: return CriteriaBuilder::tr("bios, x64-uefi, …");
    case Field::RamMb: return QStringLiteral("8192");
    case Field::DiskMb: return QStringLiteral("256000");
    default: return {};
    }
}
} // namespace

CriteriaBuilder::CriteriaBuilder(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_addCondition(new QPushButton(tr("Add &condition"), this))
    , m_addGroup(new QPushButton(tr("Add &group"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
{
    m_tree->setObjectName(QStringLiteral("criteriaTree"));
    m_tree->setColumnCount(4);
    m_tree->setHeaderLabels({tr("Condition"), tr("Comparison"), tr("Value"), tr("Problem")});
    m_tree->setUniformRowHeights(false);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(ConditionColumn, 200);
    m_tree->setColumnWidth(CompareColumn, 110);
    m_tree->setColumnWidth(ValueColumn, 170);
    m_addCondition->setObjectName(QStringLiteral("addCondition"));
    m_addGroup->setObjectName(QStringLiteral("addGroup"));
    m_remove->setObjectName(QStringLiteral("removeCriterion"));
    m_error = new FieldError(m_tree, this);

    auto *groupMenu = new QMenu(m_addGroup);
    groupMenu->addAction(tr("All of (AND)"), this, [this] { addGroup(targetGroup(), Node::And); });
    groupMenu->addAction(tr("Any of (OR)"), this, [this] { addGroup(targetGroup(), Node::Or); });
    groupMenu->addAction(tr("Not (NOT)"), this, [this] { addGroup(targetGroup(), Node::Not); });
    m_addGroup->setMenu(groupMenu);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addCondition);
    buttons->addWidget(m_addGroup);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_error);

    connect(m_addCondition, &QPushButton::clicked, this, [this] { addCondition(targetGroup()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeItem(m_tree->currentItem()); });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &CriteriaBuilder::updateButtons);
    setCriteria(RuleCriterion::all({}));
}

QTreeWidgetItem *CriteriaBuilder::root() const
{
    return m_tree->topLevelItem(0);
}

void CriteriaBuilder::setCriteria(const RuleCriterion &criteria)
{
    m_building = true;
    m_tree->clear();
    // The top of the tree is always a group, so conditions can be added next to a single one.
    if (criteria.node == Node::Leaf)
        insert(nullptr, RuleCriterion::all({criteria}));
    else
        insert(nullptr, criteria);
    m_tree->expandAll();
    m_tree->setCurrentItem(root());
    m_building = false;
    validate();
}

QTreeWidgetItem *CriteriaBuilder::insert(QTreeWidgetItem *parent, const RuleCriterion &c)
{
    auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
    item->setForeground(ProblemColumn, QColor(0xc6, 0x28, 0x28));
    const bool group = c.node != Node::Leaf;
    item->setData(ConditionColumn, kIsGroupRole, group);
    if (group) {
        auto *node = new QComboBox(m_tree);
        node->setObjectName(QStringLiteral("groupNode"));
        node->addItem(tr("All of (AND)"), int(Node::And));
        node->addItem(tr("Any of (OR)"), int(Node::Or));
        node->addItem(tr("Not (NOT)"), int(Node::Not));
        node->setCurrentIndex(node->findData(int(c.node)));
        m_tree->setItemWidget(item, ConditionColumn, node);
        connect(node, &QComboBox::currentIndexChanged, this, &CriteriaBuilder::validate);
        for (const RuleCriterion &child : c.children)
            insert(item, child);
        item->setExpanded(true);
        return item;
    }
    auto *field = new QComboBox(m_tree);
    field->setObjectName(QStringLiteral("conditionField"));
    for (int f = 0; f <= int(Field::DiskMb); ++f)
        field->addItem(fieldName(Field(f)), f);
    field->setCurrentIndex(field->findData(int(c.field)));
    auto *compare = new QComboBox(m_tree);
    compare->setObjectName(QStringLiteral("conditionCompare"));
    auto *value = new QLineEdit(m_tree);
    value->setObjectName(QStringLiteral("conditionValue"));
    value->setText(c.value);
    m_tree->setItemWidget(item, ConditionColumn, field);
    m_tree->setItemWidget(item, CompareColumn, compare);
    m_tree->setItemWidget(item, ValueColumn, value);
    fillCompares(item, c.compare);
    connect(field, &QComboBox::currentIndexChanged, this, [this, item] {
        auto *cmp = qobject_cast<QComboBox *>(m_tree->itemWidget(item, CompareColumn));
        fillCompares(item, Compare(cmp->currentData().toInt()));
        validate();
    });
    connect(compare, &QComboBox::currentIndexChanged, this, &CriteriaBuilder::validate);
    connect(value, &QLineEdit::textChanged, this, &CriteriaBuilder::validate);
    return item;
}

void CriteriaBuilder::fillCompares(QTreeWidgetItem *condition, Compare wanted)
{
    auto *field = qobject_cast<QComboBox *>(m_tree->itemWidget(condition, ConditionColumn));
    auto *compare = qobject_cast<QComboBox *>(m_tree->itemWidget(condition, CompareColumn));
    auto *value = qobject_cast<QLineEdit *>(m_tree->itemWidget(condition, ValueColumn));
    const Field f = Field(field->currentData().toInt());
    const QList<Compare> compares = isNumericField(f)
                                        ? QList<Compare>{Compare::Equals, Compare::Less, Compare::LessOrEqual,
                                                         Compare::Greater, Compare::GreaterOrEqual}
                                        : QList<Compare>{Compare::Contains, Compare::Equals, Compare::StartsWith};
    const QSignalBlocker block(compare);
    compare->clear();
    for (Compare c : compares)
        compare->addItem(compareName(c), int(c));
    const int index = compare->findData(int(wanted));
    compare->setCurrentIndex(index >= 0 ? index : 0);
    value->setPlaceholderText(placeholderFor(f));
}

QTreeWidgetItem *CriteriaBuilder::targetGroup() const
{
    QTreeWidgetItem *item = m_tree->currentItem();
    while (item && !item->data(ConditionColumn, kIsGroupRole).toBool())
        item = item->parent();
    return item ? item : root();
}

QTreeWidgetItem *CriteriaBuilder::addCondition(QTreeWidgetItem *group, Field field, Compare compare,
                                               const QString &value)
{
    QTreeWidgetItem *item = insert(group ? group : root(), RuleCriterion::leaf(field, compare, value));
    item->parent()->setExpanded(true);
    m_tree->setCurrentItem(item);
    if (auto *edit = qobject_cast<QLineEdit *>(m_tree->itemWidget(item, ValueColumn)))
        edit->setFocus();
    validate();
    return item;
}

QTreeWidgetItem *CriteriaBuilder::addGroup(QTreeWidgetItem *group, Node node)
{
    RuleCriterion c;
    c.node = node;
    QTreeWidgetItem *item = insert(group ? group : root(), c);
    item->parent()->setExpanded(true);
    m_tree->setCurrentItem(item);
    validate();
    return item;
}

void CriteriaBuilder::removeItem(QTreeWidgetItem *item)
{
    if (!item || item == root())
        return;
    QTreeWidgetItem *parent = item->parent();
    delete item;
    m_tree->setCurrentItem(parent);
    validate();
}

void CriteriaBuilder::setValue(QTreeWidgetItem *condition, const QString &value)
{
    if (auto *edit = qobject_cast<QLineEdit *>(m_tree->itemWidget(condition, ValueColumn)))
        edit->setText(value);
}

void CriteriaBuilder::setNode(QTreeWidgetItem *group, Node node)
{
    if (auto *combo = qobject_cast<QComboBox *>(m_tree->itemWidget(group, ConditionColumn)))
        combo->setCurrentIndex(combo->findData(int(node)));
}

RuleCriterion CriteriaBuilder::read(QTreeWidgetItem *item) const
{
    RuleCriterion c;
    auto *first = qobject_cast<QComboBox *>(m_tree->itemWidget(item, ConditionColumn));
    if (item->data(ConditionColumn, kIsGroupRole).toBool()) {
        c.node = Node(first->currentData().toInt());
        for (int i = 0; i < item->childCount(); ++i)
            c.children << read(item->child(i));
        return c;
    }
    auto *compare = qobject_cast<QComboBox *>(m_tree->itemWidget(item, CompareColumn));
    auto *value = qobject_cast<QLineEdit *>(m_tree->itemWidget(item, ValueColumn));
    c.field = Field(first->currentData().toInt());
    c.compare = Compare(compare->currentData().toInt());
    c.value = value->text().trimmed();
    // A whole MAC compares in its normalised form, whatever way it was typed.
    if (c.field == Field::Mac && c.compare == Compare::Equals && isValidMac(c.value))
        c.value = normaliseMac(c.value);
    return c;
}

RuleCriterion CriteriaBuilder::criteria() const
{
    if (!root())
        return {};
    const RuleCriterion c = read(root());
    if (c.node == Node::And && c.children.size() == 1)
        return c.children.first();
    return c;
}

QString CriteriaBuilder::problemOf(QTreeWidgetItem *item) const
{
    const RuleCriterion c = read(item);
    switch (c.node) {
    case Node::And:
    case Node::Or:
        if (c.children.isEmpty())
            return item == root() ? tr("Add at least one condition: a rule without criteria matches nothing.")
                                  : tr("Add at least one condition to this group, or remove it.");
        return {};
    case Node::Not:
        return c.children.size() == 1 ? QString()
                                      : tr("NOT takes exactly one condition (put a group inside it for more).");
    case Node::Leaf: break;
    }
    if (c.value.isEmpty())
        return tr("Enter a value.");
    if (isNumericField(c.field)) {
        bool ok = false;
        const qint64 n = c.value.toLongLong(&ok);
        if (!ok || n < 0)
            return tr("Enter a whole number of MB, e.g. 8192.");
    } else if (c.field == Field::Mac && c.compare == Compare::Equals && !isValidMac(c.value)) {
        return tr("Not a whole MAC address: use \"contains\" or \"starts with\" for a part of one.");
    }
    return {};
}

void CriteriaBuilder::validate()
{
    if (m_building)
        return;
    m_problems.clear();
    // Depth-first, in display order, so the first problem listed is the first one seen.
    QList<QTreeWidgetItem *> stack{root()};
    while (!stack.isEmpty()) {
        QTreeWidgetItem *item = stack.takeFirst();
        if (!item)
            continue;
        const QString problem = problemOf(item);
        item->setText(ProblemColumn, problem);
        item->setToolTip(ProblemColumn, problem);
        if (auto *value = qobject_cast<QLineEdit *>(m_tree->itemWidget(item, ValueColumn)))
            value->setStyleSheet(problem.isEmpty() ? QString()
                                                   : QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
        if (!problem.isEmpty())
            m_problems << problem;
        QList<QTreeWidgetItem *> children;
        for (int i = 0; i < item->childCount(); ++i)
            children << item->child(i);
        stack = children + stack;
    }
    m_error->setError(m_problems.isEmpty() ? QString() : m_problems.first());
    updateButtons();
    emit changed();
}

void CriteriaBuilder::updateButtons()
{
    QTreeWidgetItem *current = m_tree->currentItem();
    m_remove->setEnabled(current && current != root());
}

} // namespace bootbench
