#pragma once

#include "timeline/phasetracker.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace bootbench {

class BenchMonitor;

// One row per device of the monitor's tracker, in the tracker's row order (first seen). New rows
// are inserted at once (one insertion per batch); changed rows are gathered and announced at
// most every kUpdateMs as one dataChanged range, so a burst of batches costs the views one
// repaint, not one per batch or per row. Durations of active devices tick once a second.
class DeviceTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceTableModel)

public:
    enum Column { Mac = 0, Name, Architecture, Ip, State, Phase, Transfer, Bundle, LastEvent, Duration, ColumnCount };
    enum Role { MacRole = Qt::UserRole + 1, SortRole, PercentRole, LaneStateRole };

    explicit DeviceTableModel(BenchMonitor *monitor, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static constexpr int kUpdateMs = 300;
    int rowOfMac(const QString &mac) const;
    // Announces the gathered changes now (tests, exports).
    void flushUpdates();
    // Counts of dataChanged signals sent, for tests and the benchmark.
    int dataChangedSignals() const { return m_dataChangedSignals; }

    static QString phaseText(bootbench::Phase phase);
    static QString stateText(LaneState state);
    static QString bytesText(qint64 bytes);
    static QString durationText(qint64 ms);
    // The engine's report in the user's language: "running script 3/5", "42 % at 96 MB/s".
    static QString engineText(const EngineProgress &progress);

private:
    void onLanesChanged(const PhaseTracker::Changes &changes);
    void onReset();
    void tickDurations();
    QString transferText(const DeviceLane &lane) const;
    qint64 durationMs(const DeviceLane &lane) const;

    BenchMonitor *const m_monitor;
    int m_rows = 0; // what the views have been told
    int m_dataChangedSignals = 0;
    QTimer m_tick;
    QTimer m_update;
    int m_dirtyFirst = -1; // changed rows not announced yet: [m_dirtyFirst, m_dirtyLast]
    int m_dirtyLast = -1;
};

} // namespace bootbench
