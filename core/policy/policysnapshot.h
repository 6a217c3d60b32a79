#pragma once

#include "menu/menu.h"
#include "model/assignment.h"
#include "model/bundle.h"
#include "model/device.h"
#include "model/hardwarerule.h"
#include "model/menusettings.h"
#include "policy/ruleworkledger.h"

#include <QHash>
#include <QList>

#include <memory>

namespace bootbench {

class Store;

// Everything a policy decision reads, loaded from the store at one configuration revision and
// never changed afterwards: requests share it across the service's thread without locks, and a
// decision can be tested from a snapshot built in code.
struct PolicySnapshot
{
    qint64 revision = -1;
    QHash<QString, Device> devices;         // by normalised MAC
    QHash<QString, Assignment> assignments; // by normalised MAC
    QList<HardwareRule> rules;              // in order: first match wins
    QHash<QString, Bundle> bundles;         // by name
    MenuSettings menuSettings;              // global
    QString menuText;                       // the text in use (the shipped default when none is stored)
    MenuParseResult menu;                   // menuText parsed
    QHash<QString, RuleWork> ruleWork;      // by MAC (ruleworkledger.h)

    // Reads the store. Null with *error set when the store cannot be read.
    static std::shared_ptr<const PolicySnapshot> load(const Store &store, const QString &defaultMenuText,
                                                      QString *error);
    // The snapshot's menu text replaced (for one built in code).
    void setMenuText(const QString &text);
};

using PolicySnapshotPtr = std::shared_ptr<const PolicySnapshot>;

} // namespace bootbench
