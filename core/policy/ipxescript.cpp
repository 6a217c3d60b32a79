#include "policy/ipxescript.h"

#include "policy/policydecider.h"

#include <QStringList>
#include <QUrl>

namespace bootbench {

namespace {

const QString kHead = QStringLiteral("#!ipxe\n");

QString enc(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

} // namespace

QString IpxeScript::text(const QString &raw)
{
    QString t;
    t.reserve(raw.size());
    for (const QChar c : raw)
        t += c.category() == QChar::Other_Control ? QLatin1Char(' ') : c;
    t.replace(QStringLiteral("${"), QStringLiteral("$ {"));
    t.replace(QStringLiteral("&&"), QStringLiteral("&"));
    t.replace(QStringLiteral("||"), QStringLiteral("|"));
    t = t.simplified();
    while (t.startsWith(QLatin1Char('#')) || t.startsWith(QLatin1Char(':')))
        t.remove(0, 1);
    return t.trimmed();
}

QString IpxeScript::deviceQuery(const QString &mac)
{
    // ${platform} lets the answer pick the loader for BIOS (pcbios) or UEFI (efi).
    // The MAC with dashes needs no escaping, whatever iPXE's URI code does with the query.
    return QStringLiteral("mac=") + QString(mac).replace(QLatin1Char(':'), QLatin1Char('-')) +
           QStringLiteral("&platform=${platform}");
}

QString IpxeScript::identify(const QString &base)
{
    // Everything iPXE knows about the machine, URL-encoded by iPXE itself (:uristring).
    const QString url = base + QStringLiteral("/ipxe/hello?mac=${netX/mac:hexhyp}&uuid=${uuid}"
                                              "&serial=${serial:uristring}&manufacturer=${manufacturer:uristring}"
                                              "&product=${product:uristring}&asset=${asset:uristring}"
                                              "&platform=${platform}&buildarch=${buildarch}&memsize=${memsize}"
                                              "&ip=${netX/ip}&chip=${netX/chip:uristring}"
                                              "&busid=${netX/busid:hexhyp}&version=${version:uristring}");
    return kHead + QStringLiteral("# Bootbench: report identity and hardware to the policy service (phase 3)\n"
                                  "chain --replace %1 || goto failed\n"
                                  ":failed\n"
                                  "echo Bootbench: the policy service did not answer. Booting the local disk in 10 s.\n"
                                  "sleep 10\n"
                                  "exit\n")
                       .arg(url);
}

QString IpxeScript::menuSettings(const QString &base, const QString &mac, const MenuDecision &decision)
{
    const QString q = deviceQuery(mac);
    const QString menuUrl = base + QStringLiteral("/ipxe/menu?") + q;
    const QString workUrl = base + QStringLiteral("/ipxe/work?") + q;
    switch (decision.mode) {
    case MenuMode::Never: return kHead + QStringLiteral("chain --replace %1\n").arg(workUrl);
    case MenuMode::Always: return kHead + QStringLiteral("chain --replace %1\n").arg(menuUrl);
    case MenuMode::Hotkey: break;
    }
    // The source suite waits for Ctrl+Alt, which iPXE cannot see (nor UEFI with a USB keyboard):
    // any key within the time-out opens the menu instead.
    return kHead + QStringLiteral("prompt --timeout %1 Press any key within %2 s for the Preboot Menu... "
                                  "&& goto menu || goto work\n"
                                  ":menu\n"
                                  "chain --replace %3\n"
                                  ":work\n"
                                  "chain --replace %4\n")
                       .arg(decision.promptSeconds * 1000)
                       .arg(decision.promptSeconds)
                       .arg(menuUrl, workUrl);
}

QString IpxeScript::login(const QString &base, const QString &mac, int attempt, const QString &message)
{
    QString s = kHead;
    if (!message.isEmpty())
        s += QStringLiteral("echo %1\nsleep 2\n").arg(text(message));
    return s + QStringLiteral("login || goto cancel\n"
                              "chain --replace %1/ipxe/menu?%2&attempt=%3&password=${password:uristring}\n"
                              ":cancel\n"
                              "chain --replace %1/ipxe/work?%2&via=menu-cancel\n")
                   .arg(base, deviceQuery(mac))
                   .arg(attempt);
}

QString IpxeScript::menu(const QString &base, const QString &mac, const Menu &menu, const QString &ticket)
{
    const QString choice = base + QStringLiteral("/ipxe/choice?") + deviceQuery(mac) + QStringLiteral("&ticket=") +
                           enc(ticket) + QStringLiteral("&item=");
    QString s = kHead;
    QString actions;
    for (const MenuPage &page : menu.pages) {
        const bool isMain = page.id == Menu::mainId();
        s += QLatin1Char(':') + menuLabel(page.id) + QLatin1Char('\n');
        const QString title = text(page.title);
        s += QStringLiteral("menu") + (title.isEmpty() ? QString() : QLatin1Char(' ') + title) + QLatin1Char('\n');
        for (const MenuItem &item : page.items) {
            if (item.separator) {
                const QString label = text(item.label);
                s += QStringLiteral("item --gap") + (label.isEmpty() ? QString() : QStringLiteral(" -- ") + label) +
                     QLatin1Char('\n');
                continue;
            }
            // A hotkey chooses the entry at once (iPXE "item --key").
            s += QStringLiteral("item %1%2 %3\n")
                     .arg(item.key.isEmpty() ? QString() : QStringLiteral("--key %1 ").arg(item.key),
                          itemLabel(item.id), text(item.label));
            actions += QLatin1Char(':') + itemLabel(item.id) + QLatin1Char('\n');
            switch (item.action.type) {
            case MenuAction::Type::Submenu:
                actions += QStringLiteral("goto %1\n").arg(menuLabel(item.action.argument));
                break;
            case MenuAction::Type::Back: actions += QStringLiteral("goto %1\n").arg(menuLabel(Menu::mainId())); break;
            default: actions += QStringLiteral("chain --replace %1%2\n").arg(choice, item.id); break;
            }
        }
        QString choose = QStringLiteral("choose");
        if (page.timeoutSeconds > 0)
            choose += QStringLiteral(" --timeout %1").arg(page.timeoutSeconds * 1000);
        if (const MenuItem *def = page.defaultEntry())
            choose += QStringLiteral(" --default %1").arg(itemLabel(def->id));
        s += choose + QStringLiteral(" selected || goto %1_esc\n").arg(menuLabel(page.id));
        s += QStringLiteral("goto ${selected}\n");
        // Esc: a submenu goes back to the main menu; the main menu is left as if never shown.
        s += QLatin1Char(':') + menuLabel(page.id) + QStringLiteral("_esc\n");
        s += isMain ? QStringLiteral("chain --replace %1/ipxe/work?%2&via=menu-escape\n").arg(base, deviceQuery(mac))
                    : QStringLiteral("goto %1\n").arg(menuLabel(Menu::mainId()));
    }
    return s + actions;
}

QString IpxeScript::localBoot(ExitMethod method, const QString &message)
{
    QString s = kHead;
    if (!message.isEmpty())
        s += QStringLiteral("echo %1\n").arg(text(message));
    if (method == ExitMethod::Sanboot)
        return s + QStringLiteral("sanboot --no-describe --drive 0x80 || exit\n");
    return s + QStringLiteral("exit\n");
}

QString IpxeScript::chainLoader(const QString &tftpServer, const QString &loader, const QString &configPath,
                                const QString &message)
{
    QString s = kHead;
    if (!message.isEmpty())
        s += QStringLiteral("echo %1\n").arg(text(message));
    // pxelinux.0 / syslinux.efi read the config file name from option 209 and its path prefix
    // from option 210 of the DHCP answer iPXE hands them.
    return s + QStringLiteral("set 209:string %2\n"
                              "set 210:string tftp://%1/\n"
                              "chain --replace tftp://%1/%3 || goto failed\n"
                              ":failed\n"
                              "echo Bootbench: could not load %3 from %1. Booting the local disk in 10 s.\n"
                              "sleep 10\n"
                              "exit\n")
                   .arg(tftpServer, configPath, loader);
}

QString IpxeScript::bootKernel(const QString &tftpServer, const QString &commandLine, const QString &message)
{
    QString s = kHead;
    if (!message.isEmpty())
        s += QStringLiteral("echo %1\n").arg(text(message));
    return s +
           QStringLiteral("kernel tftp://%1/boot/kernel initrd=initrd initrd=root %2 || goto failed\n"
                          "initrd --name initrd tftp://%1/boot/initrd || goto failed\n"
                          "initrd --name root tftp://%1/boot/root || goto failed\n"
                          "boot || goto failed\n"
                          ":failed\n"
                          "echo Bootbench: could not load the imaging environment from %1. Booting the local disk in "
                          "10 s.\n"
                          "sleep 10\n"
                          "exit\n")
               .arg(tftpServer, commandLine);
}

QString IpxeScript::chainEfi(const QString &tftpServer, const QString &path, const QString &message)
{
    QString s = kHead;
    if (!message.isEmpty())
        s += QStringLiteral("echo %1\n").arg(text(message));
    return s + QStringLiteral("chain --replace tftp://%1/%2 || goto failed\n"
                              ":failed\n"
                              "echo Bootbench: could not load %2 from %1. Booting the local disk in 10 s.\n"
                              "sleep 10\n"
                              "exit\n")
                   .arg(tftpServer, path);
}

QString IpxeScript::reboot(const QString &message)
{
    return kHead + (message.isEmpty() ? QString() : QStringLiteral("echo %1\n").arg(text(message))) +
           QStringLiteral("reboot\n");
}

QString IpxeScript::powerOff(const QString &message, const QString &tftpServer, const QString &loader,
                             const QString &configPath)
{
    QString s = kHead + (message.isEmpty() ? QString() : QStringLiteral("echo %1\n").arg(text(message)));
    if (configPath.isEmpty())
        return s + QStringLiteral("poweroff || exit\n");
    // Many iPXE builds (Debian's among them) have no poweroff command: let the loader run
    // poweroff.c32 (APM) from a one-line config instead.
    return s + QStringLiteral("poweroff || goto loader\n"
                              ":loader\n"
                              "set 209:string %2\n"
                              "set 210:string tftp://%1/\n"
                              "chain --replace tftp://%1/%3 || exit\n")
                   .arg(tftpServer, configPath, loader);
}

QString IpxeScript::messageThenChain(const QString &message, int seconds, const QString &url)
{
    return kHead + QStringLiteral("echo %1\nsleep %2\nchain --replace %3\n").arg(text(message)).arg(seconds).arg(url);
}

} // namespace bootbench
