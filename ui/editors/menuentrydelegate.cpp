#include "editors/menuentrydelegate.h"

#include "editors/menuentriesmodel.h"

#include <QComboBox>

namespace bootbench {

QWidget *MenuEntryDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                         const QModelIndex &index) const
{
    if (index.column() != MenuEntriesModel::ActionColumn)
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto *combo = new QComboBox(parent);
    for (int t = 0; t <= int(MenuAction::Type::Back); ++t)
        combo->addItem(MenuEntriesModel::actionName(MenuAction::Type(t)), t);
    return combo;
}

void MenuEntryDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor); combo && index.column() == MenuEntriesModel::ActionColumn) {
        combo->setCurrentIndex(combo->findData(index.data(Qt::EditRole)));
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void MenuEntryDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor); combo && index.column() == MenuEntriesModel::ActionColumn) {
        model->setData(index, combo->currentData(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

} // namespace bootbench
