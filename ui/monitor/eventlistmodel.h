#pragma once

#include "model/bootevent.h"

#include <QAbstractTableModel>

namespace bootbench {

// A device's event history for the details: every DHCP, TFTP, HTTP and engine event with its time
// and detail. Appends a batch with one insertion; keeps at most kMaxRows (the oldest go).
class EventListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventListModel)

public:
    enum Column { Time = 0, Service, Kind, Phase, Outcome, Detail, Peer, Bytes, ColumnCount };
    static constexpr int kMaxRows = 100000;

    explicit EventListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEvents(const BootEventBatch &events);
    void append(const BootEventBatch &events);
    const BootEventBatch &events() const { return m_events; }
    static QString outcomeText(bootbench::Outcome outcome);

private:
    BootEventBatch m_events;
};

} // namespace bootbench
