#include "menu/menuserialiser.h"

#include <QTextStream>

#include <algorithm>

namespace bootbench {

namespace {

void writeComments(QTextStream &out, const QStringList &comments)
{
    for (const QString &c : comments)
        out << '#' << c << '\n';
}

void writePage(QTextStream &out, const MenuPage &page, const QString &passwordHash)
{
    if (page.id != Menu::mainId()) {
        writeComments(out, page.comments);
        out << "menu " << page.id;
        if (!page.title.isEmpty())
            out << ' ' << MenuSerialiser::quote(page.title);
        out << '\n';
    } else {
        writeComments(out, page.comments);
        if (!page.title.isEmpty())
            out << "title " << MenuSerialiser::quote(page.title) << '\n';
    }
    if (page.timeoutSeconds > 0)
        out << "timeout " << page.timeoutSeconds << '\n';
    if (!page.defaultItem.isEmpty())
        out << "default " << page.defaultItem << '\n';
    if (!passwordHash.isEmpty())
        out << "password " << passwordHash << '\n';
    if (!page.items.isEmpty())
        out << '\n';
    for (const MenuItem &item : page.items) {
        writeComments(out, item.comments);
        if (item.separator) {
            out << "separator";
            if (!item.label.isEmpty())
                out << ' ' << MenuSerialiser::quote(item.label);
            out << '\n';
            continue;
        }
        out << "item " << item.id << ' ' << MenuSerialiser::quote(item.label) << ' ' << menuActionKey(item.action.type);
        if (MenuAction::takesArgument(item.action.type)) {
            const QString &arg = item.action.argument;
            const bool bare = !arg.isEmpty() && !arg.startsWith(QLatin1Char('"')) &&
                              std::none_of(arg.cbegin(), arg.cend(), [](QChar c) { return c.isSpace(); });
            out << ' ' << (bare ? arg : MenuSerialiser::quote(arg));
        }
        if (!item.key.isEmpty())
            out << " key " << item.key;
        out << '\n';
    }
}

} // namespace

QString MenuSerialiser::quote(const QString &text)
{
    QString q;
    q.reserve(text.size() + 2);
    q += QLatin1Char('"');
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            q += QLatin1Char('\\');
        q += (c.category() == QChar::Other_Control ? QLatin1Char(' ') : c);
    }
    q += QLatin1Char('"');
    return q;
}

QString MenuSerialiser::serialise(const Menu &menu)
{
    QString text;
    QTextStream out(&text);
    for (int i = 0; i < menu.pages.size(); ++i) {
        if (i > 0)
            out << '\n';
        writePage(out, menu.pages[i], i == 0 ? menu.passwordHash : QString());
    }
    if (!menu.trailingComments.isEmpty()) {
        out << '\n';
        writeComments(out, menu.trailingComments);
    }
    out.flush();
    return text;
}

} // namespace bootbench
