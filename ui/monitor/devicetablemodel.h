#pragma once

#include "timeline/phasetracker.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace bootbench {

class BenchMonitor;

// One row per device of the monitor's tracker, in the tracker's row order (first seen). Applies a
// batch at once: one insertion for the new rows, then dataChanged per changed row, or one range
// when more than half of the rows changed. Durations of active devices tick once a second.
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

    int rowOfMac(const QString &mac) const;
    // Counts of dataChanged signals sent, for tests and the benchmark.
    int dataChangedSignals() const { return m_dataChangedSignals; }

    static QString phaseText(bootbench::Phase phase);
    static QString stateText(LaneState state);
    static QString bytesText(qint64 bytes);
    static QString durationText(qint64 ms);

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
};

} // namespace bootbench
