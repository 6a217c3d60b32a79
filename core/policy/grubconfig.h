#pragma once

#include "menu/menu.h"
#include "policy/policysettings.h"

#include <QMap>
#include <QString>

#include <optional>

namespace bootbench {

struct MenuDecision;

// The GRUB configurations the policy service answers Debian's signed network GRUB with
// (docs/secureboot.md). That GRUB has no http module: it reads everything over TFTP, so these
// are virtual TFTP files under GRUB's prefix "grub/":
//   grub/grub.cfg                          handoff(): the same for every machine
//   grub/bootbench/<mac>/<route>[/k=v…].cfg  a policy answer for the device, route = hello, menu,
//                                          choice, work (the iPXE routes' names)
// Each answer hands over to the next one with `configfile`; text shown on the screen goes through
// text() so GRUB expands nothing in it.
class GrubConfig
{
public:
    // What GRUB's embedded config sources from TFTP: asks for grub/bootbench/<its MAC>/hello.cfg.
    static QString handoff();
    // "$prefix/bootbench/52:54:00:12:34:56/choice/ticket=T/item=I.cfg": the path GRUB's
    // configfile reads for `route` with `params` (values must not contain '/').
    static QString routePath(const QString &mac, const QString &route, const QMap<QString, QString> &params = {});

    // A virtual TFTP name parsed: the route and its parameters (mac included), or nullopt when
    // the name is not one of ours. `normalisedPath` as the TFTP service gives it ("grub/...").
    struct Request
    {
        QString route;
        QMap<QString, QString> params;
    };
    static bool isHandoff(const QString &normalisedPath);
    static std::optional<Request> parse(const QString &normalisedPath);

    // Phase 3 answer: never → work query; always → menu; hotkey → Esc within the time-out opens
    // the menu (GRUB's `sleep --interruptible` reacts to Esc only).
    static QString menuSettings(const QString &mac, const MenuDecision &decision);
    // The menu as GRUB menu entries (submenus as GRUB submenus); each choice goes back to the
    // policy service with `ticket`. Esc on the main menu leaves it for the work query.
    static QString menu(const QString &mac, const Menu &menu, const QString &ticket);
    // Phase 4 without work: back to the firmware, which goes on to its next boot entry.
    static QString localBoot(const QString &message);
    // Phase 4 with work (phase 7): the signed kernel with both initrds from TFTP.
    static QString bootKernel(const QString &commandLine, const QString &message);
    // Another EFI program from TFTP (e.g. the WinPE boot manager /boot/bootmgfw.efi).
    static QString chainEfi(const QString &path, const QString &message);
    static QString reboot(const QString &message);
    static QString powerOff(const QString &message);
    // A message, a pause, then another configuration of ours.
    static QString messageThenRoute(const QString &message, int seconds, const QString &routePath);

    // Text safe in a single-quoted GRUB word: no expansion, control characters dropped.
    static QString quote(const QString &raw);
    static QString entryId(const QString &id) { return QStringLiteral("i_") + id; }
};

} // namespace bootbench
