#pragma once

#include <QList>
#include <QString>

namespace bootbench {

// Whether the imaging environment the boot menu starts is in the TFTP root. For now: boot/kernel
// and boot/initrd exist (the environment build will also write a status file; this is the one
// place that reads it).
bool imagingEnvironmentReady(const QString &tftpRoot);

// What a first start needs before a machine can boot, in the order a technician does it.
enum class FirstStartStep {
    Interface,   // the bench interface is chosen
    Variant,     // the phase-1 variant is chosen (and, with the DHCP server, its pool is valid)
    Environment, // the imaging environment is in the TFTP root
    Bundle,      // a bundle exists and an assignment or a hardware rule gives it to machines
    PowerOn,     // the services run: power a machine on
};

struct FirstStartFacts
{
    bool interfaceChosen = false;
    bool variantChosen = false;
    bool variantValid = false; // proxy only, or the DHCP server with a usable pool
    bool environmentReady = false;
    bool hasBundle = false;
    bool hasAssignmentOrRule = false;
    bool servicesRunning = false; // every service that was composed runs
    bool machinesSeen = false;    // the monitor has at least one device
};

struct FirstStartStepState
{
    FirstStartStep step;
    bool done = false;
};

// Every step with whether it is done; the guide is shown while no machine was seen.
QList<FirstStartStepState> firstStartSteps(const FirstStartFacts &facts);
bool firstStartGuideShown(const FirstStartFacts &facts);

} // namespace bootbench
