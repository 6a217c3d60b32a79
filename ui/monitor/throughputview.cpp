#include "monitor/throughputview.h"

#include "monitor/benchmonitor.h"

#include "monitor/qcp.h"
#include <QDateTime>
#include <QLabel>
#include <QVBoxLayout>

namespace bootbench {

ThroughputView::ThroughputView(BenchMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_counters = new QLabel(this);
    m_counters->setObjectName(QStringLiteral("counters"));
    m_counters->setTextFormat(Qt::RichText);
    m_counters->setWordWrap(true);
    layout->addWidget(m_counters);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("throughputPlot"));
    m_plot->setMinimumHeight(130);
    m_tftp = m_plot->addGraph();
    m_tftp->setName(tr("TFTP"));
    m_tftp->setPen(QPen(QColor(0x4e, 0x79, 0xa7), 1.5));
    m_http = m_plot->addGraph();
    m_http->setName(tr("HTTP"));
    m_http->setPen(QPen(QColor(0xf2, 0x8e, 0x2b), 1.5));
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("HH:mm"));
    m_plot->xAxis->setTicker(ticker);
    // Empty: the last five minutes, so the axis reads like a clock and not "00:00" five times.
    const double now = double(QDateTime::currentSecsSinceEpoch());
    m_plot->xAxis->setRange(now - 300, now);
    m_plot->yAxis->setLabel(tr("MB/s"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(QColor(255, 255, 255, 200));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_plot->xAxis->setTickLabelFont(small);
    m_plot->yAxis->setTickLabelFont(small);
    m_plot->yAxis->setLabelFont(small);
    m_plot->legend->setFont(small);
    layout->addWidget(m_plot, 1);

    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ThroughputView::refresh);
    connect(m_monitor, &BenchMonitor::reset, this, &ThroughputView::refresh);
    m_timer.start();
    refresh();
}

QString ThroughputView::countersText() const
{
    return m_counters->text();
}

void ThroughputView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_seenRevision = ~0ull;
    refresh();
}

void ThroughputView::refresh()
{
    const PhaseTracker &tracker = m_monitor->tracker();
    const PhaseTracker::Counts c = tracker.counts();
    int stalled = 0;
    const qint64 now = m_monitor->nowMs();
    for (int row = 0; row < tracker.count(); ++row) {
        if (tracker.lane(row).isStalled(now, 90000))
            ++stalled;
    }
    const QString cell = QStringLiteral(
        "<td style='padding-right:10px'><span style='color:%1; font-size:large'><b>%2</b></span><br>%3</td>");
    const QString counters =
        QStringLiteral("<table><tr>") + cell.arg(QStringLiteral("#0969da")).arg(c.active + c.menu).arg(tr("active")) +
        cell.arg(QStringLiteral("#1a7f37")).arg(c.done + c.localBoot).arg(tr("done")) +
        cell.arg(QStringLiteral("#cf222e")).arg(c.failed).arg(tr("failed")) +
        cell.arg(QStringLiteral("#9a6700")).arg(stalled).arg(tr("silent > 90 s")) + QStringLiteral("</tr></table>");
    if (counters != m_counters->text()) // a rich-text label relayouts on every setText
        m_counters->setText(counters);
    const QString tip = tr("Active %1 (menu %2) · done %3 · local boot %4 · failed %5 · %6 events")
                            .arg(c.active + c.menu)
                            .arg(c.menu)
                            .arg(c.done)
                            .arg(c.localBoot)
                            .arg(c.failed)
                            .arg(tracker.eventCount());
    if (tip != toolTip())
        setToolTip(tip);

    if (!isVisible() || tracker.revision() == m_seenRevision)
        return;
    m_seenRevision = tracker.revision();
    const auto samples = tracker.throughput().samples();
    QVector<double> keys, tftp, http;
    keys.reserve(samples.size());
    tftp.reserve(samples.size());
    http.reserve(samples.size());
    double top = 0.1;
    for (const ThroughputMeter::Sample &s : samples) {
        keys << double(s.second);
        tftp << double(s.bytes[ThroughputMeter::Tftp]) / 1e6;
        http << double(s.bytes[ThroughputMeter::Http]) / 1e6;
        top = qMax(top, qMax(tftp.last(), http.last()));
    }
    m_tftp->setData(keys, tftp, true);
    m_http->setData(keys, http, true);
    if (!keys.isEmpty())
        m_plot->xAxis->setRange(keys.first(), keys.last() + 1);
    m_plot->yAxis->setRange(0, top * 1.15);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace bootbench
