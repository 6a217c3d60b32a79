#include "store/configurationrepository.h"

#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/rulerepository.h"
#include "store/settingsrepository.h"
#include "store/transaction.h"

#include <QJsonArray>

namespace bootbench {

namespace {
const QString kFormat = QStringLiteral("bootbench-configuration");
}

QJsonObject ConfigurationRepository::exportAll(QString *error) const
{
    QJsonArray devices, bundles, assignments, rules;
    for (const Device &d : DeviceRepository(m_store).list(error))
        devices.append(d.toJson());
    for (const Bundle &b : BundleRepository(m_store).list(error))
        bundles.append(b.toJson());
    for (const Assignment &a : AssignmentRepository(m_store).list(error))
        assignments.append(a.toJson());
    for (const HardwareRule &r : RuleRepository(m_store).list(error))
        rules.append(r.toJson());
    const SettingsRepository settings(m_store);
    return {{QStringLiteral("format"), kFormat},
            {QStringLiteral("version"), kFormatVersion},
            {QStringLiteral("devices"), devices},
            {QStringLiteral("bundles"), bundles},
            {QStringLiteral("assignments"), assignments},
            {QStringLiteral("rules"), rules},
            {QStringLiteral("menuSettings"), settings.menuSettings(error).toJson()},
            {QStringLiteral("menuText"), settings.menuText(error)}};
}

bool ConfigurationRepository::importAll(const QJsonObject &doc, QString *error) const
{
    if (doc.value(QStringLiteral("format")).toString() != kFormat) {
        *error = QStringLiteral("not a Bootbench configuration (\"format\" is not \"%1\")").arg(kFormat);
        return false;
    }
    if (doc.value(QStringLiteral("version")).toInt() > kFormatVersion) {
        *error = QStringLiteral("the configuration was written by a newer Bootbench (format version %1)")
                     .arg(doc.value(QStringLiteral("version")).toInt());
        return false;
    }
    Transaction tx(db());
    for (const char *table : {"assignments", "rules", "devices", "bundles"}) {
        QSqlQuery q(db());
        if (!run(q, QStringLiteral("DELETE FROM ") + QLatin1String(table), {}, error))
            return false;
    }
    auto at = [](const char *what, int i, const QString &e) {
        return QStringLiteral("%1[%2]: %3").arg(QLatin1String(what)).arg(i).arg(e);
    };
    const QJsonArray bundles = doc.value(QStringLiteral("bundles")).toArray();
    for (int i = 0; i < bundles.size(); ++i) {
        const QJsonObject o = bundles[i].toObject();
        BundleKind kind;
        if (!bundleKindFromKey(o.value(QStringLiteral("kind")).toString(), &kind)) {
            *error =
                at("bundles", i, QStringLiteral("unknown kind \"%1\"").arg(o.value(QStringLiteral("kind")).toString()));
            return false;
        }
        if (QString e; !BundleRepository(m_store).add(Bundle::fromJson(o), &e)) {
            *error = at("bundles", i, e);
            return false;
        }
    }
    const QJsonArray devices = doc.value(QStringLiteral("devices")).toArray();
    for (int i = 0; i < devices.size(); ++i) {
        if (QString e; !DeviceRepository(m_store).add(Device::fromJson(devices[i].toObject()), &e)) {
            *error = at("devices", i, e);
            return false;
        }
    }
    const QJsonArray assignments = doc.value(QStringLiteral("assignments")).toArray();
    for (int i = 0; i < assignments.size(); ++i) {
        const Assignment a = Assignment::fromJson(assignments[i].toObject());
        AssignmentRepository repo(m_store);
        QString e;
        if (!repo.assign(a.mac, a.bundleName, a.persistent, &e) ||
            (a.state != AssignmentState::Pending && !repo.setState(a.mac, a.state, a.reason, &e))) {
            *error = at("assignments", i, e);
            return false;
        }
    }
    const QJsonArray rules = doc.value(QStringLiteral("rules")).toArray();
    for (int i = 0; i < rules.size(); ++i) {
        QString e;
        const HardwareRule r = HardwareRule::fromJson(rules[i].toObject(), &e);
        if (!e.isEmpty() || !RuleRepository(m_store).add(r, &e)) {
            *error = at("rules", i, e);
            return false;
        }
    }
    const SettingsRepository settings(m_store);
    if (doc.contains(QStringLiteral("menuSettings")) &&
        !settings.setMenuSettings(MenuSettings::fromJson(doc.value(QStringLiteral("menuSettings")).toObject()), error))
        return false;
    if (doc.contains(QStringLiteral("menuText")) &&
        !settings.setMenuText(doc.value(QStringLiteral("menuText")).toString(), error))
        return false;
    if (!bumpRevision(error))
        return false;
    return tx.commit(error);
}

} // namespace bootbench
