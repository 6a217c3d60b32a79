#pragma once

#include "policy/policysnapshot.h"

#include <QString>

namespace bootbench {

// Phase 3: whether and how the Preboot Menu is offered to a device.
struct MenuDecision
{
    MenuMode mode = MenuMode::Hotkey;
    int promptSeconds = 3;  // how long the hotkey prompt waits
    bool perDevice = false; // the device overrides the global mode
    QString passwordHash;   // effective: the menu file's, else the settings'; empty: none
};

// Phase 4: whether a device has work, and which config file boots it.
struct WorkDecision
{
    enum class Source : int { None = 0, Assignment, Rule };

    Source source = Source::None;
    Bundle bundle;
    QString ruleName;      // Source::Rule
    Assignment assignment; // Source::Assignment
    QString configFile;    // "z_auto.cfg" / "winpe.cfg"; empty without work
    QString why;           // one English sentence: what decided (for events and "why did it not boot")

    bool hasWork() const { return source != Source::None; }
};

// Decisions from one immutable snapshot: pure functions of their inputs, no I/O.
class PolicyDecider
{
public:
    explicit PolicyDecider(PolicySnapshotPtr snapshot);

    const PolicySnapshot &snapshot() const { return *m_snapshot; }
    // The device as the store knows it with what it reported just now laid over it.
    Device effectiveDevice(const Device &reported) const;
    MenuDecision menuFor(const Device &device) const;
    // Order: an explicit assignment (pending, running, failed-and-retrying, or persistent), else the
    // first enabled hardware rule whose criteria match, else none.
    WorkDecision workFor(const Device &device) const;

    // prefix + serial, else asset tag, else the MAC without separators (placeholders such as
    // "To be filled by O.E.M." do not count as a serial).
    static QString deviceName(const QString &prefix, const Device &device);
    // Firmware filler values that identify nothing.
    static bool isPlaceholder(const QString &value);

private:
    WorkDecision withBundle(WorkDecision decision, const QString &bundleName) const;

    PolicySnapshotPtr m_snapshot;
};

QString workSourceKey(WorkDecision::Source source); // "none", "assignment", "rule"

} // namespace bootbench
