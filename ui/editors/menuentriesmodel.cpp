#include "editors/menuentriesmodel.h"

#include <QColor>

namespace bootbench {

MenuEntriesModel::MenuEntriesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString MenuEntriesModel::actionName(MenuAction::Type type)
{
    switch (type) {
    case MenuAction::Type::Imaging: return tr("Start imaging");
    case MenuAction::Type::Maintenance: return tr("Imaging maintenance");
    case MenuAction::Type::Bundle: return tr("Run a bundle");
    case MenuAction::Type::LocalBoot: return tr("Boot the local disk");
    case MenuAction::Type::Reboot: return tr("Reboot");
    case MenuAction::Type::PowerOff: return tr("Power off");
    case MenuAction::Type::Submenu: return tr("Open a submenu");
    case MenuAction::Type::Back: return tr("Back to the main menu");
    }
    return {};
}

void MenuEntriesModel::setMenu(const Menu &menu)
{
    beginResetModel();
    m_menu = menu;
    m_rows.clear();
    for (int p = 0; p < m_menu.pages.size(); ++p) {
        for (int i = 0; i < m_menu.pages[p].items.size(); ++i) {
            if (!m_menu.pages[p].items[i].separator)
                m_rows.append({p, i});
        }
    }
    endResetModel();
}

const MenuItem *MenuEntriesModel::entry(int row, const MenuPage **page) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    const MenuPage &p = m_menu.pages.at(m_rows[row].page);
    if (page)
        *page = &p;
    return &p.items.at(m_rows[row].item);
}

int MenuEntriesModel::rowOf(const QString &itemId) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (entry(r)->id == itemId)
            return r;
    }
    return -1;
}

int MenuEntriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MenuEntriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MenuEntriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MenuColumn: return tr("Menu");
    case LabelColumn: return tr("Label");
    case ActionColumn: return tr("Action");
    case ArgumentColumn: return tr("Bundle / submenu");
    case KeyColumn: return tr("Hotkey");
    case DefaultColumn: return tr("Default");
    default: return {};
    }
}

QVariant MenuEntriesModel::data(const QModelIndex &index, int role) const
{
    const MenuPage *page = nullptr;
    const MenuItem *item = index.isValid() ? entry(index.row(), &page) : nullptr;
    if (!item)
        return {};
    const bool isDefault = page->defaultEntry() == item;
    if (role == Qt::CheckStateRole && index.column() == DefaultColumn)
        return isDefault ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole)
        return tr("Line %1 of pxemenu.txt").arg(item->line);
    if (role == Qt::UserRole) // the entry's id
        return item->id;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case MenuColumn: return page->id == Menu::mainId() ? tr("main") : page->id;
    case LabelColumn: return item->label;
    case ActionColumn: return role == Qt::EditRole ? QVariant(int(item->action.type)) : actionName(item->action.type);
    case ArgumentColumn: return item->action.argument;
    case KeyColumn: return item->key;
    case DefaultColumn: return role == Qt::DisplayRole && isDefault ? tr("default") : QVariant();
    default: return {};
    }
}

Qt::ItemFlags MenuEntriesModel::flags(const QModelIndex &index) const
{
    const MenuItem *item = index.isValid() ? entry(index.row()) : nullptr;
    if (!item)
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    switch (index.column()) {
    case LabelColumn:
    case ActionColumn:
    case KeyColumn: f |= Qt::ItemIsEditable; break;
    case ArgumentColumn:
        if (MenuAction::takesArgument(item->action.type))
            f |= Qt::ItemIsEditable;
        break;
    case DefaultColumn: f |= Qt::ItemIsUserCheckable; break;
    default: break;
    }
    return f;
}

bool MenuEntriesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const MenuPage *page = nullptr;
    const MenuItem *current = index.isValid() ? entry(index.row(), &page) : nullptr;
    if (!current)
        return false;
    if (index.column() == DefaultColumn) {
        if (role != Qt::CheckStateRole)
            return false;
        emit defaultRequested(page->id, current->id, value.value<Qt::CheckState>() == Qt::Checked);
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    MenuItem item = *current;
    switch (index.column()) {
    case LabelColumn: item.label = value.toString(); break;
    case ActionColumn:
        item.action.type = MenuAction::Type(value.toInt());
        if (!MenuAction::takesArgument(item.action.type))
            item.action.argument.clear();
        break;
    case ArgumentColumn: item.action.argument = value.toString().trimmed(); break;
    case KeyColumn: item.key = value.toString().trimmed(); break;
    default: return false;
    }
    if (item == *current)
        return false;
    emit editRequested(page->id, current->id, item);
    return true;
}

} // namespace bootbench
