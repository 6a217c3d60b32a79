#pragma once

#include "menu/menu.h"

namespace bootbench {

// Writes a Menu as pxemenu.txt text in the canonical layout of docs/pxemenu.md: directives first,
// then the entries, each submenu in its own section; comments kept above what they described.
// MenuParser::parse(serialise(m)).menu == m for every menu the parser can produce, and for menus
// built in code as long as labels hold no line breaks (they are written as spaces).
class MenuSerialiser
{
public:
    static QString serialise(const Menu &menu);
    // "text" with \" and \\ escaped; control characters become spaces.
    static QString quote(const QString &text);
};

} // namespace bootbench
