#include "timeline/devicelane.h"

namespace bootbench {

QString DeviceLane::label() const
{
    const QString who = name.isEmpty() ? mac : name;
    return architecture.isEmpty() ? who : who + QStringLiteral(" (") + architecture + QLatin1Char(')');
}

bool DeviceLane::isStalled(qint64 nowMs, qint64 thresholdMs) const
{
    return state == LaneState::Active && lastEventMs > 0 && nowMs - lastEventMs > thresholdMs;
}

QString laneStateKey(LaneState state)
{
    switch (state) {
    case LaneState::Active: return QStringLiteral("active");
    case LaneState::Menu: return QStringLiteral("menu");
    case LaneState::LocalBoot: return QStringLiteral("local-boot");
    case LaneState::Done: return QStringLiteral("done");
    case LaneState::Failed: return QStringLiteral("failed");
    }
    return {};
}

} // namespace bootbench
