#pragma once

#include "bootchain/firststart.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace bootbench {

class BenchMonitor;
class DeviceDetails;
class DeviceTableModel;
class FirstStartGuide;
class StoreReader;
class TimelineView;

// The monitor page: the timeline on top; the device table and the selected device's details
// below. A banner says when a replay or a history range is shown instead of the live bench.
// While the live bench has no machine yet, the first-start guide stands in for them.
class MonitorPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorPage)

public:
    MonitorPage(BenchMonitor *monitor, StoreReader *reader, QWidget *parent = nullptr);
    ~MonitorPage() override;

    TimelineView *timeline() const { return m_timeline; }
    DeviceTableModel *tableModel() const { return m_model; }
    QSortFilterProxyModel *tableProxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    DeviceDetails *details() const { return m_details; }
    QString bannerText() const;
    FirstStartGuide *firstStartGuide() const { return m_guide; }
    bool firstStartGuideShown() const;
    // The facts the window knows (services, store, TFTP root); whether machines were seen is
    // the monitor's own.
    void setFirstStartFacts(const FirstStartFacts &facts);

signals:
    void backToLiveRequested();

private:
    void onSelected(const QString &mac);
    void onCurrentRowChanged();
    void updateBanner();
    void updateGuide();

    BenchMonitor *const m_monitor;
    TimelineView *m_timeline = nullptr;
    DeviceTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    DeviceDetails *m_details = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_split = nullptr;
    FirstStartGuide *m_guide = nullptr;
    bool m_selecting = false;
};

} // namespace bootbench
