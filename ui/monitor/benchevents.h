#pragma once

#include <QWidget>

class QTableView;

namespace bootbench {

class BenchMonitor;
class EventListModel;

// The bench's own events, which belong to no device (isBenchEvent): shown with the same columns
// as a device's events in its details, newest last.
class BenchEventsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BenchEventsView)

public:
    explicit BenchEventsView(BenchMonitor *monitor, QWidget *parent = nullptr);
    ~BenchEventsView() override;

    EventListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

signals:
    void countChanged(int count);

private:
    EventListModel *m_model = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace bootbench
