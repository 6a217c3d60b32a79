#include "editors/menupreview.h"

#include <QFontDatabase>
#include <QPainter>

namespace bootbench {

namespace {
// iPXE's default colour pairs (config/colour.h): normal, chosen entry, separator.
constexpr quint8 kBlue = 1, kCyan = 3, kRed = 4, kLightGrey = 7, kWhite = 15;
constexpr int kTitleRow = 1, kMenuRow = 3, kMenuColumn = 1, kMenuWidth = MenuPreview::kColumns - 2, kPad = 2;
} // namespace

MenuPreview::MenuPreview(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("menuPreview"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    render();
}

QColor MenuPreview::vgaColour(int index)
{
    static const QRgb palette[16] = {0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
                                     0x555555, 0x5555ff, 0x55ff55, 0x55ffff, 0xff5555, 0xff55ff, 0xffff55, 0xffffff};
    return QColor(palette[index & 15]);
}

void MenuPreview::setMenu(const Menu &menu)
{
    m_menu = menu;
    if (!m_menu.page(m_page))
        m_page = Menu::mainId();
    render();
}

void MenuPreview::setPage(const QString &pageId)
{
    m_page = pageId;
    m_selected.clear();
    render();
}

void MenuPreview::setSelected(const QString &itemId)
{
    m_selected = itemId;
    render();
}

void MenuPreview::put(int row, int column, const QString &text, quint8 fg, quint8 bg)
{
    if (row < 0 || row >= kRows)
        return;
    for (int i = 0; i < text.size() && column + i < kColumns; ++i) {
        if (column + i < 0)
            continue;
        // The firmware's text console shows ASCII only.
        const QChar ch = text.at(i).unicode() >= 0x20 && text.at(i).unicode() < 0x7f ? text.at(i) : QLatin1Char('?');
        m_cells[row][column + i] = {ch, fg, bg};
    }
}

void MenuPreview::render()
{
    for (auto &row : m_cells) {
        for (Cell &c : row)
            c = Cell{QLatin1Char(' '), kLightGrey, kBlue};
    }
    const MenuPage *page = m_menu.page(m_page);
    if (!page)
        page = m_menu.main();
    if (page) {
        // Title, centred.
        const QString title = page->title.left(kColumns);
        put(kTitleRow, (kColumns - int(title.size())) / 2, title, kWhite, kBlue);
        const MenuItem *chosen = m_selected.isEmpty() ? page->defaultEntry() : page->findItem(m_selected);
        const int rows = kRows - 2 - kMenuRow; // iPXE leaves the bottom rows free
        for (int i = 0; i < page->items.size() && i < rows; ++i) {
            const MenuItem &item = page->items.at(i);
            const int row = kMenuRow + i;
            if (item.separator) {
                put(row, kMenuColumn, QString(kMenuWidth, QLatin1Char(' ')), kCyan, kBlue);
                put(row, kMenuColumn, item.label.left(kMenuWidth), kCyan, kBlue);
                continue;
            }
            const bool isChosen = &item == chosen;
            const quint8 fg = kWhite, bg = isChosen ? kRed : kBlue;
            QString text = QString(kPad, QLatin1Char(' ')) + item.label;
            text = text.left(kMenuWidth).leftJustified(kMenuWidth);
            // The count-down runs on the default entry until a key is pressed, right-aligned.
            if (isChosen && &item == page->defaultEntry() && page->timeoutSeconds > 0) {
                const QString count = QStringLiteral("(%1)").arg(page->timeoutSeconds);
                text.replace(kMenuWidth - int(count.size()) - 1, int(count.size()), count);
            }
            put(row, kMenuColumn, text, fg, bg);
        }
    }
    update();
}

QStringList MenuPreview::screenLines() const
{
    QStringList out;
    for (const auto &row : m_cells) {
        QString line;
        for (const Cell &c : row)
            line += c.ch;
        out << line;
    }
    return out;
}

QColor MenuPreview::foregroundAt(int row, int column) const
{
    return vgaColour(m_cells[std::clamp(row, 0, kRows - 1)][std::clamp(column, 0, kColumns - 1)].fg);
}

QColor MenuPreview::backgroundAt(int row, int column) const
{
    return vgaColour(m_cells[std::clamp(row, 0, kRows - 1)][std::clamp(column, 0, kColumns - 1)].bg);
}

QSize MenuPreview::sizeHint() const
{
    const QFontMetrics fm(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return {fm.horizontalAdvance(QLatin1Char('M')) * kColumns, fm.height() * kRows};
}

QSize MenuPreview::minimumSizeHint() const
{
    return {kColumns * 4, kRows * 8};
}

void MenuPreview::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    // Scale an 80×25 grid of character cells (2:1 like VGA's 9×16) into the widget.
    const double cellW = std::min(width() / double(kColumns), height() / double(kRows) / 2.0);
    const double cellH = cellW * 2.0;
    const double left = (width() - cellW * kColumns) / 2.0, top = (height() - cellH * kRows) / 2.0;
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPixelSize(std::max(4, int(cellH * 0.8)));
    font.setStyleHint(QFont::TypeWriter);
    p.setFont(font);
    for (int r = 0; r < kRows; ++r) {
        for (int c = 0; c < kColumns; ++c) {
            const Cell &cell = m_cells[r][c];
            const QRectF box(left + c * cellW, top + r * cellH, cellW + 0.5, cellH + 0.5);
            p.fillRect(box, vgaColour(cell.bg));
            if (cell.ch != QLatin1Char(' ')) {
                p.setPen(vgaColour(cell.fg));
                p.drawText(box, Qt::AlignCenter, QString(cell.ch));
            }
        }
    }
}

} // namespace bootbench
