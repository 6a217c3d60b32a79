#pragma once

#include "menu/menu.h"
#include "policy/policysettings.h"

#include <QString>

namespace bootbench {

struct MenuDecision;

// The iPXE scripts the policy service answers with. `base` is "http://ADDRESS:PORT"; `mac` the
// device's normalised MAC. Every script starts with "#!ipxe". Scripts hand over to the next one
// with `chain --replace`, so a script that ends (e.g. `exit` for the local disk) leaves iPXE
// instead of returning into the script that chained it. Text shown on the device's screen
// goes through text() so nothing in it is expanded or split by iPXE.
class IpxeScript
{
public:
    // Phase 3, first script: makes iPXE report identity and hardware (all the settings it knows).
    static QString identify(const QString &base);
    // Phase 3 answer: never → work query; always → menu; hotkey → prompt, then menu or work query.
    static QString menuSettings(const QString &base, const QString &mac, const MenuDecision &decision);
    // The password form (iPXE `login`; the user name is ignored). `message` is shown above it.
    static QString login(const QString &base, const QString &mac, int attempt, const QString &message);
    // The menu, one iPXE menu per section. Choices go back to /ipxe/choice with `ticket`.
    static QString menu(const QString &base, const QString &mac, const Menu &menu, const QString &ticket);
    // Phase 4 without work: leave for the local disk.
    static QString localBoot(ExitMethod method, const QString &message);
    // Phase 4 with work: hand the config file to the loader through DHCP options 209/210 and
    // chain it from TFTP (phases 5-6). `tftpServer` is the address only.
    static QString chainLoader(const QString &tftpServer, const QString &loader, const QString &configPath,
                               const QString &message);
    // Phase 7 without a loader (UEFI): iPXE fetches the kernel and both initrds from TFTP and
    // boots the kernel with `commandLine` (the EFI stub reads initrd=NAME).
    static QString bootKernel(const QString &tftpServer, const QString &commandLine, const QString &message);
    // Another EFI program from TFTP (e.g. the WinPE boot manager /boot/bootmgfw.efi).
    static QString chainEfi(const QString &tftpServer, const QString &path, const QString &message);
    static QString reboot(const QString &message);
    // iPXE's poweroff, else (configPath given) the loader running poweroff.c32 from that config.
    static QString powerOff(const QString &message, const QString &tftpServer = {}, const QString &loader = {},
                            const QString &configPath = {});
    // A message, a pause, then the given URL.
    static QString messageThenChain(const QString &message, int seconds, const QString &url);

    // Text safe for echo/menu/item/prompt lines: no "${" expansion, no "&&"/"||" splitting, no
    // control characters, no leading '#' or ':'.
    static QString text(const QString &raw);
    static QString itemLabel(const QString &id) { return QStringLiteral("i_") + id; }
    static QString menuLabel(const QString &id) { return QStringLiteral("m_") + id; }
    // The query part every script adds to identify the device and its firmware.
    static QString deviceQuery(const QString &mac);
};

} // namespace bootbench
