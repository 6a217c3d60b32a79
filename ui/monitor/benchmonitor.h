#pragma once

#include "model/bootevent.h"
#include "timeline/laneorder.h"
#include "timeline/phasetracker.h"
#include "timeline/storereader.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace bootbench {

// What the monitor's views share: the phase tracker being shown (live, a history range from the
// store, or a replay), the lane filter and order, and the selected device. Views never touch the
// event stream: batches come in here, are applied once, and views hear which rows changed.
class BenchMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BenchMonitor)

public:
    enum class Source { Live, History, Replay };

    explicit BenchMonitor(QObject *parent = nullptr);
    ~BenchMonitor() override;

    const PhaseTracker &tracker() const { return m_source == Source::Live ? m_live : m_other; }
    Source source() const { return m_source; }
    QString sourceDescription() const { return m_sourceText; }
    // The clock lanes grow to: wall time when live or replaying, the newest event in history.
    qint64 nowMs() const;

    const LaneFilter &filter() const { return m_filter; }
    void setFilter(const LaneFilter &filter);
    // Tracker rows that pass the filter, in display order (recomputed lazily).
    const QList<int> &order() const;
    int displayIndexOf(int trackerRow) const;

    QString selectedMac() const { return m_selected; }

    // A batch bigger than kChunkEvents is queued and applied in chunks, over as many turns of the
    // event loop as it takes: each turn stops after kSliceBudgetMs (or kSliceEvents events) and
    // yields, so a burst (500 devices at once, a replay as fast as possible) never stalls the
    // GUI. Views hear one lanesChanged() per turn.
    static constexpr int kChunkEvents = 250;
    static constexpr int kSliceEvents = 2000;
    static constexpr int kSliceBudgetMs = 4;
    qsizetype pendingEvents() const;
    // Applies everything still queued, now (tests, the benchmark, before an export).
    void flushPending();

public slots:
    void applyLive(const bootbench::BootEventBatch &batch);
    // Switch to a separate tracker for a replay or a history range; back to live with showLive().
    void beginOther(bootbench::BenchMonitor::Source source, const QString &description);
    void applyOther(const bootbench::BootEventBatch &batch);
    void showLive();
    void setSourceDescription(const QString &text);
    void setSelectedMac(const QString &mac);
    void applyDirectory(const QList<bootbench::DeviceRecord> &records);

signals:
    // Rows of tracker() that were added or changed by a batch (or identity updates).
    void lanesChanged(const bootbench::PhaseTracker::Changes &changes);
    // tracker() is now another tracker, or was cleared: views rebuild.
    void reset();
    void orderChanged();
    void selectedChanged(const QString &mac);
    // Every batch applied to the tracker shown (for the details' event list).
    void eventsShown(const bootbench::BootEventBatch &batch);
    void sourceChanged();

private:
    struct Pending
    {
        bool live = true;
        BootEventBatch events;
    };
    void enqueue(bool live, const BootEventBatch &batch);
    void applySlice();
    void dropPendingOther();
    void applyTo(PhaseTracker &tracker, const BootEventBatch &batch, bool shown);
    void mergeChanges(const PhaseTracker::Changes &changes);
    void emitChanges();
    void applyIdentity(PhaseTracker &tracker, bool shown);

    PhaseTracker m_live;
    PhaseTracker m_other;
    Source m_source = Source::Live;
    QString m_sourceText;
    LaneFilter m_filter;
    mutable QList<int> m_order;
    mutable QList<int> m_displayIndex; // tracker row → display index, -1 when filtered out
    mutable bool m_orderDirty = true;
    QString m_selected;
    QList<Pending> m_pending;
    qsizetype m_pendingOffset = 0; // into m_pending.first()
    QTimer m_sliceTimer;
    // Changes of the tracker shown, gathered over one turn and emitted once.
    PhaseTracker::Changes m_turnChanges;
    bool m_gathering = false;
    QList<DeviceRecord> m_directory;
};

} // namespace bootbench

Q_DECLARE_METATYPE(bootbench::PhaseTracker::Changes)
