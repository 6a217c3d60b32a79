#include "menu/menuparser.h"

#include "menu/menupassword.h"

#include <QHash>
#include <QSet>

#include <optional>

namespace bootbench {

namespace {

using Code = MenuDiagnosticCode;
using Severity = MenuDiagnostic::Severity;

// Control characters (a tab inside quotes, stray bytes) become spaces: a label is one line of text.
QChar visible(QChar c)
{
    return c.category() == QChar::Other_Control ? QLatin1Char(' ') : c;
}

struct Token
{
    QString text;
    int column = 0; // 1-based
    int end = 0;    // 0-based index just past the token in the line
    bool quoted = false;
};

struct Reference
{
    QString id;
    int line = 0;
    int column = 0;
};

// One line split into tokens. Stops at the first lexical error (which it reports).
struct LineTokens
{
    QList<Token> tokens;
    bool ok = true;
};

class Parser
{
public:
    MenuParseResult run(const QString &text);

private:
    void diag(int line, int column, Code code, const QStringList &args = {}, Severity severity = Severity::Error)
    {
        m_result.diagnostics.append(
            MenuDiagnostic{line, column, severity, code, args, MenuParser::describe(code, args)});
    }
    LineTokens tokenize(const QString &line, int lineNo);
    void parseLine(const QString &line, int lineNo);
    // The text after token `after`: one quoted string, or the raw rest of the line.
    std::optional<QString> restOfLine(const QString &line, const LineTokens &lt, int after, int lineNo,
                                      const QString &directive);
    bool checkCount(const LineTokens &lt, int max, int lineNo, const QString &directive);
    bool firstOfItsKind(const QString &directive, const Token &tok, int lineNo);
    void finish();

    MenuPage &page() { return m_result.menu.pages[m_current]; }

    MenuParseResult m_result;
    int m_current = 0;
    QStringList m_pendingComments;
    QHash<QString, int> m_itemLines;             // item id → line
    QHash<QString, int> m_menuLines;             // menu id → line
    QList<QHash<QString, int>> m_directiveLines; // per page: directive → line
    QList<std::optional<Reference>> m_defaults;  // per page
    QList<QHash<QString, int>> m_keyLines;       // per page: hotkey (lower case) → line
    QList<Reference> m_submenuRefs;
};

LineTokens Parser::tokenize(const QString &line, int lineNo)
{
    LineTokens lt;
    int i = 0;
    const int n = int(line.size());
    while (i < n) {
        if (line[i].isSpace()) {
            ++i;
            continue;
        }
        Token tok;
        tok.column = i + 1;
        if (line[i] == QLatin1Char('"')) {
            tok.quoted = true;
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar c = line[i];
                if (c == QLatin1Char('"')) {
                    closed = true;
                    ++i;
                    break;
                }
                if (c == QLatin1Char('\\')) {
                    if (i + 1 < n && (line[i + 1] == QLatin1Char('"') || line[i + 1] == QLatin1Char('\\'))) {
                        tok.text += line[i + 1];
                        i += 2;
                        continue;
                    }
                    diag(lineNo, i + 1, Code::InvalidEscape, {line.mid(i, 2)});
                    lt.ok = false;
                    return lt;
                }
                tok.text += visible(c);
                ++i;
            }
            if (!closed) {
                diag(lineNo, tok.column, Code::UnterminatedString);
                lt.ok = false;
                return lt;
            }
        } else {
            const int start = i;
            while (i < n && !line[i].isSpace())
                ++i;
            for (int k = start; k < i; ++k)
                tok.text += visible(line[k]);
        }
        tok.end = i;
        lt.tokens.append(tok);
    }
    return lt;
}

std::optional<QString> Parser::restOfLine(const QString &line, const LineTokens &lt, int after, int lineNo,
                                          const QString &directive)
{
    if (lt.tokens.size() <= after + 1)
        return QString();
    const Token &first = lt.tokens[after + 1];
    if (first.quoted) {
        if (lt.tokens.size() > after + 2) {
            const Token &extra = lt.tokens[after + 2];
            diag(lineNo, extra.column, Code::UnexpectedArgument, {directive, line.mid(extra.column - 1).trimmed()});
            return std::nullopt;
        }
        return first.text;
    }
    QString rest;
    for (const QChar c : line.mid(first.column - 1).trimmed())
        rest += visible(c);
    return rest;
}

bool Parser::checkCount(const LineTokens &lt, int max, int lineNo, const QString &directive)
{
    if (lt.tokens.size() <= max)
        return true;
    const Token &extra = lt.tokens[max];
    diag(lineNo, extra.column, Code::UnexpectedArgument, {directive, extra.text});
    return false;
}

bool Parser::firstOfItsKind(const QString &directive, const Token &tok, int lineNo)
{
    auto &seen = m_directiveLines[m_current];
    const auto it = seen.constFind(directive);
    if (it != seen.constEnd()) {
        diag(lineNo, tok.column, Code::DuplicateDirective, {directive, QString::number(it.value())});
        return false;
    }
    seen.insert(directive, lineNo);
    return true;
}

void Parser::parseLine(const QString &line, int lineNo)
{
    const QString trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return;
    if (trimmed.startsWith(QLatin1Char('#'))) {
        m_pendingComments << trimmed.mid(1);
        return;
    }
    const LineTokens lt = tokenize(line, lineNo);
    if (!lt.ok || lt.tokens.isEmpty())
        return;
    const Token &head = lt.tokens.first();
    const QString directive = head.quoted ? QString() : head.text;
    const int endColumn = int(line.size()) + 1;
    auto missing = [&](const QString &what) { diag(lineNo, endColumn, Code::MissingArgument, {directive, what}); };
    auto takeComments = [&](QStringList *into) {
        *into << m_pendingComments;
        m_pendingComments.clear();
    };

    if (directive == QLatin1String("title")) {
        const auto title = restOfLine(line, lt, 0, lineNo, directive);
        if (!title)
            return;
        if (title->isEmpty())
            return missing(QStringLiteral("the title text"));
        if (!firstOfItsKind(directive, head, lineNo))
            return;
        takeComments(&page().comments);
        page().title = *title;
    } else if (directive == QLatin1String("timeout")) {
        if (lt.tokens.size() < 2)
            return missing(QStringLiteral("a number of seconds"));
        if (!checkCount(lt, 2, lineNo, directive))
            return;
        bool ok = false;
        const Token &arg = lt.tokens[1];
        const int seconds = arg.text.toInt(&ok);
        if (!ok || seconds < 0 || seconds > Menu::kMaxTimeoutSeconds)
            return diag(lineNo, arg.column, Code::InvalidTimeout, {arg.text});
        if (!firstOfItsKind(directive, head, lineNo))
            return;
        takeComments(&page().comments);
        page().timeoutSeconds = seconds;
    } else if (directive == QLatin1String("default")) {
        if (lt.tokens.size() < 2)
            return missing(QStringLiteral("the id of an entry"));
        if (!checkCount(lt, 2, lineNo, directive))
            return;
        if (!firstOfItsKind(directive, head, lineNo))
            return;
        takeComments(&page().comments);
        page().defaultItem = lt.tokens[1].text;
        m_defaults[m_current] = Reference{lt.tokens[1].text, lineNo, lt.tokens[1].column};
    } else if (directive == QLatin1String("password")) {
        if (m_current != 0)
            return diag(lineNo, head.column, Code::PasswordOutsideMain);
        if (lt.tokens.size() < 2)
            return missing(QStringLiteral("a password hash"));
        if (!checkCount(lt, 2, lineNo, directive))
            return;
        if (!MenuPassword::isWellFormed(lt.tokens[1].text))
            return diag(lineNo, lt.tokens[1].column, Code::InvalidPasswordHash);
        if (!firstOfItsKind(directive, head, lineNo))
            return;
        takeComments(&page().comments);
        m_result.menu.passwordHash = lt.tokens[1].text;
    } else if (directive == QLatin1String("menu")) {
        if (lt.tokens.size() < 2)
            return missing(QStringLiteral("the id of the menu"));
        const Token &id = lt.tokens[1];
        if (!MenuParser::isValidId(id.text))
            return diag(lineNo, id.column, Code::InvalidId, {id.text});
        const auto title = restOfLine(line, lt, 1, lineNo, directive);
        if (!title)
            return;
        if (m_menuLines.contains(id.text))
            return diag(lineNo, id.column, Code::DuplicateMenu, {id.text, QString::number(m_menuLines.value(id.text))});
        m_menuLines.insert(id.text, lineNo);
        MenuPage p;
        p.id = id.text;
        p.title = *title;
        p.line = lineNo;
        takeComments(&p.comments);
        m_result.menu.pages.append(p);
        m_directiveLines.append(QHash<QString, int>());
        if (!p.title.isEmpty())
            m_directiveLines.last().insert(QStringLiteral("title"), lineNo);
        m_defaults.append(std::nullopt);
        m_keyLines.append(QHash<QString, int>());
        m_current = int(m_result.menu.pages.size()) - 1;
    } else if (directive == QLatin1String("separator")) {
        const auto label = restOfLine(line, lt, 0, lineNo, directive);
        if (!label)
            return;
        MenuItem item = MenuItem::separatorLine(*label);
        item.line = lineNo;
        takeComments(&item.comments);
        page().items.append(item);
    } else if (directive == QLatin1String("item")) {
        if (lt.tokens.size() < 2)
            return missing(QStringLiteral("an id, a label and an action"));
        const Token &id = lt.tokens[1];
        if (!MenuParser::isValidId(id.text))
            return diag(lineNo, id.column, Code::InvalidId, {id.text});
        if (lt.tokens.size() < 3)
            return missing(QStringLiteral("a label and an action"));
        const Token &label = lt.tokens[2];
        if (lt.tokens.size() < 4)
            return missing(QStringLiteral("an action (%1)").arg(menuActionKeys().join(QStringLiteral(", "))));
        const Token &actionTok = lt.tokens[3];
        MenuAction action;
        if (actionTok.quoted || !menuActionFromKey(actionTok.text, &action.type))
            return diag(lineNo, actionTok.column, Code::UnknownAction, {actionTok.text});
        if (MenuAction::takesArgument(action.type)) {
            if (lt.tokens.size() < 5)
                return missing(action.type == MenuAction::Type::Bundle ? QStringLiteral("the name of a bundle")
                                                                       : QStringLiteral("the id of a menu"));
            action.argument = lt.tokens[4].text;
        }
        // An optional hotkey at the end: "key K".
        const int keyAt = MenuAction::takesArgument(action.type) ? 5 : 4;
        QString key;
        if (lt.tokens.size() > keyAt && !lt.tokens[keyAt].quoted && lt.tokens[keyAt].text == QLatin1String("key")) {
            if (lt.tokens.size() < keyAt + 2)
                return missing(QStringLiteral("one letter or digit after \"key\""));
            const Token &k = lt.tokens[keyAt + 1];
            const QChar c = k.text.isEmpty() ? QChar() : k.text.front();
            if (k.text.size() != 1 || c.unicode() > 127 || !c.isLetterOrNumber())
                return diag(lineNo, k.column, Code::InvalidKey, {k.text});
            if (!checkCount(lt, keyAt + 2, lineNo, directive))
                return;
            key = k.text;
        } else if (!checkCount(lt, keyAt, lineNo, directive)) {
            return;
        }
        if (action.type == MenuAction::Type::Submenu) {
            if (!MenuParser::isValidId(action.argument))
                return diag(lineNo, lt.tokens[4].column, Code::InvalidId, {action.argument});
            m_submenuRefs.append(Reference{action.argument, lineNo, lt.tokens[4].column});
        }
        if (label.text.trimmed().isEmpty())
            return diag(lineNo, label.column, Code::EmptyLabel, {id.text});
        if (m_itemLines.contains(id.text))
            return diag(lineNo, id.column, Code::DuplicateId, {id.text, QString::number(m_itemLines.value(id.text))});
        if (!key.isEmpty()) {
            auto &keys = m_keyLines[m_current];
            const QString folded = key.toLower();
            if (keys.contains(folded))
                return diag(lineNo, lt.tokens[keyAt + 1].column, Code::DuplicateKey,
                            {key, QString::number(keys.value(folded))});
            keys.insert(folded, lineNo);
        }
        m_itemLines.insert(id.text, lineNo);
        if (label.text.size() > Menu::kLongLabel)
            diag(lineNo, label.column, Code::LongLabel, {id.text, QString::number(label.text.size())},
                 Severity::Warning);
        if (action.type == MenuAction::Type::Back && m_current == 0)
            diag(lineNo, actionTok.column, Code::BackInMain, {id.text}, Severity::Warning);
        MenuItem item = MenuItem::entry(id.text, label.text, action.type, action.argument);
        item.key = key;
        item.line = lineNo;
        takeComments(&item.comments);
        page().items.append(item);
    } else {
        diag(lineNo, head.column, Code::UnknownDirective, {head.text});
    }
}

void Parser::finish()
{
    Menu &menu = m_result.menu;
    menu.trailingComments = m_pendingComments;
    for (int i = 0; i < menu.pages.size(); ++i) {
        const MenuPage &p = menu.pages[i];
        if (const auto &ref = m_defaults[i]; ref && !p.findItem(ref->id))
            diag(ref->line, ref->column, Code::UnknownDefault, {ref->id, p.id});
        bool selectable = false;
        for (const MenuItem &item : p.items)
            selectable = selectable || !item.separator;
        if (!selectable)
            diag(i == 0 ? 1 : p.line, 1, Code::EmptyMenu, {p.id});
    }
    QSet<QString> used;
    for (const Reference &ref : std::as_const(m_submenuRefs)) {
        used.insert(ref.id);
        if (!menu.page(ref.id) || ref.id == Menu::mainId())
            diag(ref.line, ref.column, Code::UnknownSubmenu, {ref.id});
    }
    for (int i = 1; i < menu.pages.size(); ++i) {
        if (!used.contains(menu.pages[i].id))
            diag(menu.pages[i].line, 1, Code::UnusedMenu, {menu.pages[i].id}, Severity::Warning);
    }
    std::stable_sort(m_result.diagnostics.begin(), m_result.diagnostics.end(),
                     [](const MenuDiagnostic &a, const MenuDiagnostic &b) {
                         return a.line != b.line ? a.line < b.line : a.column < b.column;
                     });
}

MenuParseResult Parser::run(const QString &text)
{
    MenuPage main;
    main.id = Menu::mainId();
    m_result.menu.pages.append(main);
    m_directiveLines.append(QHash<QString, int>());
    m_defaults.append(std::nullopt);
    m_keyLines.append(QHash<QString, int>());
    m_menuLines.insert(Menu::mainId(), 0);

    QString body = text;
    if (body.startsWith(QChar(0xFEFF)))
        body.remove(0, 1);
    const QStringList lines = body.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines[i];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        parseLine(line, i + 1);
    }
    finish();
    return m_result;
}

} // namespace

MenuParseResult MenuParser::parse(const QString &text)
{
    return Parser().run(text);
}

QList<MenuDiagnostic> MenuParser::checkBundles(const Menu &menu, const QStringList &knownBundles)
{
    QList<MenuDiagnostic> out;
    for (const MenuPage &p : menu.pages) {
        for (const MenuItem &item : p.items) {
            if (item.separator || item.action.type != MenuAction::Type::Bundle ||
                knownBundles.contains(item.action.argument))
                continue;
            const QStringList args{item.action.argument};
            out.append(MenuDiagnostic{item.line, 1, Severity::Warning, Code::UnknownBundle, args,
                                      describe(Code::UnknownBundle, args)});
        }
    }
    return out;
}

bool MenuParser::isValidId(const QString &id)
{
    if (id.isEmpty() || id.size() > Menu::kMaxIdLength)
        return false;
    for (const QChar c : id) {
        const bool ok =
            (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_') || c == QLatin1Char('-');
        if (!ok)
            return false;
    }
    return true;
}

QString MenuParser::describe(MenuDiagnosticCode code, const QStringList &args)
{
    const auto arg = [&](int i) { return i < args.size() ? args[i] : QString(); };
    switch (code) {
    case Code::UnterminatedString: return QStringLiteral("this quoted text has no closing \"; add one at its end");
    case Code::InvalidEscape:
        return QStringLiteral("\"%1\" is not allowed inside quotes; only \\\" and \\\\ are").arg(arg(0));
    case Code::UnknownDirective:
        return QStringLiteral("unknown directive \"%1\"; a line starts with title, timeout, default, password, "
                              "item, separator or menu (or # for a comment)")
            .arg(arg(0));
    case Code::MissingArgument: return QStringLiteral("\"%1\" needs %2").arg(arg(0), arg(1));
    case Code::UnexpectedArgument:
        return QStringLiteral("unexpected \"%2\" after %1; put text with spaces in double quotes").arg(arg(0), arg(1));
    case Code::DuplicateDirective:
        return QStringLiteral("\"%1\" is given twice in this menu (first on line %2); keep one").arg(arg(0), arg(1));
    case Code::InvalidTimeout:
        return QStringLiteral("time-out \"%1\" is not a whole number of seconds from 0 to %2")
            .arg(arg(0))
            .arg(Menu::kMaxTimeoutSeconds);
    case Code::InvalidId:
        return QStringLiteral("\"%1\" is not a valid id: use 1 to %2 letters, digits, _ or -")
            .arg(arg(0))
            .arg(Menu::kMaxIdLength);
    case Code::DuplicateId:
        return QStringLiteral("entry id \"%1\" is already used on line %2; ids must be unique in the file")
            .arg(arg(0), arg(1));
    case Code::DuplicateMenu:
        return arg(0) == Menu::mainId()
                   ? QStringLiteral("\"main\" is the menu at the top of the file; give this submenu another id")
                   : QStringLiteral("menu \"%1\" is already defined on line %2").arg(arg(0), arg(1));
    case Code::UnknownAction:
        return QStringLiteral("unknown action \"%1\"; use one of: %2 (labels with spaces go in double quotes)")
            .arg(arg(0), menuActionKeys().join(QStringLiteral(", ")));
    case Code::UnknownDefault:
        return QStringLiteral("default \"%1\" is not an entry of menu \"%2\"").arg(arg(0), arg(1));
    case Code::UnknownSubmenu:
        return QStringLiteral("no menu \"%1\" is defined; add a \"menu %1 TITLE\" section").arg(arg(0));
    case Code::PasswordOutsideMain:
        return QStringLiteral("password protects the whole menu: move it above the first \"menu\" line");
    case Code::InvalidPasswordHash:
        return QStringLiteral("password must be a hash made by \"bootbench menu hash-password\" "
                              "(pbkdf2-sha256$...), never the password itself");
    case Code::EmptyMenu: return QStringLiteral("menu \"%1\" has no entry to choose; add an \"item\" line").arg(arg(0));
    case Code::EmptyLabel: return QStringLiteral("entry \"%1\" has an empty label").arg(arg(0));
    case Code::UnusedMenu:
        return QStringLiteral("menu \"%1\" is never opened: no entry has \"submenu %1\"").arg(arg(0));
    case Code::LongLabel:
        return QStringLiteral("the label of \"%1\" has %2 characters and will be cut on an 80-column screen")
            .arg(arg(0), arg(1));
    case Code::BackInMain: return QStringLiteral("\"back\" in the main menu shows the main menu again");
    case Code::UnknownBundle: return QStringLiteral("no bundle named \"%1\" exists (yet)").arg(arg(0));
    case Code::InvalidKey:
        return QStringLiteral("hotkey \"%1\" must be one letter or digit, e.g. \"key s\"").arg(arg(0));
    case Code::DuplicateKey:
        return QStringLiteral("hotkey \"%1\" is already used in this menu on line %2; give each entry its own")
            .arg(arg(0), arg(1));
    }
    return {};
}

} // namespace bootbench
