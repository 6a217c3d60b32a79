#pragma once

#include "model/bootevent.h"
#include "timeline/devicelane.h"
#include "timeline/throughputmeter.h"

#include <QHash>
#include <QList>

#include <vector>

namespace bootbench {

// Follows every device through phases 1–8 from the events the services publish (see
// docs/preboot-flow.md, "What this means for the timeline"). A batch is applied at once and the
// answer says which rows are new and which changed, so models and views update a row at a time.
// Rows never move: row = order of first appearance. Not a QObject; no widgets; one thread.
class PhaseTracker
{
public:
    struct Changes
    {
        int firstNewRow = -1; // rows [firstNewRow, firstNewRow + newRows) were added
        int newRows = 0;
        QList<int> changedRows; // existing rows that changed (sorted, unique)
        qint64 events = 0;      // events applied
        bool isEmpty() const { return newRows == 0 && changedRows.isEmpty(); }
    };
    struct Counts
    {
        int active = 0, menu = 0, localBoot = 0, done = 0, failed = 0;
    };

    PhaseTracker() = default;

    Changes apply(const BootEventBatch &batch);
    // Identity and assignment from the store; returns the changed row, or -1 (unknown device or
    // nothing new). Devices are only added by events.
    int setIdentity(const QString &mac, const QString &name, const QString &architecture);
    int setAssignment(const QString &mac, const QString &bundle, const QString &state);
    void clear();

    int count() const { return int(m_lanes.size()); }
    const DeviceLane &lane(int row) const { return m_lanes[size_t(row)]; }
    int rowOf(const QString &mac) const { return m_rows.value(mac, -1); }
    Counts counts() const;
    qint64 eventCount() const { return m_events; }
    qint64 newestEventMs() const { return m_newestMs; }
    qint64 oldestEventMs() const { return m_oldestMs; }
    const ThroughputMeter &throughput() const { return m_throughput; }
    quint64 revision() const { return m_revision; }

    // How an event's outcome is drawn: Failed becomes Expected for the refusals the flow expects
    // (the absent /boot/updateDrivers.tgz, the loader's pxelinux.cfg look-ups, the EDK2 tsize
    // probe the client aborts), whichever service reported them.
    static Outcome drawnOutcome(const BootEvent &event);
    // A rough figure of the memory the lanes hold, in bytes.
    qint64 approximateBytes() const;

private:
    void applyOne(DeviceLane &lane, const BootEvent &event, qint64 timeMs);

    std::vector<DeviceLane> m_lanes;
    QHash<QString, int> m_rows;
    ThroughputMeter m_throughput;
    qint64 m_events = 0;
    qint64 m_newestMs = 0;
    qint64 m_oldestMs = 0;
    quint64 m_revision = 0;
};

} // namespace bootbench
