#pragma once

#include "menu/menu.h"

#include <QCoreApplication>

namespace bootbench {

// A pxemenu.txt diagnostic worded in the user's language from its code and arguments (the
// parser's own message is English, for the command line).
class MenuDiagnosticText
{
    Q_DECLARE_TR_FUNCTIONS(MenuDiagnosticText)

public:
    static QString message(const MenuDiagnostic &diagnostic);
    // "Line 12, column 7: error: …"
    static QString line(const MenuDiagnostic &diagnostic);

private:
    static QString missingWhat(const QString &english);
};

} // namespace bootbench
