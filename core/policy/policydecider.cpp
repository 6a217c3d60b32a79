#include "policy/policydecider.h"

#include <QRegularExpression>

namespace bootbench {

QString workSourceKey(WorkDecision::Source source)
{
    switch (source) {
    case WorkDecision::Source::Assignment: return QStringLiteral("assignment");
    case WorkDecision::Source::Rule: return QStringLiteral("rule");
    case WorkDecision::Source::None: break;
    }
    return QStringLiteral("none");
}

PolicyDecider::PolicyDecider(PolicySnapshotPtr snapshot)
    : m_snapshot(std::move(snapshot))
{}

Device PolicyDecider::effectiveDevice(const Device &reported) const
{
    Device d = m_snapshot->devices.value(reported.mac, reported);
    auto take = [](QString &field, const QString &value) {
        if (!value.isEmpty())
            field = value;
    };
    take(d.uuid, reported.uuid);
    take(d.serial, reported.serial);
    take(d.manufacturer, reported.manufacturer);
    take(d.model, reported.model);
    take(d.assetTag, reported.assetTag);
    take(d.architecture, reported.architecture);
    if (reported.ramMb > 0)
        d.ramMb = reported.ramMb;
    if (reported.diskMb > 0)
        d.diskMb = reported.diskMb;
    return d;
}

MenuDecision PolicyDecider::menuFor(const Device &device) const
{
    MenuDecision m;
    const MenuSettings &global = m_snapshot->menuSettings;
    const auto known = m_snapshot->devices.constFind(device.mac);
    m.perDevice = known != m_snapshot->devices.constEnd() && known->hasMenuOverride;
    m.mode = m.perDevice ? known->menuOverride : global.mode;
    m.promptSeconds = qBound(1, global.timeoutSeconds, 60);
    m.passwordHash =
        m_snapshot->menu.menu.passwordHash.isEmpty() ? global.passwordHash : m_snapshot->menu.menu.passwordHash;
    return m;
}

WorkDecision PolicyDecider::withBundle(WorkDecision decision, const QString &bundleName) const
{
    const auto bundle = m_snapshot->bundles.constFind(bundleName);
    if (bundle == m_snapshot->bundles.constEnd()) {
        decision.why += QStringLiteral(", but bundle \"%1\" does not exist: no work").arg(bundleName);
        decision.source = WorkDecision::Source::None;
        return decision;
    }
    decision.bundle = *bundle;
    decision.configFile = configFileForKind(bundle->kind);
    if (decision.configFile.isEmpty()) {
        decision.why += QStringLiteral(", but bundle \"%1\" is empty: no work").arg(bundleName);
        decision.source = WorkDecision::Source::None;
        return decision;
    }
    decision.why += QStringLiteral(": %1 (%2)").arg(decision.configFile, bundleKindKey(bundle->kind));
    return decision;
}

WorkDecision PolicyDecider::workFor(const Device &device) const
{
    WorkDecision d;
    const auto assignment = m_snapshot->assignments.constFind(device.mac);
    if (assignment != m_snapshot->assignments.constEnd()) {
        // A once assignment is removed when it is done, so what is left here is work: pending,
        // running (the device rebooted during imaging: run it again), failed (retried on the next
        // boot, the reason kept), or a persistent assignment in any state.
        d.source = WorkDecision::Source::Assignment;
        d.assignment = *assignment;
        d.why = QStringLiteral("%1 assignment of bundle \"%2\" (%3)")
                    .arg(assignment->persistent ? QStringLiteral("persistent") : QStringLiteral("once"),
                         assignment->bundleName, assignmentStateKey(assignment->state));
        return withBundle(d, assignment->bundleName);
    }
    for (const HardwareRule &rule : m_snapshot->rules) {
        if (!rule.enabled || !rule.criteria.matches(device))
            continue;
        if (m_snapshot->ruleWork.value(device.mac) == RuleWork{rule.name, rule.bundleName, true}) {
            d.why = QStringLiteral("hardware rule \"%1\" matches, but this device already finished its bundle \"%2\"; ")
                        .arg(rule.name, rule.bundleName);
            continue;
        }
        d.source = WorkDecision::Source::Rule;
        d.ruleName = rule.name;
        d.why = QStringLiteral("hardware rule \"%1\" (position %2) matches, bundle \"%3\"")
                    .arg(rule.name)
                    .arg(rule.position + 1)
                    .arg(rule.bundleName);
        return withBundle(d, rule.bundleName);
    }
    int enabled = 0;
    for (const HardwareRule &rule : m_snapshot->rules)
        enabled += rule.enabled ? 1 : 0;
    d.why = d.why.isEmpty()
                ? QStringLiteral("no assignment, and none of %1 enabled hardware rules matches").arg(enabled)
                : QStringLiteral("no assignment; ") + d.why + QStringLiteral("no other rule matches");
    return d;
}

bool PolicyDecider::isPlaceholder(const QString &value)
{
    static const QRegularExpression filler(
        QStringLiteral("^(|0+|none|n/?a|default string|not specified|not applicable|to be filled by o\\.?e\\.?m\\.?|"
                       "system serial number|serial ?number|chassis serial number|base board serial number|"
                       "asset[ -]?tag[ -]?(number)?|no asset (tag|information)|unknown|invalid|"
                       "0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$"),
        QRegularExpression::CaseInsensitiveOption);
    return filler.match(value.trimmed()).hasMatch();
}

QString PolicyDecider::deviceName(const QString &prefix, const Device &device)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    for (const QString &candidate : {device.serial, device.assetTag}) {
        if (!isPlaceholder(candidate)) {
            QString clean = candidate.trimmed();
            clean.replace(unsafe, QStringLiteral("-"));
            return prefix + clean.left(48);
        }
    }
    return prefix + QString(device.mac).remove(QLatin1Char(':'));
}

} // namespace bootbench
