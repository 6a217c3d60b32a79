#include "policy/ruleworkledger.h"

#include "store/settingsrepository.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace bootbench {

QHash<QString, RuleWork> RuleWorkLedger::load(const Store &store, QString *error)
{
    QHash<QString, RuleWork> all;
    const QString text = SettingsRepository(store).value(settingKey(), QString(), error);
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonObject w = it.value().toObject();
        all.insert(it.key(),
                   RuleWork{w.value(QStringLiteral("rule")).toString(), w.value(QStringLiteral("bundle")).toString(),
                            w.value(QStringLiteral("done")).toBool()});
    }
    return all;
}

bool RuleWorkLedger::save(const Store &store, const QHash<QString, RuleWork> &all, QString *error)
{
    QJsonObject o;
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        o.insert(it.key(), QJsonObject{{QStringLiteral("rule"), it->rule},
                                       {QStringLiteral("bundle"), it->bundle},
                                       {QStringLiteral("done"), it->done}});
    }
    return SettingsRepository(store).setValue(
        settingKey(), QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)), error);
}

bool RuleWorkLedger::noteAssigned(const Store &store, const QString &mac, const RuleWork &work, QString *error)
{
    QHash<QString, RuleWork> all = load(store, error);
    if (!error->isEmpty())
        return false;
    all.insert(mac, RuleWork{work.rule, work.bundle, false});
    return save(store, all, error);
}

bool RuleWorkLedger::markDone(const Store &store, const QString &mac, const QString &bundle, QString *error)
{
    QHash<QString, RuleWork> all = load(store, error);
    if (!error->isEmpty())
        return false;
    const auto it = all.find(mac);
    if (it == all.end() || it->bundle != bundle || it->done)
        return false;
    it->done = true;
    return save(store, all, error);
}

bool RuleWorkLedger::forget(const Store &store, const QString &mac, QString *error)
{
    QHash<QString, RuleWork> all = load(store, error);
    if (!error->isEmpty())
        return false;
    if (all.remove(mac) == 0)
        return true;
    return save(store, all, error);
}

} // namespace bootbench
