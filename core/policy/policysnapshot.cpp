#include "policy/policysnapshot.h"

#include "menu/menuparser.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/repository.h"
#include "store/rulerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

namespace bootbench {

std::shared_ptr<const PolicySnapshot> PolicySnapshot::load(const Store &store, const QString &defaultMenuText,
                                                           QString *error)
{
    auto snap = std::make_shared<PolicySnapshot>();
    // Read the revision first: a change made while loading makes the next request load again.
    snap->revision = configurationRevision(store);
    QString e;
    for (const Device &d : DeviceRepository(store).list(&e))
        snap->devices.insert(d.mac, d);
    if (e.isEmpty()) {
        for (const Assignment &a : AssignmentRepository(store).list(&e))
            snap->assignments.insert(a.mac, a);
    }
    if (e.isEmpty())
        snap->rules = RuleRepository(store).list(&e);
    if (e.isEmpty()) {
        for (const Bundle &b : BundleRepository(store).list(&e))
            snap->bundles.insert(b.name, b);
    }
    SettingsRepository settings(store);
    if (e.isEmpty())
        snap->menuSettings = settings.menuSettings(&e);
    QString text;
    if (e.isEmpty())
        text = settings.menuText(&e);
    if (e.isEmpty())
        snap->ruleWork = RuleWorkLedger::load(store, &e);
    if (!e.isEmpty()) {
        *error = QStringLiteral("cannot read the policy from the store: %1").arg(e);
        return nullptr;
    }
    snap->setMenuText(text.isEmpty() ? defaultMenuText : text);
    return snap;
}

void PolicySnapshot::setMenuText(const QString &text)
{
    menuText = text;
    menu = MenuParser::parse(text);
}

} // namespace bootbench
