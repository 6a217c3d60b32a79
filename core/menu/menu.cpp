#include "menu/menu.h"

#include <algorithm>

namespace bootbench {

namespace {

struct ActionName
{
    MenuAction::Type type;
    const char *key;
};

constexpr ActionName kActions[] = {
    {MenuAction::Type::Imaging, "imaging"}, {MenuAction::Type::Maintenance, "maintenance"},
    {MenuAction::Type::Bundle, "bundle"},   {MenuAction::Type::LocalBoot, "local"},
    {MenuAction::Type::Reboot, "reboot"},   {MenuAction::Type::PowerOff, "poweroff"},
    {MenuAction::Type::Submenu, "submenu"}, {MenuAction::Type::Back, "back"},
};

struct CodeName
{
    MenuDiagnosticCode code;
    const char *key;
};

constexpr CodeName kCodes[] = {
    {MenuDiagnosticCode::UnterminatedString, "unterminated-string"},
    {MenuDiagnosticCode::InvalidEscape, "invalid-escape"},
    {MenuDiagnosticCode::UnknownDirective, "unknown-directive"},
    {MenuDiagnosticCode::MissingArgument, "missing-argument"},
    {MenuDiagnosticCode::UnexpectedArgument, "unexpected-argument"},
    {MenuDiagnosticCode::DuplicateDirective, "duplicate-directive"},
    {MenuDiagnosticCode::InvalidTimeout, "invalid-timeout"},
    {MenuDiagnosticCode::InvalidId, "invalid-id"},
    {MenuDiagnosticCode::DuplicateId, "duplicate-id"},
    {MenuDiagnosticCode::DuplicateMenu, "duplicate-menu"},
    {MenuDiagnosticCode::UnknownAction, "unknown-action"},
    {MenuDiagnosticCode::UnknownDefault, "unknown-default"},
    {MenuDiagnosticCode::UnknownSubmenu, "unknown-submenu"},
    {MenuDiagnosticCode::PasswordOutsideMain, "password-outside-main"},
    {MenuDiagnosticCode::InvalidPasswordHash, "invalid-password-hash"},
    {MenuDiagnosticCode::EmptyMenu, "empty-menu"},
    {MenuDiagnosticCode::EmptyLabel, "empty-label"},
    {MenuDiagnosticCode::UnusedMenu, "unused-menu"},
    {MenuDiagnosticCode::LongLabel, "long-label"},
    {MenuDiagnosticCode::BackInMain, "back-in-main"},
    {MenuDiagnosticCode::UnknownBundle, "unknown-bundle"},
    {MenuDiagnosticCode::InvalidKey, "invalid-key"},
    {MenuDiagnosticCode::DuplicateKey, "duplicate-key"},
};

} // namespace

QString menuActionKey(MenuAction::Type type)
{
    for (const auto &a : kActions) {
        if (a.type == type)
            return QLatin1String(a.key);
    }
    return {};
}

bool menuActionFromKey(const QString &key, MenuAction::Type *type)
{
    for (const auto &a : kActions) {
        if (key == QLatin1String(a.key)) {
            *type = a.type;
            return true;
        }
    }
    return false;
}

QStringList menuActionKeys()
{
    QStringList keys;
    for (const auto &a : kActions)
        keys << QLatin1String(a.key);
    return keys;
}

MenuItem MenuItem::entry(const QString &id, const QString &label, MenuAction::Type type, const QString &argument)
{
    MenuItem item;
    item.id = id;
    item.label = label;
    item.action.type = type;
    item.action.argument = argument;
    return item;
}

MenuItem MenuItem::separatorLine(const QString &label)
{
    MenuItem item;
    item.separator = true;
    item.label = label;
    return item;
}

const MenuItem *MenuPage::findItem(const QString &itemId) const
{
    for (const MenuItem &item : items) {
        if (!item.separator && item.id == itemId)
            return &item;
    }
    return nullptr;
}

const MenuItem *MenuPage::defaultEntry() const
{
    if (!defaultItem.isEmpty()) {
        if (const MenuItem *item = findItem(defaultItem))
            return item;
    }
    const auto it = std::find_if(items.cbegin(), items.cend(), [](const MenuItem &i) { return !i.separator; });
    return it == items.cend() ? nullptr : &*it;
}

const MenuPage *Menu::page(const QString &id) const
{
    for (const MenuPage &p : pages) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

const MenuItem *Menu::findItem(const QString &itemId, const MenuPage **pageOut) const
{
    for (const MenuPage &p : pages) {
        if (const MenuItem *item = p.findItem(itemId)) {
            if (pageOut)
                *pageOut = &p;
            return item;
        }
    }
    return nullptr;
}

QString diagnosticCodeKey(MenuDiagnosticCode code)
{
    for (const auto &c : kCodes) {
        if (c.code == code)
            return QLatin1String(c.key);
    }
    return QStringLiteral("unknown");
}

QString diagnosticSeverityKey(MenuDiagnostic::Severity severity)
{
    return severity == MenuDiagnostic::Severity::Warning ? QStringLiteral("warning") : QStringLiteral("error");
}

QString MenuDiagnostic::toString(const QString &fileName) const
{
    return QStringLiteral("%1:%2:%3: %4: %5 [%6]")
        .arg(fileName)
        .arg(line)
        .arg(column)
        .arg(diagnosticSeverityKey(severity), message, diagnosticCodeKey(code));
}

bool MenuParseResult::hasErrors() const
{
    return errorCount() > 0;
}

int MenuParseResult::errorCount() const
{
    return int(std::count_if(diagnostics.cbegin(), diagnostics.cend(),
                             [](const MenuDiagnostic &d) { return d.severity == MenuDiagnostic::Severity::Error; }));
}

} // namespace bootbench
