#pragma once

#include "menu/menu.h"

#include <QAbstractTableModel>

namespace bootbench {

// The entries of a parsed pxemenu.txt as a table: menu, label, action, argument, hotkey, default.
// Edits are not applied here: they are asked for (editRequested) and the editor rewrites the text,
// which is parsed again — the text stays the one source of truth.
class MenuEntriesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuEntriesModel)

public:
    enum Column { MenuColumn = 0, LabelColumn, ActionColumn, ArgumentColumn, KeyColumn, DefaultColumn, ColumnCount };

    explicit MenuEntriesModel(QObject *parent = nullptr);

    void setMenu(const Menu &menu);
    const Menu &menu() const { return m_menu; }
    // The entry of a row and the page holding it.
    const MenuItem *entry(int row, const MenuPage **page = nullptr) const;
    int rowOf(const QString &itemId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    static QString actionName(MenuAction::Type type);

signals:
    // The user changed an entry: `item` is the entry as it should become; makeDefault is set when
    // the Default column was checked (true) or unchecked (false).
    void editRequested(const QString &pageId, const QString &itemId, const bootbench::MenuItem &item);
    void defaultRequested(const QString &pageId, const QString &itemId, bool isDefault);

private:
    struct Row
    {
        int page = 0;
        int item = 0;
    };
    Menu m_menu;
    QList<Row> m_rows;
};

} // namespace bootbench
