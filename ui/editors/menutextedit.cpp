#include "editors/menutextedit.h"

#include "menu/menuserialiser.h"

#include <QRegularExpression>
#include <QSet>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace bootbench {

namespace {
// Groups the cursor operations of one change into one undo step.
class EditBlock
{
public:
    explicit EditBlock(QTextDocument *doc)
        : m_cursor(doc)
    {
        m_cursor.beginEditBlock();
    }
    ~EditBlock() { m_cursor.endEditBlock(); }

private:
    QTextCursor m_cursor;
};
} // namespace

QString MenuTextEdit::itemLine(const MenuItem &item)
{
    QString s = QStringLiteral("item ") + item.id + QLatin1Char(' ') + MenuSerialiser::quote(item.label) +
                QLatin1Char(' ') + menuActionKey(item.action.type);
    if (MenuAction::takesArgument(item.action.type)) {
        const QString &arg = item.action.argument;
        const bool bare = !arg.isEmpty() && !arg.contains(QLatin1Char('"')) &&
                          std::none_of(arg.cbegin(), arg.cend(), [](QChar c) { return c.isSpace(); });
        s += QLatin1Char(' ') + (bare ? arg : MenuSerialiser::quote(arg));
    }
    if (!item.key.isEmpty())
        s += QStringLiteral(" key ") + item.key;
    return s;
}

QString MenuTextEdit::lineText(int line) const
{
    return m_document->findBlockByNumber(line - 1).text();
}

void MenuTextEdit::replaceLine(int line, const QString &text)
{
    const QTextBlock block = m_document->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor c(block);
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    c.insertText(text);
}

void MenuTextEdit::insertAfter(int line, const QString &text)
{
    if (line <= 0) {
        QTextCursor c(m_document->firstBlock());
        c.insertText(text + QLatin1Char('\n'));
        return;
    }
    const QTextBlock block = m_document->findBlockByNumber(line - 1);
    QTextCursor c(block.isValid() ? block : m_document->lastBlock());
    c.movePosition(QTextCursor::EndOfBlock);
    c.insertText(QLatin1Char('\n') + text);
}

void MenuTextEdit::removeLine(int line)
{
    const QTextBlock block = m_document->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor c(block);
    if (block.next().isValid()) {
        c.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
    } else if (block.previous().isValid()) { // the last line: take the line break before it
        c.movePosition(QTextCursor::PreviousBlock);
        c.movePosition(QTextCursor::EndOfBlock);
        c.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
        c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    } else {
        c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    }
    c.removeSelectedText();
}

void MenuTextEdit::sectionRange(const Menu &menu, const QString &pageId, int *first, int *last) const
{
    *first = 1;
    *last = m_document->blockCount();
    for (int i = 0; i < menu.pages.size(); ++i) {
        if (menu.pages[i].id != pageId)
            continue;
        if (i > 0)
            *first = menu.pages[i].line;
        if (i + 1 < menu.pages.size())
            *last = menu.pages[i + 1].line - 1;
        return;
    }
}

int MenuTextEdit::directiveLine(const Menu &menu, const QString &pageId, const QString &directive) const
{
    int first = 0, last = 0;
    sectionRange(menu, pageId, &first, &last);
    const QRegularExpression re(QStringLiteral("^\\s*%1(\\s|$)").arg(directive));
    for (int line = first; line <= last; ++line) {
        if (re.match(lineText(line)).hasMatch())
            return line;
    }
    return 0;
}

bool MenuTextEdit::updateItem(const MenuItem &before, const MenuItem &after)
{
    if (before.line <= 0)
        return false;
    // Keep the line's indentation.
    const QString old = lineText(before.line);
    int lead = 0;
    while (lead < old.size() && old.at(lead).isSpace())
        ++lead;
    const EditBlock block(m_document);
    replaceLine(before.line, old.left(lead) + itemLine(after));
    return true;
}

bool MenuTextEdit::setDefault(const Menu &menu, const QString &pageId, const QString &itemId, bool isDefault)
{
    const int existing = directiveLine(menu, pageId, QStringLiteral("default"));
    const EditBlock block(m_document);
    if (!isDefault) {
        if (!existing)
            return false; // the first entry is the default without a line: nothing to remove
        removeLine(existing);
        return true;
    }
    const QString text = QStringLiteral("default ") + itemId;
    if (existing) {
        replaceLine(existing, text);
        return true;
    }
    // After the section's title / menu / timeout line, else at its top.
    int anchor = 0;
    for (const char *d : {"menu", "title", "timeout"})
        anchor = std::max(anchor, directiveLine(menu, pageId, QString::fromLatin1(d)));
    if (anchor == 0) {
        int first = 0, last = 0;
        sectionRange(menu, pageId, &first, &last);
        anchor = first - 1;
    }
    insertAfter(anchor, text);
    return true;
}

QString MenuTextEdit::addItem(const Menu &menu, const QString &pageId, const QString &label)
{
    QSet<QString> ids;
    int afterLine = 0;
    for (const MenuPage &p : menu.pages) {
        for (const MenuItem &i : p.items) {
            ids.insert(i.id);
            if (p.id == pageId)
                afterLine = std::max(afterLine, i.line);
        }
    }
    if (!afterLine) {
        for (const char *d : {"menu", "title", "timeout", "default", "password"})
            afterLine = std::max(afterLine, directiveLine(menu, pageId, QString::fromLatin1(d)));
    }
    int n = 1;
    while (ids.contains(QStringLiteral("entry%1").arg(n)))
        ++n;
    MenuItem item = MenuItem::entry(QStringLiteral("entry%1").arg(n), label, MenuAction::Type::LocalBoot);
    const EditBlock block(m_document);
    insertAfter(afterLine, itemLine(item));
    return item.id;
}

bool MenuTextEdit::removeItem(const Menu &menu, const QString &itemId)
{
    const MenuPage *page = nullptr;
    const MenuItem *item = menu.findItem(itemId, &page);
    if (!item || item->line <= 0)
        return false;
    const int defaultLine = page->defaultItem == itemId ? directiveLine(menu, page->id, QStringLiteral("default")) : 0;
    const EditBlock block(m_document);
    // The later line first, so the earlier one keeps its number.
    if (defaultLine > item->line)
        removeLine(defaultLine);
    removeLine(item->line);
    if (defaultLine && defaultLine < item->line)
        removeLine(defaultLine);
    return true;
}

bool MenuTextEdit::moveItem(const Menu &menu, const QString &itemId, int delta)
{
    const MenuPage *page = nullptr;
    const MenuItem *item = menu.findItem(itemId, &page);
    if (!item)
        return false;
    const qsizetype index =
        std::distance(page->items.cbegin(), std::find_if(page->items.cbegin(), page->items.cend(),
                                                         [&itemId](const MenuItem &i) { return i.id == itemId; }));
    const qsizetype other = index + delta;
    if (other < 0 || other >= page->items.size())
        return false;
    const int a = item->line, b = page->items.at(other).line;
    if (a <= 0 || b <= 0)
        return false;
    const QString textA = lineText(a), textB = lineText(b);
    const EditBlock block(m_document);
    replaceLine(a, textB);
    replaceLine(b, textA);
    return true;
}

} // namespace bootbench
