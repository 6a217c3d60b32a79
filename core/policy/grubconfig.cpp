#include "policy/grubconfig.h"

#include "model/macaddress.h"
#include "policy/policydecider.h"

#include <QSet>
#include <QStringList>
#include <QUrl>

namespace bootbench {

namespace {

const QString kHead = QStringLiteral("# Bootbench: generated for Debian's signed GRUB (docs/secureboot.md)\n");
const QString kFolder = QStringLiteral("grub/bootbench/");
const QStringList kRoutes{QStringLiteral("hello"), QStringLiteral("menu"), QStringLiteral("choice"),
                          QStringLiteral("work")};

QString fallback(const QString &what)
{
    return QStringLiteral("echo %1\nsleep 10\nexit\n")
        .arg(GrubConfig::quote(QStringLiteral("Bootbench: %1. Booting the local disk in 10 s.").arg(what)));
}

QString echo(const QString &message)
{
    return message.isEmpty() ? QString() : QStringLiteral("echo %1\n").arg(GrubConfig::quote(message));
}

QString indent(const QString &text, int depth)
{
    if (depth == 0)
        return text;
    const QString pad(depth * 2, QLatin1Char(' '));
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        if (!line.isEmpty())
            line.prepend(pad);
    }
    return lines.join(QLatin1Char('\n'));
}

// The body of one menu page: its time-out and default, then its entries. A submenu entry opens
// a GRUB submenu with the other page's body; a page already open above is asked for again.
QString pageBody(const QString &mac, const Menu &menu, const MenuPage &page, const QString &ticket, QSet<QString> open)
{
    open.insert(page.id);
    QString s = QStringLiteral("set timeout=%1\n").arg(page.timeoutSeconds > 0 ? page.timeoutSeconds : -1);
    s += QStringLiteral("set timeout_style=menu\n");
    if (const MenuItem *def = page.defaultEntry())
        s += QStringLiteral("set default=%1\n").arg(GrubConfig::quote(GrubConfig::entryId(def->id)));
    for (const MenuItem &item : page.items) {
        if (item.separator) {
            if (!item.label.trimmed().isEmpty())
                s += QStringLiteral("menuentry %1 {\n  true\n}\n").arg(GrubConfig::quote(item.label));
            continue;
        }
        QString options = QStringLiteral(" --id %1").arg(GrubConfig::quote(GrubConfig::entryId(item.id)));
        if (!item.key.isEmpty())
            options += QStringLiteral(" --hotkey=%1").arg(GrubConfig::quote(item.key.left(1)));
        const QString label = GrubConfig::quote(item.label.isEmpty() ? item.id : item.label);
        if (item.action.type == MenuAction::Type::Submenu) {
            const MenuPage *sub = menu.page(item.action.argument);
            if (sub && !open.contains(sub->id)) {
                s += QStringLiteral("submenu %1%2 {\n%3}\n")
                         .arg(label, options, indent(pageBody(mac, menu, *sub, ticket, open), 1));
                continue;
            }
        }
        const QString target =
            item.action.type == MenuAction::Type::Back
                ? GrubConfig::routePath(mac, QStringLiteral("menu"))
                : GrubConfig::routePath(mac, QStringLiteral("choice"),
                                        {{QStringLiteral("ticket"), ticket}, {QStringLiteral("item"), item.id}});
        s += QStringLiteral("menuentry %1%2 {\n  configfile %3\n}\n").arg(label, options, target);
    }
    return s;
}

} // namespace

QString GrubConfig::quote(const QString &raw)
{
    QString t;
    t.reserve(raw.size() + 2);
    for (const QChar c : raw)
        t += c.category() == QChar::Other_Control ? QLatin1Char(' ') : c;
    t = t.simplified();
    t.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + t + QLatin1Char('\'');
}

QString GrubConfig::handoff()
{
    // $net_default_mac: the card GRUB was booted from ("52:54:00:12:34:56").
    return kHead + QStringLiteral("if [ -z \"$net_default_mac\" ]; then\n") +
           indent(fallback(QStringLiteral("GRUB found no network card")), 1) +
           QStringLiteral("fi\n"
                          "configfile $prefix/bootbench/$net_default_mac/hello.cfg\n") +
           fallback(QStringLiteral("the policy service did not answer"));
}

QString GrubConfig::routePath(const QString &mac, const QString &route, const QMap<QString, QString> &params)
{
    QString path = QStringLiteral("$prefix/bootbench/") + mac + QLatin1Char('/') + route;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        path +=
            QLatin1Char('/') + it.key() + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(it.value()));
    return path + QStringLiteral(".cfg");
}

bool GrubConfig::isHandoff(const QString &normalisedPath)
{
    return normalisedPath == QLatin1String("grub/grub.cfg");
}

std::optional<GrubConfig::Request> GrubConfig::parse(const QString &normalisedPath)
{
    if (!normalisedPath.startsWith(kFolder) || !normalisedPath.endsWith(QLatin1String(".cfg")))
        return std::nullopt;
    const QString rest = normalisedPath.mid(kFolder.size(), normalisedPath.size() - kFolder.size() - 4);
    const QStringList parts = rest.split(QLatin1Char('/'));
    if (parts.size() < 2)
        return std::nullopt;
    const QString mac = normaliseMac(parts[0]);
    if (mac.isEmpty() || !kRoutes.contains(parts[1]))
        return std::nullopt;
    Request r;
    r.route = parts[1];
    r.params.insert(QStringLiteral("mac"), mac);
    for (qsizetype i = 2; i < parts.size(); ++i) {
        const qsizetype eq = parts[i].indexOf(QLatin1Char('='));
        if (eq <= 0)
            return std::nullopt;
        r.params.insert(parts[i].left(eq), QUrl::fromPercentEncoding(parts[i].mid(eq + 1).toLatin1()));
    }
    return r;
}

QString GrubConfig::menuSettings(const QString &mac, const MenuDecision &decision)
{
    const QString work = routePath(mac, QStringLiteral("work"));
    const QString menu =
        QStringLiteral("configfile %1\nconfigfile %2\n")
            .arg(routePath(mac, QStringLiteral("menu")),
                 routePath(mac, QStringLiteral("work"), {{QStringLiteral("via"), QStringLiteral("menu-escape")}}));
    switch (decision.mode) {
    case MenuMode::Never: return kHead + QStringLiteral("configfile %1\n").arg(work);
    case MenuMode::Always: return kHead + menu;
    case MenuMode::Hotkey: break;
    }
    // GRUB's sleep --interruptible fails when Esc is pressed (the only key it watches).
    return kHead +
           QStringLiteral("echo %1\n"
                          "if sleep --interruptible %2; then\n"
                          "  configfile %3\n"
                          "else\n"
                          "%4"
                          "fi\n")
               .arg(quote(QStringLiteral("Press Esc within %1 s for the Preboot Menu...").arg(decision.promptSeconds)))
               .arg(decision.promptSeconds)
               .arg(work, indent(menu, 1));
}

QString GrubConfig::menu(const QString &mac, const Menu &menu, const QString &ticket)
{
    const MenuPage *main = menu.main();
    if (!main)
        return kHead + QStringLiteral("configfile %1\n").arg(routePath(mac, QStringLiteral("work")));
    return kHead + pageBody(mac, menu, *main, ticket, {});
}

QString GrubConfig::localBoot(const QString &message)
{
    // Back to shim and the firmware, which tries its next boot entry (the local disk).
    return kHead + echo(message) + QStringLiteral("exit\n");
}

QString GrubConfig::bootKernel(const QString &commandLine, const QString &message)
{
    QStringList args;
    for (const QString &word : commandLine.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        args << quote(word);
    return kHead + echo(message) +
           QStringLiteral("linux /boot/kernel %1\n"
                          "initrd /boot/initrd /boot/root\n"
                          "boot\n")
               .arg(args.join(QLatin1Char(' '))) +
           fallback(QStringLiteral("could not load the imaging environment (/boot/kernel, /boot/initrd, /boot/root)"));
}

QString GrubConfig::chainEfi(const QString &path, const QString &message)
{
    const QString file = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    return kHead + echo(message) + QStringLiteral("chainloader %1\nboot\n").arg(quote(file)) +
           fallback(QStringLiteral("could not load %1").arg(file));
}

QString GrubConfig::reboot(const QString &message)
{
    return kHead + echo(message) + QStringLiteral("reboot\n");
}

QString GrubConfig::powerOff(const QString &message)
{
    return kHead + echo(message) + QStringLiteral("halt\n");
}

QString GrubConfig::messageThenRoute(const QString &message, int seconds, const QString &routePath)
{
    return kHead + echo(message) + QStringLiteral("sleep %1\nconfigfile %2\n").arg(seconds).arg(routePath);
}

} // namespace bootbench
