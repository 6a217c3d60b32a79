#include "monitor/benchmonitor.h"

#include <QElapsedTimer>

#include <algorithm>
#include <iterator>
#include <utility>

namespace bootbench {

BenchMonitor::BenchMonitor(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<PhaseTracker::Changes>();
    // The next chunk of a queued burst: a timer, not a posted call, so that paints, input and
    // the views' timers get their turn in between.
    m_sliceTimer.setSingleShot(true);
    m_sliceTimer.setInterval(0);
    connect(&m_sliceTimer, &QTimer::timeout, this, &BenchMonitor::applySlice);
}

BenchMonitor::~BenchMonitor() = default;

qint64 BenchMonitor::nowMs() const
{
    if (m_source == Source::History)
        return tracker().newestEventMs();
    return QDateTime::currentMSecsSinceEpoch();
}

void BenchMonitor::setFilter(const LaneFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    m_orderDirty = true;
    emit orderChanged();
}

const QList<int> &BenchMonitor::order() const
{
    if (m_orderDirty) {
        m_order = orderLanes(tracker(), m_filter);
        m_displayIndex.fill(-1, tracker().count());
        for (int i = 0; i < m_order.size(); ++i)
            m_displayIndex[m_order.at(i)] = i;
        m_orderDirty = false;
    }
    return m_order;
}

int BenchMonitor::displayIndexOf(int trackerRow) const
{
    order();
    return trackerRow >= 0 && trackerRow < m_displayIndex.size() ? m_displayIndex.at(trackerRow) : -1;
}

void BenchMonitor::applyTo(PhaseTracker &tracker, const BootEventBatch &batch, bool shown)
{
    const int before = tracker.count();
    PhaseTracker::Changes changes = tracker.apply(batch);
    if (tracker.count() > before)
        applyIdentity(tracker, false); // names for the devices just seen
    if (!shown)
        return;
    if (!changes.isEmpty()) {
        m_orderDirty = true;
        if (m_gathering)
            mergeChanges(changes);
        else
            emit lanesChanged(changes);
    }
    emit eventsShown(batch);
}

void BenchMonitor::mergeChanges(const PhaseTracker::Changes &changes)
{
    PhaseTracker::Changes &all = m_turnChanges;
    if (all.isEmpty() && all.events == 0) {
        all = changes;
        return;
    }
    all.events += changes.events;
    if (changes.newRows > 0) {
        if (all.newRows == 0)
            all.firstNewRow = changes.firstNewRow;
        all.newRows = changes.firstNewRow + changes.newRows - all.firstNewRow;
    }
    QList<int> rows;
    rows.reserve(all.changedRows.size() + changes.changedRows.size());
    std::set_union(all.changedRows.cbegin(), all.changedRows.cend(), changes.changedRows.cbegin(),
                   changes.changedRows.cend(), std::back_inserter(rows));
    // Rows added earlier in this turn are new to the views, not changed.
    if (all.newRows > 0)
        rows.erase(std::lower_bound(rows.begin(), rows.end(), all.firstNewRow), rows.end());
    all.changedRows = rows;
}

void BenchMonitor::emitChanges()
{
    m_gathering = false;
    const PhaseTracker::Changes changes = std::exchange(m_turnChanges, PhaseTracker::Changes{});
    if (!changes.isEmpty())
        emit lanesChanged(changes);
}

void BenchMonitor::applyLive(const BootEventBatch &batch)
{
    enqueue(true, batch);
}

void BenchMonitor::applyOther(const BootEventBatch &batch)
{
    enqueue(false, batch);
}

void BenchMonitor::enqueue(bool live, const BootEventBatch &batch)
{
    if (batch.isEmpty())
        return;
    if (m_pending.isEmpty() && batch.size() <= kChunkEvents) {
        applyTo(live ? m_live : m_other, batch, live == (m_source == Source::Live));
        return;
    }
    m_pending.append(Pending{live, batch});
    if (!m_sliceTimer.isActive())
        applySlice(); // the first chunks now, the rest on later turns of the event loop
}

qsizetype BenchMonitor::pendingEvents() const
{
    qsizetype n = -m_pendingOffset;
    for (const Pending &p : m_pending)
        n += p.events.size();
    return n;
}

void BenchMonitor::applySlice()
{
    m_sliceTimer.stop();
    QElapsedTimer clock;
    clock.start();
    m_gathering = true;
    int applied = 0;
    while (!m_pending.isEmpty() && applied < kSliceEvents) {
        Pending &head = m_pending.first();
        const qsizetype take = qMin<qsizetype>(kChunkEvents, head.events.size() - m_pendingOffset);
        const BootEventBatch chunk =
            m_pendingOffset == 0 && take == head.events.size() ? head.events : head.events.mid(m_pendingOffset, take);
        const bool live = head.live;
        m_pendingOffset += take;
        if (m_pendingOffset >= head.events.size()) {
            m_pending.removeFirst();
            m_pendingOffset = 0;
        }
        applyTo(live ? m_live : m_other, chunk, live == (m_source == Source::Live));
        applied += int(take);
        if (clock.elapsed() >= kSliceBudgetMs)
            break;
    }
    emitChanges();
    if (!m_pending.isEmpty())
        m_sliceTimer.start();
}

void BenchMonitor::flushPending()
{
    while (!m_pending.isEmpty())
        applySlice();
}

void BenchMonitor::dropPendingOther()
{
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        if (!m_pending.at(i).live) {
            if (i == 0)
                m_pendingOffset = 0;
            m_pending.removeAt(i);
        }
    }
}

void BenchMonitor::beginOther(Source source, const QString &description)
{
    dropPendingOther();
    m_other.clear();
    m_source = source == Source::Live ? Source::History : source;
    m_sourceText = description;
    m_orderDirty = true;
    emit reset();
    emit sourceChanged();
}

void BenchMonitor::showLive()
{
    if (m_source == Source::Live)
        return;
    m_source = Source::Live;
    m_sourceText.clear();
    dropPendingOther();
    m_other.clear();
    m_orderDirty = true;
    emit reset();
    emit sourceChanged();
}

void BenchMonitor::setSourceDescription(const QString &text)
{
    m_sourceText = text;
    emit sourceChanged();
}

void BenchMonitor::setSelectedMac(const QString &mac)
{
    if (mac == m_selected)
        return;
    m_selected = mac;
    emit selectedChanged(mac);
}

void BenchMonitor::applyDirectory(const QList<DeviceRecord> &records)
{
    m_directory = records;
    applyIdentity(m_live, m_source == Source::Live);
    applyIdentity(m_other, m_source != Source::Live);
}

void BenchMonitor::applyIdentity(PhaseTracker &tracker, bool shown)
{
    PhaseTracker::Changes changes;
    for (const DeviceRecord &r : std::as_const(m_directory)) {
        int row = tracker.setIdentity(r.device.mac, r.device.name, r.device.architecture);
        const int assigned = r.assigned ? tracker.setAssignment(r.device.mac, r.assignment.bundleName,
                                                                assignmentStateKey(r.assignment.state))
                                        : tracker.setAssignment(r.device.mac, {}, {});
        row = qMax(row, assigned);
        if (row >= 0)
            changes.changedRows.append(row);
    }
    if (shown && !changes.changedRows.isEmpty()) {
        std::sort(changes.changedRows.begin(), changes.changedRows.end());
        changes.changedRows.erase(std::unique(changes.changedRows.begin(), changes.changedRows.end()),
                                  changes.changedRows.end());
        m_orderDirty = true;
        if (m_gathering)
            mergeChanges(changes);
        else
            emit lanesChanged(changes);
    }
}

} // namespace bootbench
