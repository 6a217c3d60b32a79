#pragma once

#include "menu/menu.h"

class QTextDocument;

namespace bootbench {

// Line-precise rewrites of pxemenu.txt for the structured view: each is one undoable step of the
// document, and touches only the lines it is about (comments and layout elsewhere stay).
class MenuTextEdit
{
public:
    explicit MenuTextEdit(QTextDocument *document)
        : m_document(document)
    {}

    static QString itemLine(const MenuItem &item); // `item ID "LABEL" ACTION [ARGUMENT] [key K]`

    // Rewrites the line of `before` (as parsed) to hold `after`.
    bool updateItem(const MenuItem &before, const MenuItem &after);
    // Makes `itemId` the default of its page (isDefault), or removes the page's default line.
    bool setDefault(const Menu &menu, const QString &pageId, const QString &itemId, bool isDefault);
    // Adds an entry at the end of a page; returns its id.
    QString addItem(const Menu &menu, const QString &pageId, const QString &label);
    bool removeItem(const Menu &menu, const QString &itemId);
    bool moveItem(const Menu &menu, const QString &itemId, int delta);

    // The line (1-based) of a page directive (`default`, `timeout`, `title`), 0 when absent.
    int directiveLine(const Menu &menu, const QString &pageId, const QString &directive) const;

private:
    QString lineText(int line) const;
    void sectionRange(const Menu &menu, const QString &pageId, int *first, int *last) const;
    void replaceLine(int line, const QString &text);
    void insertAfter(int line, const QString &text);
    void removeLine(int line);

    QTextDocument *m_document;
};

} // namespace bootbench
