#pragma once

#include <QList>
#include <QString>

namespace bootbench {

class PhaseTracker;
struct DeviceLane;

// Which lanes the monitor shows, and in which order. Shared by the timeline and the table so a
// filter means the same thing in both.
struct LaneFilter
{
    enum class Sort : int { FirstSeen = 0, Name, State };
    enum class Show : int { All = 0, Active, Failed, Done };

    Sort sort = Sort::FirstSeen;
    Show show = Show::All;
    QString search; // part of the MAC, the name or the IP, case-insensitive

    bool accepts(const DeviceLane &lane) const;
    friend bool operator==(const LaneFilter &, const LaneFilter &) = default;
};

// Rows of the tracker that pass the filter, in display order.
QList<int> orderLanes(const PhaseTracker &tracker, const LaneFilter &filter);

} // namespace bootbench
