#include "editors/menudiagnostictext.h"

namespace bootbench {

// What a directive lacks, as the parser says it in English, in the user's language.
QString MenuDiagnosticText::missingWhat(const QString &english)
{
    if (english == QLatin1String("the title text"))
        return tr("the title text");
    if (english == QLatin1String("a number of seconds"))
        return tr("a number of seconds");
    if (english == QLatin1String("the id of an entry"))
        return tr("the id of an entry");
    if (english == QLatin1String("a password hash"))
        return tr("a password hash");
    if (english == QLatin1String("the id of the menu") || english == QLatin1String("the id of a menu"))
        return tr("the id of a menu");
    if (english == QLatin1String("an id, a label and an action"))
        return tr("an id, a label and an action");
    if (english == QLatin1String("a label and an action"))
        return tr("a label and an action");
    if (english.startsWith(QLatin1String("an action (")))
        return tr("an action (%1)").arg(menuActionKeys().join(QStringLiteral(", ")));
    if (english == QLatin1String("the name of a bundle"))
        return tr("the name of a bundle");
    if (english.startsWith(QLatin1String("one letter or digit")))
        return tr("one letter or digit after \"key\"");
    return english;
}

QString MenuDiagnosticText::message(const MenuDiagnostic &d)
{
    const auto arg = [&d](int i) { return i < d.args.size() ? d.args.at(i) : QString(); };
    using Code = MenuDiagnosticCode;
    switch (d.code) {
    case Code::UnterminatedString: return tr("This quoted text has no closing \"; add one at its end.");
    case Code::InvalidEscape: return tr("\"%1\" is not allowed inside quotes; only \\\" and \\\\ are.").arg(arg(0));
    case Code::UnknownDirective:
        return tr("Unknown directive \"%1\": a line starts with title, timeout, default, password, item, separator "
                  "or menu (or # for a comment).")
            .arg(arg(0));
    case Code::MissingArgument: return tr("\"%1\" needs %2.").arg(arg(0), missingWhat(arg(1)));
    case Code::UnexpectedArgument:
        return tr("Unexpected \"%2\" after %1; put text with spaces in double quotes.").arg(arg(0), arg(1));
    case Code::DuplicateDirective:
        return tr("\"%1\" is given twice in this menu (first on line %2); keep one.").arg(arg(0), arg(1));
    case Code::InvalidTimeout:
        return tr("Time-out \"%1\" is not a whole number of seconds from 0 to %2.")
            .arg(arg(0))
            .arg(Menu::kMaxTimeoutSeconds);
    case Code::InvalidId:
        return tr("\"%1\" is not a valid id: use 1 to %2 letters, digits, _ or -.").arg(arg(0)).arg(Menu::kMaxIdLength);
    case Code::DuplicateId:
        return tr("The entry id \"%1\" is already used on line %2; ids must be unique in the file.")
            .arg(arg(0), arg(1));
    case Code::DuplicateMenu:
        return arg(0) == Menu::mainId()
                   ? tr("\"main\" is the menu at the top of the file; give this submenu another id.")
                   : tr("The menu \"%1\" is already defined on line %2.").arg(arg(0), arg(1));
    case Code::UnknownAction:
        return tr("Unknown action \"%1\"; use one of: %2 (labels with spaces go in double quotes).")
            .arg(arg(0), menuActionKeys().join(QStringLiteral(", ")));
    case Code::UnknownDefault: return tr("The default \"%1\" is not an entry of the menu \"%2\".").arg(arg(0), arg(1));
    case Code::UnknownSubmenu: return tr("No menu \"%1\" is defined; add a \"menu %1 TITLE\" section.").arg(arg(0));
    case Code::PasswordOutsideMain:
        return tr("The password protects the whole menu: move it above the first \"menu\" line.");
    case Code::InvalidPasswordHash:
        return tr("The password must be a hash (pbkdf2-sha256$…), never the password itself: set passwords in the "
                  "menu settings.");
    case Code::EmptyMenu: return tr("The menu \"%1\" has no entry to choose; add an \"item\" line.").arg(arg(0));
    case Code::EmptyLabel: return tr("The entry \"%1\" has an empty label.").arg(arg(0));
    case Code::UnusedMenu: return tr("The menu \"%1\" is never opened: no entry has \"submenu %1\".").arg(arg(0));
    case Code::LongLabel:
        return tr("The label of \"%1\" has %2 characters and is cut on an 80-column screen.").arg(arg(0), arg(1));
    case Code::BackInMain: return tr("\"back\" in the main menu only shows the main menu again.");
    case Code::UnknownBundle: return tr("No bundle named \"%1\" exists (yet).").arg(arg(0));
    case Code::InvalidKey: return tr("The hotkey \"%1\" must be one letter or digit, e.g. \"key s\".").arg(arg(0));
    case Code::DuplicateKey:
        return tr("The hotkey \"%1\" is already used in this menu on line %2; give each entry its own.")
            .arg(arg(0), arg(1));
    }
    return d.message;
}

QString MenuDiagnosticText::line(const MenuDiagnostic &d)
{
    const QString severity = d.severity == MenuDiagnostic::Severity::Error ? tr("error") : tr("warning");
    return tr("Line %1, column %2: %3: %4").arg(d.line).arg(d.column).arg(severity, message(d));
}

} // namespace bootbench
