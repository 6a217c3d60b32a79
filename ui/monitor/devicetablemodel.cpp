#include "monitor/devicetablemodel.h"

#include "monitor/benchmonitor.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>
#include <limits>

namespace bootbench {

namespace {
// "HH:mm:ss" in local time. The local offset is looked up once per quarter of an hour (offsets
// change on such boundaries), not per cell: a time-zone conversion per cell made a repaint of
// the table cost milliseconds.
QString clockText(qint64 ms)
{
    static qint64 bucket = std::numeric_limits<qint64>::min();
    static qint64 offsetMs = 0;
    const qint64 b = ms / (15 * 60 * 1000);
    if (b != bucket) {
        bucket = b;
        offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(ms).offsetFromUtc()) * 1000;
    }
    qint64 s = ((ms + offsetMs) / 1000) % 86400;
    if (s < 0)
        s += 86400;
    const auto two = [](qint64 v) { return QString::number(v).rightJustified(2, QLatin1Char('0')); };
    return two(s / 3600) + QLatin1Char(':') + two((s / 60) % 60) + QLatin1Char(':') + two(s % 60);
}
} // namespace

DeviceTableModel::DeviceTableModel(BenchMonitor *monitor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_monitor(monitor)
{
    m_rows = m_monitor->tracker().count();
    connect(m_monitor, &BenchMonitor::lanesChanged, this, &DeviceTableModel::onLanesChanged);
    connect(m_monitor, &BenchMonitor::reset, this, &DeviceTableModel::onReset);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &DeviceTableModel::tickDurations);
    m_tick.start();
    m_update.setSingleShot(true);
    m_update.setInterval(kUpdateMs);
    connect(&m_update, &QTimer::timeout, this, &DeviceTableModel::flushUpdates);
}

int DeviceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int DeviceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int DeviceTableModel::rowOfMac(const QString &mac) const
{
    const int row = m_monitor->tracker().rowOf(mac);
    return row < m_rows ? row : -1;
}

QString DeviceTableModel::phaseText(bootbench::Phase phase)
{
    switch (phase) {
    case Phase::None: return tr("—");
    case Phase::Dhcp: return tr("1 DHCP");
    case Phase::Bootstrap: return tr("2 Bootstrap");
    case Phase::MenuSettings: return tr("3 Menu settings");
    case Phase::WorkQuery: return tr("4 Work query");
    case Phase::Loader: return tr("5 Loader");
    case Phase::ConfigFile: return tr("6 Config file");
    case Phase::ImagingFiles: return tr("7 Imaging files");
    case Phase::Imaging: return tr("8 Imaging");
    }
    return {};
}

QString DeviceTableModel::stateText(LaneState state)
{
    switch (state) {
    case LaneState::Active: return tr("Active");
    case LaneState::Menu: return tr("Menu shown");
    case LaneState::LocalBoot: return tr("Local boot");
    case LaneState::Done: return tr("Done");
    case LaneState::Failed: return tr("Failed");
    }
    return {};
}

QString DeviceTableModel::bytesText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QString DeviceTableModel::durationText(qint64 ms)
{
    const qint64 s = qMax<qint64>(0, ms / 1000);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString DeviceTableModel::engineText(const EngineProgress &p)
{
    QStringList parts;
    if (p.stage == QLatin1String("script") && p.steps > 0)
        parts << tr("running script %1/%2").arg(p.step).arg(p.steps);
    else if (p.steps > 0)
        parts << tr("%1: action %2/%3").arg(p.stage).arg(p.step).arg(p.steps);
    else if (!p.stage.isEmpty())
        parts << p.stage;
    if (p.percent >= 0 && p.bytesPerSecond > 0)
        parts << tr("%1 % at %2/s").arg(p.percent).arg(bytesText(qint64(p.bytesPerSecond)));
    else if (p.percent >= 0)
        parts << tr("%1 %").arg(p.percent);
    else if (p.bytesPerSecond > 0)
        parts << tr("%1/s").arg(bytesText(qint64(p.bytesPerSecond)));
    return parts.join(QStringLiteral(", "));
}

QString DeviceTableModel::transferText(const DeviceLane &lane) const
{
    const TransferProgress &t = lane.transfer;
    if (lane.engine.active && lane.state == LaneState::Active)
        return engineText(lane.engine);
    if (t.file.isEmpty() && t.bytes == 0)
        return {};
    QString text = t.file;
    if (t.total > 0)
        text +=
            QStringLiteral("  ") + tr("%1 % (%2 of %3)").arg(t.percent()).arg(bytesText(t.bytes), bytesText(t.total));
    else
        text += QStringLiteral("  ") + bytesText(t.bytes);
    if (t.active && t.bytesPerSecond > 0)
        text += QStringLiteral(", ") + tr("%1/s").arg(bytesText(qint64(t.bytesPerSecond)));
    return text;
}

qint64 DeviceTableModel::durationMs(const DeviceLane &lane) const
{
    const LaneRun *run = lane.currentRun();
    if (!run)
        return 0;
    const bool running = lane.state == LaneState::Active || lane.state == LaneState::Menu;
    const qint64 end = running ? qMax(run->endMs, m_monitor->nowMs()) : run->endMs;
    return end - run->startMs;
}

QVariant DeviceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeviceLane &lane = m_monitor->tracker().lane(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Mac: return lane.mac;
        case Name: return lane.name;
        case Architecture: return lane.architecture;
        case Ip: return lane.ip;
        case State: return stateText(lane.state);
        case Phase: return phaseText(lane.currentPhase);
        case Transfer: return transferText(lane);
        case Bundle:
            return lane.bundle.isEmpty() ? QString() : QString(lane.bundle + QStringLiteral(" — ") + lane.bundleState);
        case LastEvent: return QString(clockText(lane.lastEventMs) + QStringLiteral("  ") + lane.lastEvent);
        case Duration: return durationText(durationMs(lane));
        }
        break;
    case Qt::ToolTipRole:
        if (lane.state == LaneState::Failed)
            return tr("Failed: %1").arg(lane.failureReason);
        if (index.column() == LastEvent)
            return lane.lastEvent;
        break;
    case Qt::ForegroundRole:
        if (lane.state == LaneState::Failed)
            return QBrush(QColor(0xcf, 0x22, 0x2e));
        if (lane.state == LaneState::Done || lane.state == LaneState::LocalBoot)
            return QBrush(QColor(0x57, 0x60, 0x6a));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Duration)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case MacRole: return lane.mac;
    case PercentRole:
        if (lane.engine.active && lane.state == LaneState::Active)
            return lane.engine.percent;
        return lane.transfer.total > 0 ? lane.transfer.percent() : -1;
    case LaneStateRole: return int(lane.state);
    case SortRole:
        switch (index.column()) {
        case State: return int(lane.state);
        case Phase: return int(lane.currentPhase);
        case Transfer: return lane.transfer.total > 0 ? lane.transfer.percent() : -1;
        case LastEvent: return lane.lastEventMs;
        case Duration: return durationMs(lane);
        default: return data(index, Qt::DisplayRole);
        }
    default: break;
    }
    return {};
}

QVariant DeviceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Mac: return tr("MAC");
    case Name: return tr("Name");
    case Architecture: return tr("Architecture");
    case Ip: return tr("IP address");
    case State: return tr("State");
    case Phase: return tr("Phase");
    case Transfer: return tr("Transfer");
    case Bundle: return tr("Bundle");
    case LastEvent: return tr("Last event");
    case Duration: return tr("Duration");
    }
    return {};
}

void DeviceTableModel::onLanesChanged(const PhaseTracker::Changes &changes)
{
    const int existing = m_rows;
    const int total = m_monitor->tracker().count();
    if (total > m_rows) {
        beginInsertRows({}, m_rows, total - 1);
        m_rows = total;
        endInsertRows();
    }
    // changedRows is sorted: the first and the last existing one bound the range.
    const auto end = std::lower_bound(changes.changedRows.cbegin(), changes.changedRows.cend(), existing);
    if (end == changes.changedRows.cbegin())
        return;
    const int first = changes.changedRows.first();
    const int last = *(end - 1);
    m_dirtyFirst = m_dirtyFirst < 0 ? first : qMin(m_dirtyFirst, first);
    m_dirtyLast = qMax(m_dirtyLast, last);
    if (!m_update.isActive())
        m_update.start();
}

void DeviceTableModel::flushUpdates()
{
    m_update.stop();
    const int first = m_dirtyFirst, last = qMin(m_dirtyLast, m_rows - 1);
    m_dirtyFirst = m_dirtyLast = -1;
    if (first < 0 || first > last)
        return;
    emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    ++m_dataChangedSignals;
}

void DeviceTableModel::onReset()
{
    m_update.stop();
    m_dirtyFirst = m_dirtyLast = -1;
    beginResetModel();
    m_rows = m_monitor->tracker().count();
    endResetModel();
}

void DeviceTableModel::tickDurations()
{
    const PhaseTracker::Counts c = m_monitor->tracker().counts();
    if (m_rows == 0 || c.active + c.menu == 0)
        return;
    emit dataChanged(index(0, Duration), index(m_rows - 1, Duration), {Qt::DisplayRole});
    ++m_dataChangedSignals;
}

} // namespace bootbench
