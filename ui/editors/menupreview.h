#pragma once

#include "menu/menu.h"

#include <QColor>
#include <QWidget>

namespace bootbench {

// Draws a Preboot Menu as the device shows it: iPXE's text-mode menu on an 80×25 screen in its
// default colours (white on blue, the chosen entry white on red, separators cyan), title centred
// on the second row, entries from the fourth, the time-out counting down on the chosen entry.
class MenuPreview final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuPreview)

public:
    static constexpr int kColumns = 80;
    static constexpr int kRows = 25;

    explicit MenuPreview(QWidget *parent = nullptr);

    void setMenu(const Menu &menu);
    void setPage(const QString &pageId);
    QString page() const { return m_page; }
    // The entry drawn as chosen (the page's default when empty).
    void setSelected(const QString &itemId);

    // The screen as text and colours (tests; also what is painted).
    QStringList screenLines() const;
    QColor foregroundAt(int row, int column) const;
    QColor backgroundAt(int row, int column) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // The 16 colours of the PC text mode (CGA/VGA palette).
    static QColor vgaColour(int index);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Cell
    {
        QChar ch = QLatin1Char(' ');
        quint8 fg = 7;
        quint8 bg = 1;
    };
    void render();
    void put(int row, int column, const QString &text, quint8 fg, quint8 bg);

    Menu m_menu;
    QString m_page;
    QString m_selected;
    Cell m_cells[kRows][kColumns];
};

} // namespace bootbench
