#include "monitor/eventlistmodel.h"

#include "monitor/devicetablemodel.h"
#include "timeline/phasetracker.h"

#include <QBrush>
#include <QColor>

namespace bootbench {

EventListModel::EventListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventListModel::outcomeText(bootbench::Outcome outcome)
{
    switch (outcome) {
    case Outcome::None: return {};
    case Outcome::LocalBoot: return tr("local boot");
    case Outcome::MenuShown: return tr("menu shown");
    case Outcome::Done: return tr("done");
    case Outcome::Failed: return tr("failed");
    case Outcome::Expected: return tr("expected refusal");
    }
    return {};
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BootEvent &e = m_events.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time: return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Service: return e.service;
        case Kind: return e.kind;
        case Phase: return e.phase == Phase::None ? QString() : DeviceTableModel::phaseText(e.phase);
        case Outcome: return outcomeText(PhaseTracker::drawnOutcome(e));
        case Detail: return e.detail;
        case Peer: return e.peer;
        case Bytes:
            if (e.total > 0)
                return QStringLiteral("%1 / %2").arg(DeviceTableModel::bytesText(e.bytes),
                                                     DeviceTableModel::bytesText(e.total));
            return e.bytes > 0 ? DeviceTableModel::bytesText(e.bytes) : QString();
        }
    } else if (role == Qt::ForegroundRole) {
        const bootbench::Outcome drawn = PhaseTracker::drawnOutcome(e);
        if (drawn == Outcome::Failed || e.severity == BootEvent::Severity::Error)
            return QBrush(QColor(0xcf, 0x22, 0x2e));
        if (drawn == Outcome::Expected || e.severity == BootEvent::Severity::Debug)
            return QBrush(QColor(0x6e, 0x77, 0x81));
    } else if (role == Qt::ToolTipRole && index.column() == Detail) {
        return e.detail;
    }
    return {};
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Service: return tr("Service");
    case Kind: return tr("Event");
    case Phase: return tr("Phase");
    case Outcome: return tr("Outcome");
    case Detail: return tr("Detail");
    case Peer: return tr("Peer");
    case Bytes: return tr("Bytes");
    }
    return {};
}

void EventListModel::setEvents(const BootEventBatch &events)
{
    beginResetModel();
    m_events = events.size() > kMaxRows ? events.mid(events.size() - kMaxRows) : events;
    endResetModel();
}

void EventListModel::append(const BootEventBatch &events)
{
    if (events.isEmpty())
        return;
    const qsizetype overflow = m_events.size() + events.size() - kMaxRows;
    if (overflow > 0) {
        const int drop = int(qMin(overflow, m_events.size()));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            m_events.remove(0, drop);
            endRemoveRows();
        }
    }
    const BootEventBatch tail = events.size() > kMaxRows ? events.mid(events.size() - kMaxRows) : events;
    beginInsertRows({}, int(m_events.size()), int(m_events.size() + tail.size() - 1));
    m_events += tail;
    endInsertRows();
}

} // namespace bootbench
