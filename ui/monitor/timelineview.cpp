#include "monitor/timelineview.h"

#include "monitor/benchmonitor.h"
#include "monitor/devicetablemodel.h"
#include "monitor/laneplottables.h"

#include "monitor/qcp.h"
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace bootbench {

namespace {
constexpr int kReplotIntervalMs = 200;
constexpr double kMinSpanSeconds = 5;
constexpr double kMaxSpanSeconds = 14 * 24 * 3600;
constexpr int kHoverPixels = 6;
constexpr int kMaxTooltipEvents = 12;

QString clock(qint64 ms, bool withMs = false)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(withMs ? QStringLiteral("HH:mm:ss.zzz")
                                                                            : QStringLiteral("HH:mm:ss"));
}

QString outcomeText(Outcome outcome)
{
    switch (outcome) {
    case Outcome::LocalBoot: return TimelineView::tr("No work → local boot");
    case Outcome::MenuShown: return TimelineView::tr("Menu shown / choice");
    case Outcome::Done: return TimelineView::tr("Done");
    case Outcome::Failed: return TimelineView::tr("Failed");
    case Outcome::Expected: return TimelineView::tr("Expected refusal");
    case Outcome::None: break;
    }
    return {};
}
} // namespace

TimelineView::TimelineView(BenchMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildToolbar();
    buildPlot();
    layout->addWidget(m_plot, 1);

    connect(m_monitor, &BenchMonitor::lanesChanged, this, &TimelineView::markDirty);
    connect(m_monitor, &BenchMonitor::orderChanged, this, &TimelineView::markDirty);
    connect(m_monitor, &BenchMonitor::reset, this, [this] {
        m_fitLanes = true;
        setFollowing(true);
        markDirty();
    });
    connect(m_monitor, &BenchMonitor::selectedChanged, this, &TimelineView::onSelected);
    m_timer.setInterval(kReplotIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &TimelineView::onTick);
    m_timer.start();
}

TimelineView::~TimelineView() = default;

void TimelineView::buildToolbar()
{
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    m_sort = new QComboBox(this);
    m_sort->setObjectName(QStringLiteral("laneSort"));
    m_sort->addItem(tr("First seen"), int(LaneFilter::Sort::FirstSeen));
    m_sort->addItem(tr("Name"), int(LaneFilter::Sort::Name));
    m_sort->addItem(tr("State"), int(LaneFilter::Sort::State));
    m_show = new QComboBox(this);
    m_show->setObjectName(QStringLiteral("laneShow"));
    m_show->addItem(tr("All devices"), int(LaneFilter::Show::All));
    m_show->addItem(tr("Active"), int(LaneFilter::Show::Active));
    m_show->addItem(tr("Failed"), int(LaneFilter::Show::Failed));
    m_show->addItem(tr("Done"), int(LaneFilter::Show::Done));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("laneSearch"));
    m_search->setPlaceholderText(tr("Search MAC, name or IP"));
    m_search->setClearButtonEnabled(true);
    m_follow = new QToolButton(this);
    m_follow->setObjectName(QStringLiteral("followNow"));
    m_follow->setText(tr("Follow now"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_follow->setToolTip(tr("Keep the newest events in view. Zooming or panning stops following."));
    auto *fit = new QToolButton(this);
    fit->setObjectName(QStringLiteral("fitLanes"));
    fit->setText(tr("All lanes"));
    fit->setToolTip(tr("Show every lane (Ctrl+wheel zooms the lanes, the wheel zooms time)"));

    bar->addWidget(new QLabel(tr("Sort:"), this));
    bar->addWidget(m_sort);
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(m_show);
    bar->addWidget(m_search, 1);
    bar->addWidget(fit);
    bar->addWidget(m_follow);
    static_cast<QVBoxLayout *>(layout())->addLayout(bar);

    connect(m_sort, &QComboBox::currentIndexChanged, this, &TimelineView::onFilterEdited);
    connect(m_show, &QComboBox::currentIndexChanged, this, &TimelineView::onFilterEdited);
    connect(m_search, &QLineEdit::textChanged, this, &TimelineView::onFilterEdited);
    connect(m_follow, &QToolButton::toggled, this, &TimelineView::setFollowing);
    connect(fit, &QToolButton::clicked, this, &TimelineView::fitLanes);
}

void TimelineView::buildPlot()
{
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("timelinePlot"));
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setPlottingHint(QCP::phCacheLabels, true);
    m_plot->setMouseTracking(true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);

    auto timeTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    timeTicker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
    timeTicker->setDateTimeSpec(Qt::LocalTime);
    m_plot->xAxis->setTicker(timeTicker);
    m_plot->xAxis->grid()->setPen(QPen(QColor(0xd0, 0xd7, 0xde), 0, Qt::DotLine));
    m_laneTicker = QSharedPointer<QCPAxisTickerText>::create();
    m_plot->yAxis->setTicker(m_laneTicker);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->setTickLength(0, 2);
    m_plot->yAxis->setRange(-0.5, 9.5);
    const qint64 now = m_monitor->nowMs();
    m_plot->xAxis->setRange(double(now) / 1000 - m_followSpan, double(now) / 1000 + m_followSpan * 0.02);

    auto *bands = new LaneBands(m_plot->xAxis, m_plot->yAxis, m_monitor);
    bands->removeFromLegend();
    for (int p = kFirstPhase; p <= kLastPhase; ++p) {
        auto *segments = new PhaseSegments(m_plot->xAxis, m_plot->yAxis, m_monitor, Phase(p));
        segments->setName(DeviceTableModel::phaseText(Phase(p)));
        m_segments << segments;
    }
    for (const Outcome o :
         {Outcome::Failed, Outcome::Expected, Outcome::LocalBoot, Outcome::MenuShown, Outcome::Done}) {
        auto *marks = new OutcomeMarks(m_plot->xAxis, m_plot->yAxis, m_monitor, o);
        marks->setName(outcomeText(o));
        m_marks << marks;
    }
    m_nowLine = new QCPItemStraightLine(m_plot);
    m_nowLine->setPen(QPen(QColor(0x57, 0x60, 0x6a), 1, Qt::DashLine));
    m_nowLine->setClipToAxisRect(true);

    // The legend in a row of its own under the plot.
    auto *legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    legendRow->setMargins(QMargins(4, 0, 4, 4));
    legendRow->addElement(0, 0, m_plot->legend);
    m_plot->legend->setVisible(true);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setIconSize(18, 10);
    m_plot->legend->setRowSpacing(0);
    // The legend's width is the plot's minimum width, and so the window's: one row of thirteen
    // made it at least 1,840 px wide. Seven per row (phases 1-7, then 8 and the outcomes) when
    // that fits a 1366-px screen beside the services dock, fewer when the language's labels are
    // longer. setWrap() does not rearrange; setFillOrder() does, so wrap first.
    constexpr int kLegendMaxWidth = 900;
    for (int perRow = 7; perRow >= 4; --perRow) {
        m_plot->legend->setWrap(perRow);
        m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        if (m_plot->legend->minimumOuterSizeHint().width() <= kLegendMaxWidth)
            break;
    }
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);

    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &TimelineView::onXRangeChanged);
    connect(m_plot->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &TimelineView::onYRangeChanged);
    connect(m_plot, &QCustomPlot::mousePress, this, &TimelineView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &TimelineView::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &TimelineView::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseWheel, this, &TimelineView::onMouseWheel);
    connect(m_plot, &QCustomPlot::afterReplot, this, [this] { ++m_replots; });
}

void TimelineView::setFollowSpan(double seconds)
{
    m_followSpan = qBound(kMinSpanSeconds, seconds, kMaxSpanSeconds);
    markDirty();
}

void TimelineView::setFollowing(bool follow)
{
    if (m_following != follow) {
        m_following = follow;
        emit followingChanged(follow);
    }
    if (m_follow->isChecked() != follow) {
        const QSignalBlocker block(m_follow);
        m_follow->setChecked(follow);
    }
    markDirty();
}

void TimelineView::fitLanes()
{
    m_fitLanes = true;
    markDirty();
    onTick();
}

void TimelineView::onFilterEdited()
{
    LaneFilter filter = m_monitor->filter();
    filter.sort = LaneFilter::Sort(m_sort->currentData().toInt());
    filter.show = LaneFilter::Show(m_show->currentData().toInt());
    filter.search = m_search->text();
    m_monitor->setFilter(filter);
}

void TimelineView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    markDirty();
}

void TimelineView::onTick()
{
    if (!isVisible())
        return; // hidden: no replot; showEvent marks dirty for when it comes back
    const PhaseTracker::Counts c = m_monitor->tracker().counts();
    // Following with devices still on their way: the lanes grow with the clock.
    const bool growing = m_following && c.active + c.menu > 0 && m_monitor->source() != BenchMonitor::Source::History;
    if (!m_dirty && !growing)
        return;
    updateRanges();
    updateLaneTicks();
    m_dirty = false;
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimelineView::refreshNow()
{
    updateRanges();
    updateLaneTicks();
    m_dirty = false;
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
}

void TimelineView::updateRanges()
{
    m_settingRange = true;
    const qint64 now = m_monitor->nowMs();
    if (m_following) {
        const PhaseTracker &t = m_monitor->tracker();
        double end = double(now) / 1000;
        if (m_monitor->source() == BenchMonitor::Source::History && t.count() > 0) {
            // A closed range: show all of it.
            const double start = double(t.oldestEventMs()) / 1000;
            end = double(t.newestEventMs()) / 1000;
            const double pad = qMax(1.0, (end - start) * 0.02);
            m_plot->xAxis->setRange(start - pad, end + pad);
        } else {
            m_plot->xAxis->setRange(end - m_followSpan, end + m_followSpan * 0.03);
        }
    }
    const int lanes = int(m_monitor->order().size());
    if (m_fitLanes)
        m_plot->yAxis->setRange(-0.5, qMax(lanes, 1) - 0.5);
    m_nowLine->setVisible(m_monitor->source() != BenchMonitor::Source::History);
    m_nowLine->point1->setCoords(double(now) / 1000, 0);
    m_nowLine->point2->setCoords(double(now) / 1000, 1);
    m_settingRange = false;
}

void TimelineView::updateLaneTicks()
{
    const QList<int> &order = m_monitor->order();
    const PhaseTracker &tracker = m_monitor->tracker();
    m_laneTicker->clear();
    if (order.isEmpty())
        return;
    const QCPRange range = m_plot->yAxis->range();
    const int first = qMax(0, int(std::ceil(range.lower)));
    const int last = qMin(int(order.size()) - 1, int(std::floor(range.upper)));
    const double laneHeight = std::abs(m_plot->yAxis->coordToPixel(1) - m_plot->yAxis->coordToPixel(0));
    const double labelHeight = QFontMetricsF(m_plot->yAxis->tickLabelFont()).height();
    // Crowded lanes: labels never overlap. The selected and the failed lanes are labelled first,
    // then the others fill the gaps.
    const int gap = qMax(1, int(std::ceil(labelHeight / qMax(0.25, laneHeight))));
    const QString selected = m_monitor->selectedMac();
    QList<int> placed; // sorted display rows
    const auto fits = [&](int row) {
        const auto it = std::lower_bound(placed.cbegin(), placed.cend(), row);
        return (it == placed.cend() || *it - row >= gap) && (it == placed.cbegin() || row - *(it - 1) >= gap);
    };
    const auto place = [&](int row) { placed.insert(std::lower_bound(placed.begin(), placed.end(), row), row); };
    for (int pass = 0; pass < 3; ++pass) {
        for (int row = first; row <= last; ++row) {
            const DeviceLane &lane = tracker.lane(order.at(row));
            const bool isSelected = lane.mac == selected;
            const bool isFailed = lane.state == LaneState::Failed;
            if ((pass == 0 && !isSelected) || (pass == 1 && !isFailed) || (pass == 2 && (isSelected || isFailed)))
                continue;
            if (!fits(row))
                continue;
            place(row);
            QString label = lane.label();
            if (isFailed)
                label = QStringLiteral("✖ ") + label;
            else if (isSelected)
                label = QStringLiteral("▶ ") + label;
            if (lane.engine.active && lane.state == LaneState::Active) // phase 8: what the engine does
                label += QStringLiteral(" · ") + DeviceTableModel::engineText(lane.engine);
            m_laneTicker->addTick(row, label);
        }
    }
}

QStringList TimelineView::laneLabels() const
{
    QStringList labels;
    const QMap<double, QString> &ticks = m_laneTicker->ticks();
    for (auto it = ticks.cbegin(); it != ticks.cend(); ++it)
        labels << it.value();
    return labels;
}

QPointF TimelineView::pixelFor(qint64 timeMs, int displayRow) const
{
    return QPointF(m_plot->xAxis->coordToPixel(double(timeMs) / 1000), m_plot->yAxis->coordToPixel(displayRow));
}

int TimelineView::drawnSegments() const
{
    int n = 0;
    for (const LaneLayer *l : m_segments)
        n += l->drawnCount();
    return n;
}

int TimelineView::drawnSegments(Phase phase) const
{
    for (const LaneLayer *l : m_segments) {
        if (const auto *segments = dynamic_cast<const PhaseSegments *>(l); segments && segments->phase() == phase)
            return segments->drawnCount();
    }
    return 0;
}

int TimelineView::drawnMarks() const
{
    int n = 0;
    for (const OutcomeMarks *l : m_marks)
        n += l->drawnCount();
    return n;
}

int TimelineView::drawnMarks(Outcome outcome) const
{
    for (const OutcomeMarks *l : m_marks) {
        if (l->outcome() == outcome)
            return l->drawnCount();
    }
    return 0;
}

void TimelineView::onXRangeChanged()
{
    if (m_settingRange)
        return;
    m_settingRange = true;
    QCPRange r = m_plot->xAxis->range();
    if (r.size() < kMinSpanSeconds || r.size() > kMaxSpanSeconds) {
        const double centre = r.center(), half = qBound(kMinSpanSeconds, r.size(), kMaxSpanSeconds) / 2;
        m_plot->xAxis->setRange(centre - half, centre + half);
    }
    m_settingRange = false;
    setFollowing(false); // the user zoomed or panned
}

void TimelineView::onYRangeChanged()
{
    if (m_settingRange)
        return;
    m_settingRange = true;
    const int lanes = qMax(1, int(m_monitor->order().size()));
    QCPRange r = m_plot->yAxis->range();
    const double size = qBound(2.0, r.size(), double(lanes));
    double lower = qBound(-0.5, r.lower, lanes - 0.5 - size);
    m_plot->yAxis->setRange(lower, lower + size);
    m_settingRange = false;
    m_fitLanes = false;
    markDirty();
}

QString TimelineView::macAt(const QPoint &pos) const
{
    if (!m_plot->axisRect()->rect().contains(pos))
        return {};
    const int row = int(std::lround(m_plot->yAxis->pixelToCoord(pos.y())));
    const QList<int> &order = m_monitor->order();
    if (row < 0 || row >= order.size())
        return {};
    return m_monitor->tracker().lane(order.at(row)).mac;
}

QString TimelineView::describeAt(const QPoint &pos) const
{
    const QString mac = macAt(pos);
    if (mac.isEmpty())
        return {};
    const DeviceLane &lane = m_monitor->tracker().lane(m_monitor->tracker().rowOf(mac));
    const qint64 t = qint64(m_plot->xAxis->pixelToCoord(pos.x()) * 1000);
    const qint64 tolerance = qint64(
        std::abs(m_plot->xAxis->pixelToCoord(pos.x() + kHoverPixels) - m_plot->xAxis->pixelToCoord(pos.x())) * 1000);

    QStringList lines;
    QString head = lane.label();
    if (!lane.name.isEmpty())
        head += QStringLiteral("  ") + lane.mac;
    if (!lane.ip.isEmpty())
        head += QStringLiteral("  ") + lane.ip;
    lines << head;
    QString state = DeviceTableModel::stateText(lane.state) + QStringLiteral(" · ") +
                    DeviceTableModel::phaseText(lane.currentPhase);
    if (lane.isStalled(m_monitor->nowMs(), PhaseSegments::kStallMs))
        state += QStringLiteral(" · ") +
                 tr("no event for %1").arg(DeviceTableModel::durationText(m_monitor->nowMs() - lane.lastEventMs));
    if (lane.engine.active && lane.state == LaneState::Active)
        state += QStringLiteral(" · ") + DeviceTableModel::engineText(lane.engine);
    lines << state;
    if (lane.state == LaneState::Failed)
        lines << tr("Failed: %1").arg(lane.failureReason);

    for (const LaneRun &run : lane.runs) {
        for (int p = kFirstPhase; p <= kLastPhase; ++p) {
            const PhaseSpan &span = run.spans[size_t(p)];
            if (span.isValid() && t >= span.startMs - tolerance && t <= span.endMs + tolerance)
                lines << tr("%1: %2–%3, %n event(s)", nullptr, span.events)
                             .arg(DeviceTableModel::phaseText(Phase(p)), clock(span.startMs), clock(span.endMs));
        }
    }
    for (const LaneMark &mark : lane.marks) {
        if (std::abs(mark.timeMs - t) <= tolerance)
            lines << QStringLiteral("%1  %2: %3").arg(clock(mark.timeMs), outcomeText(mark.outcome), mark.detail);
    }
    int shown = 0, more = 0;
    for (const BootEvent &e : lane.recent) {
        const qint64 et = e.time.toMSecsSinceEpoch();
        if (std::abs(et - t) > tolerance)
            continue;
        if (shown++ < kMaxTooltipEvents)
            lines << QStringLiteral("  %1  %2 %3 %4").arg(clock(et, true), e.service, e.kind, e.detail);
        else
            ++more;
    }
    if (more > 0)
        lines << tr("  … and %n more event(s)", nullptr, more);
    if (!lane.recent.empty() && t < lane.recent.front().time.toMSecsSinceEpoch() - tolerance &&
        lane.eventCount > qint64(lane.recent.size()))
        lines << tr("Older events are summarised here; the device details list them all.");
    return lines.join(QLatin1Char('\n'));
}

void TimelineView::onMousePress(QMouseEvent *event)
{
    m_pressPos = event->pos();
    m_dragged = false;
}

void TimelineView::onMouseMove(QMouseEvent *event)
{
    if (event->buttons() != Qt::NoButton) {
        if ((event->pos() - m_pressPos).manhattanLength() > 3)
            m_dragged = true;
        QToolTip::hideText();
        return;
    }
    const QString text = describeAt(event->pos());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void TimelineView::onMouseRelease(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_dragged)
        return;
    const QString mac = macAt(event->pos());
    if (!mac.isEmpty())
        m_monitor->setSelectedMac(mac);
}

void TimelineView::onMouseWheel(QWheelEvent *event)
{
    m_plot->axisRect()->setRangeZoom(event->modifiers().testFlag(Qt::ControlModifier) ? Qt::Vertical : Qt::Horizontal);
}

void TimelineView::onSelected(const QString &mac)
{
    // Bring the selected lane into view when the lanes are zoomed.
    const int display = m_monitor->displayIndexOf(m_monitor->tracker().rowOf(mac));
    if (display >= 0 && !m_fitLanes) {
        const QCPRange r = m_plot->yAxis->range();
        if (display < r.lower || display > r.upper) {
            m_settingRange = true;
            m_plot->yAxis->setRange(display - r.size() / 2, display + r.size() / 2);
            m_settingRange = false;
            onYRangeChanged();
        }
    }
    markDirty();
}

bool TimelineView::savePng(const QString &path, int width, int height)
{
    refreshNow();
    return m_plot->savePng(path, width, height);
}

bool TimelineView::savePdf(const QString &path)
{
    refreshNow();
    return m_plot->savePdf(path);
}

} // namespace bootbench
