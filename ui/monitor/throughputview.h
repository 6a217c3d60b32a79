#pragma once

#include <QTimer>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QLabel;

namespace bootbench {

class BenchMonitor;

// A small live plot of TFTP and HTTP bytes per second (last five minutes), and the counts of
// active, done and failed devices. Refreshed once a second while visible.
class ThroughputView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThroughputView)

public:
    explicit ThroughputView(BenchMonitor *monitor, QWidget *parent = nullptr);
    QString countersText() const;

public slots:
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    BenchMonitor *const m_monitor;
    QCustomPlot *m_plot = nullptr;
    QCPGraph *m_tftp = nullptr;
    QCPGraph *m_http = nullptr;
    QLabel *m_counters = nullptr;
    QTimer m_timer;
    quint64 m_seenRevision = ~0ull;
};

} // namespace bootbench
