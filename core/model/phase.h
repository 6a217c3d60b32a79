#pragma once

#include <QMetaType>
#include <QString>

namespace bootbench {

// The phases of ../shared/docs/preboot-flow.md. Numbers are the ones used in issues and the UI.
enum class Phase : int {
    None = 0,
    Dhcp = 1,         // phase 1: DHCP / proxyDHCP (both variants)
    Bootstrap = 2,    // phase 2: bootstrap over TFTP
    MenuSettings = 3, // phase 3: hardware detection, menu settings
    WorkQuery = 4,    // phase 4: is there work?
    Loader = 5,       // phase 5: pxelinux.0 / syslinux.efi
    ConfigFile = 6,   // phase 6: z_auto.cfg / winpe.cfg
    ImagingFiles = 7, // phase 7: kernel, initrd, root / WinPE files
    Imaging = 8,      // phase 8: imaging engine at work
};

// How a lane can end.
enum class Outcome : int {
    None = 0,
    LocalBoot, // no work: the device boots its own disk
    MenuShown, // the Preboot Menu was shown / a choice was made
    Done,      // imaging succeeded
    Failed,    // a failure (reason in the event detail)
    Expected,  // a normal refusal (tsize probe abort, config look-up miss, updateDrivers.tgz)
};

constexpr int kFirstPhase = 1;
constexpr int kLastPhase = 8;

QString phaseKey(Phase phase);       // stable identifier, e.g. "dhcp"
QString outcomeKey(Outcome outcome); // stable identifier, e.g. "local-boot"
Phase phaseFromInt(int value);       // out-of-range → Phase::None
Outcome outcomeFromKey(const QString &key);

} // namespace bootbench

Q_DECLARE_METATYPE(bootbench::Phase)
Q_DECLARE_METATYPE(bootbench::Outcome)
