#pragma once

#include <QHash>
#include <QString>

namespace bootbench {

class Store;

// Which hardware rule gave a device its current work, and which rules a device has finished.
// A rule gives a device its bundle once: when the rule matches, a once assignment is made and
// noted here; when the engine reports success the note is marked done and the rule no longer
// applies to that device (no re-imaging loop). Changing the rule's bundle re-arms it. Kept as
// one JSON setting in the store ("policy.ruleWork").
struct RuleWork
{
    QString rule;
    QString bundle;
    bool done = false;
    friend bool operator==(const RuleWork &, const RuleWork &) = default;
};

class RuleWorkLedger
{
public:
    static QString settingKey() { return QStringLiteral("policy.ruleWork"); }
    static QHash<QString, RuleWork> load(const Store &store, QString *error);
    // Notes that `rule` assigned `bundle` to `mac` (not done yet).
    static bool noteAssigned(const Store &store, const QString &mac, const RuleWork &work, QString *error);
    // Marks the device's noted rule done if it is the one that assigned `bundle`. True when marked.
    static bool markDone(const Store &store, const QString &mac, const QString &bundle, QString *error);
    // Forgets a device (its rules apply again).
    static bool forget(const Store &store, const QString &mac, QString *error);

private:
    static bool save(const Store &store, const QHash<QString, RuleWork> &all, QString *error);
};

} // namespace bootbench
