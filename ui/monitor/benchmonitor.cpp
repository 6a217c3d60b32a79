#include "monitor/benchmonitor.h"

#include <QTimer>

namespace bootbench {

BenchMonitor::BenchMonitor(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<PhaseTracker::Changes>();
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
        emit lanesChanged(changes);
    }
    emit eventsShown(batch);
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
    if (m_pending.isEmpty() && batch.size() <= kSliceEvents) {
        applyTo(live ? m_live : m_other, batch, live == (m_source == Source::Live));
        return;
    }
    m_pending.append(Pending{live, batch});
    if (!m_sliceScheduled)
        applySlice(); // the first slice now, the rest on later turns of the event loop
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
    m_sliceScheduled = false;
    if (m_pending.isEmpty())
        return;
    Pending &head = m_pending.first();
    const qsizetype take = qMin<qsizetype>(kSliceEvents, head.events.size() - m_pendingOffset);
    const BootEventBatch slice =
        m_pendingOffset == 0 && take == head.events.size() ? head.events : head.events.mid(m_pendingOffset, take);
    const bool live = head.live;
    m_pendingOffset += take;
    if (m_pendingOffset >= head.events.size()) {
        m_pending.removeFirst();
        m_pendingOffset = 0;
    }
    applyTo(live ? m_live : m_other, slice, live == (m_source == Source::Live));
    if (!m_pending.isEmpty() && !m_sliceScheduled) {
        m_sliceScheduled = true;
        QTimer::singleShot(0, this, &BenchMonitor::applySlice);
    }
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
        m_orderDirty = true;
        emit lanesChanged(changes);
    }
}

} // namespace bootbench
