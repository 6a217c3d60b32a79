#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace bootbench {

// The Preboot Menu described by pxemenu.txt (format: docs/pxemenu.md). Value types only: the
// parser (menuparser.h) builds them, the serialiser (menuserialiser.h) writes them back, the
// policy service renders them into an iPXE menu and the GUI editor edits them.

struct MenuAction
{
    enum class Type : int {
        Imaging = 0, // "imaging": run the work assigned to the device (start imaging)
        Maintenance, // "maintenance": the imaging environment with a shell
        Bundle,      // "bundle NAME": run the named bundle once on this device
        LocalBoot,   // "local": boot the local disk with the configured exit method
        Reboot,      // "reboot"
        PowerOff,    // "poweroff"
        Submenu,     // "submenu ID": show another menu of the file
        Back,        // "back": return to the main menu
    };

    Type type = Type::LocalBoot;
    QString argument; // bundle name (Bundle) or menu id (Submenu); empty otherwise

    static bool takesArgument(Type type) { return type == Type::Bundle || type == Type::Submenu; }
    friend bool operator==(const MenuAction &, const MenuAction &) = default;
};

QString menuActionKey(MenuAction::Type type); // "imaging", "maintenance", "bundle", ...
bool menuActionFromKey(const QString &key, MenuAction::Type *type);
QStringList menuActionKeys();

struct MenuItem
{
    bool separator = false; // a non-selectable line (id and action unused)
    QString id;             // unique in the whole file
    QString label;          // may be empty for a separator
    MenuAction action;
    QStringList comments; // comment lines written just above it (without the leading '#')
    QString key;          // hotkey: one letter or digit ("key K" at the end of the line); empty: none
    int line = 0;         // where it was parsed (0 when built in code)

    static MenuItem entry(const QString &id, const QString &label, MenuAction::Type type, const QString &argument = {});
    static MenuItem separatorLine(const QString &label = {});
    // Compares content, not where it came from (line).
    friend bool operator==(const MenuItem &a, const MenuItem &b)
    {
        return a.separator == b.separator && a.id == b.id && a.label == b.label && a.action == b.action &&
               a.comments == b.comments && a.key == b.key;
    }
};

// One screen: the main menu (id "main") or a submenu.
struct MenuPage
{
    QString id;
    QString title;
    int timeoutSeconds = 0; // 0: wait for a choice; else take the default entry after it
    QString defaultItem;    // empty: the first entry
    QList<MenuItem> items;
    QStringList comments; // comment lines above the section / its directives
    int line = 0;

    // The entry taken at the time-out: defaultItem, else the first selectable entry (may be null).
    const MenuItem *defaultEntry() const;
    const MenuItem *findItem(const QString &itemId) const;
    friend bool operator==(const MenuPage &a, const MenuPage &b)
    {
        return a.id == b.id && a.title == b.title && a.timeoutSeconds == b.timeoutSeconds &&
               a.defaultItem == b.defaultItem && a.items == b.items && a.comments == b.comments;
    }
};

struct Menu
{
    static constexpr int kMaxTimeoutSeconds = 3600;
    static constexpr int kMaxIdLength = 32;
    static constexpr int kLongLabel = 70; // wider labels are cut on an 80-column screen

    QString passwordHash;         // empty: no password. PBKDF2 (menupassword.h); never sent to a client.
    QList<MenuPage> pages;        // pages[0] is the main menu ("main"); submenus follow in file order
    QStringList trailingComments; // comment lines after the last entry

    static QString mainId() { return QStringLiteral("main"); }
    const MenuPage *main() const { return pages.isEmpty() ? nullptr : &pages.first(); }
    const MenuPage *page(const QString &id) const;
    // The item with this id in any page, and the page holding it.
    const MenuItem *findItem(const QString &itemId, const MenuPage **page = nullptr) const;
    friend bool operator==(const Menu &, const Menu &) = default;
};

// What a parser diagnostic is about. Stable keys (diagnosticCodeKey) are used by `bootbench menu
// check` and by the GUI editor, which words the message in the user's language from code + args.
enum class MenuDiagnosticCode : int {
    UnterminatedString = 0, // a "..." without its closing quote
    InvalidEscape,          // \x inside "..." other than \" and \\ (args: the escape)
    UnknownDirective,       // args: the word
    MissingArgument,        // args: directive, what is missing
    UnexpectedArgument,     // args: directive, the extra text
    DuplicateDirective,     // args: directive, line of the first one
    InvalidTimeout,         // args: the text
    InvalidId,              // args: the id
    DuplicateId,            // args: the id, line of the first one
    DuplicateMenu,          // args: the menu id, line of the first one
    UnknownAction,          // args: the word
    UnknownDefault,         // args: the id, the menu id
    UnknownSubmenu,         // args: the menu id
    PasswordOutsideMain,    // `password` inside a submenu section
    InvalidPasswordHash,    // not a hash made by `bootbench menu hash-password`
    EmptyMenu,              // args: the menu id
    EmptyLabel,             // args: the item id
    UnusedMenu,             // warning; args: the menu id
    LongLabel,              // warning; args: the item id, the length
    BackInMain,             // warning; args: the item id
    UnknownBundle,          // warning (only from checkBundles); args: the bundle name
    InvalidKey,             // `key` not followed by one letter or digit; args: the text
    DuplicateKey,           // the same hotkey twice in one menu; args: the key, line of the first one
};

struct MenuDiagnostic
{
    enum class Severity : int { Error = 0, Warning = 1 };

    int line = 0;   // 1-based
    int column = 0; // 1-based, in characters
    Severity severity = Severity::Error;
    MenuDiagnosticCode code = MenuDiagnosticCode::UnknownDirective;
    QStringList args;
    QString message; // English, one sentence saying what is wrong and how to fix it

    // "pxemenu.txt:12:7: error: unknown action "locl" ... [unknown-action]"
    QString toString(const QString &fileName = QStringLiteral("pxemenu.txt")) const;
    friend bool operator==(const MenuDiagnostic &, const MenuDiagnostic &) = default;
};

QString diagnosticCodeKey(MenuDiagnosticCode code);               // e.g. "unknown-action"
QString diagnosticSeverityKey(MenuDiagnostic::Severity severity); // "error" / "warning"

struct MenuParseResult
{
    Menu menu; // as much as could be understood; lines with errors are left out
    QList<MenuDiagnostic> diagnostics;

    bool hasErrors() const;
    int errorCount() const;
};

} // namespace bootbench

Q_DECLARE_METATYPE(bootbench::Menu)
Q_DECLARE_METATYPE(bootbench::MenuDiagnostic)
