#pragma once

#include "menu/menu.h"

#include <QStringList>

namespace bootbench {

// Reads pxemenu.txt (docs/pxemenu.md) into a Menu, with a diagnostic for every problem, each at its
// line and column. Never fails outright: what cannot be understood is reported and left out, so
// an editor can show all problems at once. Shared by the policy service, `bootbench menu check`
// and the GUI menu editor.
class MenuParser
{
public:
    static MenuParseResult parse(const QString &text);

    // Warnings (code UnknownBundle) for `bundle NAME` entries whose bundle is not in knownBundles.
    // Separate from parse() because only a caller with a store knows the bundles.
    static QList<MenuDiagnostic> checkBundles(const Menu &menu, const QStringList &knownBundles);

    // Item and menu ids: 1..32 of A-Z a-z 0-9 _ - (they become iPXE labels and URL parameters).
    static bool isValidId(const QString &id);

    // The English sentence for a diagnostic (what the parser puts in MenuDiagnostic::message).
    static QString describe(MenuDiagnosticCode code, const QStringList &args);
};

} // namespace bootbench
