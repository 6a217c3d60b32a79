#pragma once

#include "model/hardwarerule.h"

#include <QWidget>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace bootbench {

class FieldError;

// Builds a rule's criteria: a tree of groups (all of = AND, any of = OR, not = NOT) over
// conditions (MAC, manufacturer, model, serial, asset tag, architecture: contains / equals / starts
// with; RAM and disk in MB: numeric comparisons). Each row says what is wrong with it.
class CriteriaBuilder final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CriteriaBuilder)

public:
    enum Column { ConditionColumn = 0, CompareColumn, ValueColumn, ProblemColumn };

    explicit CriteriaBuilder(QWidget *parent = nullptr);

    void setCriteria(const RuleCriterion &criteria);
    // The tree as a criterion; a top-level "all of" with a single condition is that condition.
    RuleCriterion criteria() const;
    bool isValid() const { return m_problems.isEmpty(); }
    QStringList problems() const { return m_problems; }

    QTreeWidget *tree() const { return m_tree; }
    QTreeWidgetItem *root() const;
    QTreeWidgetItem *addCondition(QTreeWidgetItem *group,
                                  RuleCriterion::Field field = RuleCriterion::Field::Manufacturer,
                                  RuleCriterion::Compare compare = RuleCriterion::Compare::Contains,
                                  const QString &value = {});
    QTreeWidgetItem *addGroup(QTreeWidgetItem *group, RuleCriterion::Node node);
    void removeItem(QTreeWidgetItem *item);
    // The editors of a condition row (tests drive them like a user).
    void setValue(QTreeWidgetItem *condition, const QString &value);
    void setNode(QTreeWidgetItem *group, RuleCriterion::Node node);

public slots:
    void validate();

signals:
    void changed();

private:
    QTreeWidgetItem *insert(QTreeWidgetItem *parent, const RuleCriterion &criterion);
    RuleCriterion read(QTreeWidgetItem *item) const;
    QTreeWidgetItem *targetGroup() const;
    void fillCompares(QTreeWidgetItem *condition, RuleCriterion::Compare wanted);
    QString problemOf(QTreeWidgetItem *item) const;
    void updateButtons();

    QTreeWidget *m_tree;
    QPushButton *m_addCondition;
    QPushButton *m_addGroup;
    QPushButton *m_remove;
    FieldError *m_error;
    QStringList m_problems;
    bool m_building = false;
};

} // namespace bootbench
