#include "timeline/laneorder.h"

#include "timeline/phasetracker.h"

#include <algorithm>

namespace bootbench {

namespace {
// Failed first (what needs a look), then the machines still on their way, then the finished.
int stateRank(LaneState state)
{
    switch (state) {
    case LaneState::Failed: return 0;
    case LaneState::Active: return 1;
    case LaneState::Menu: return 2;
    case LaneState::LocalBoot: return 3;
    case LaneState::Done: return 4;
    }
    return 5;
}
} // namespace

bool LaneFilter::accepts(const DeviceLane &lane) const
{
    switch (show) {
    case Show::All: break;
    case Show::Active:
        if (lane.state != LaneState::Active && lane.state != LaneState::Menu)
            return false;
        break;
    case Show::Failed:
        if (lane.state != LaneState::Failed)
            return false;
        break;
    case Show::Done:
        if (lane.state != LaneState::Done && lane.state != LaneState::LocalBoot)
            return false;
        break;
    }
    const QString needle = search.trimmed();
    if (needle.isEmpty())
        return true;
    return lane.mac.contains(needle, Qt::CaseInsensitive) || lane.name.contains(needle, Qt::CaseInsensitive) ||
           lane.ip.contains(needle, Qt::CaseInsensitive) ||
           // "aa-bb-cc…" and "aabbcc…" as people type MACs
           QString(lane.mac)
               .remove(QLatin1Char(':'))
               .contains(QString(needle).remove(QLatin1Char(':')).remove(QLatin1Char('-')), Qt::CaseInsensitive);
}

QList<int> orderLanes(const PhaseTracker &tracker, const LaneFilter &filter)
{
    QList<int> rows;
    rows.reserve(tracker.count());
    for (int row = 0; row < tracker.count(); ++row) {
        if (filter.accepts(tracker.lane(row)))
            rows.append(row);
    }
    switch (filter.sort) {
    case LaneFilter::Sort::FirstSeen:
        std::stable_sort(rows.begin(), rows.end(),
                         [&](int a, int b) { return tracker.lane(a).firstSeenMs < tracker.lane(b).firstSeenMs; });
        break;
    case LaneFilter::Sort::Name:
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
            const DeviceLane &la = tracker.lane(a), &lb = tracker.lane(b);
            const QString &na = la.name.isEmpty() ? la.mac : la.name;
            const QString &nb = lb.name.isEmpty() ? lb.mac : lb.name;
            return QString::compare(na, nb, Qt::CaseInsensitive) < 0;
        });
        break;
    case LaneFilter::Sort::State:
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
            const DeviceLane &la = tracker.lane(a), &lb = tracker.lane(b);
            const int ra = stateRank(la.state), rb = stateRank(lb.state);
            if (ra != rb)
                return ra < rb;
            return la.currentPhase > lb.currentPhase;
        });
        break;
    }
    return rows;
}

} // namespace bootbench
