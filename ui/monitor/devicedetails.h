#pragma once

#include "model/bootevent.h"
#include "timeline/storereader.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace bootbench {

class BenchMonitor;
class EventListModel;

// The answer to "why did this machine not boot": identity, hardware, image-safe data, assignment,
// where it is now, and its full event history (from the store when there is one; else the events
// the monitor keeps in memory, with a note).
class DeviceDetails final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceDetails)

public:
    DeviceDetails(BenchMonitor *monitor, StoreReader *reader, QWidget *parent = nullptr);
    ~DeviceDetails() override;

    QString mac() const { return m_mac; }
    EventListModel *events() const { return m_events; }
    QString summaryText() const;
    QString noteText() const;

public slots:
    void showDevice(const QString &mac);

private:
    void onEvents(const BootEventBatch &batch);
    void onStoreEvents(int id, const BootEventBatch &events, const QString &error);
    void onStoreDevice(int id, const DeviceRecord &record, const QString &error);
    void renderSummary();

    BenchMonitor *const m_monitor;
    StoreReader *const m_reader;
    QString m_mac;
    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_note = nullptr;
    QTableView *m_table = nullptr;
    EventListModel *m_events = nullptr;
    int m_eventsRequest = 0;
    int m_deviceRequest = 0;
    BootEventBatch m_pending; // live events that came while the store was being read
    DeviceRecord m_record;
};

} // namespace bootbench
