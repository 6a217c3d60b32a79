#include "monitor/laneplottables.h"

#include "monitor/benchmonitor.h"

namespace bootbench {

QColor phaseColour(Phase phase)
{
    switch (phase) {
    case Phase::Dhcp: return QColor(0x4e, 0x79, 0xa7);         // blue
    case Phase::Bootstrap: return QColor(0x76, 0xb7, 0xb2);    // teal
    case Phase::MenuSettings: return QColor(0xb0, 0x7a, 0xa1); // purple
    case Phase::WorkQuery: return QColor(0xed, 0xc9, 0x48);    // yellow
    case Phase::Loader: return QColor(0x9c, 0x75, 0x5f);       // brown
    case Phase::ConfigFile: return QColor(0xf2, 0x8e, 0x2b);   // orange
    case Phase::ImagingFiles: return QColor(0x8c, 0xb8, 0xe0); // light blue
    case Phase::Imaging: return QColor(0x59, 0xa1, 0x4f);      // green
    case Phase::None: break;
    }
    return QColor(0xbb, 0xbb, 0xbb);
}

QColor outcomeColour(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Failed: return QColor(0xd6, 0x1f, 0x1f);
    case Outcome::Done: return QColor(0x1a, 0x7f, 0x37);
    case Outcome::LocalBoot: return QColor(0x24, 0x29, 0x2f);
    case Outcome::MenuShown: return QColor(0x6f, 0x42, 0xc1);
    case Outcome::Expected: return QColor(0x8c, 0x8c, 0x8c);
    case Outcome::None: break;
    }
    return Qt::black;
}

LaneLayer::LaneLayer(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor)
    : QCPAbstractPlottable(keyAxis, valueAxis)
    , m_monitor(monitor)
{
    setAntialiasedFill(false);
    setSelectable(QCP::stNone);
}

double LaneLayer::selectTest(const QPointF &, bool, QVariant *) const
{
    return -1; // picking is done by the view, per lane
}

QCPRange LaneLayer::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    const PhaseTracker &t = m_monitor->tracker();
    foundRange = t.count() > 0;
    return QCPRange(double(t.oldestEventMs()) / 1000.0, double(qMax(t.newestEventMs(), m_monitor->nowMs())) / 1000.0);
}

QCPRange LaneLayer::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    const int n = int(m_monitor->order().size());
    foundRange = n > 0;
    return QCPRange(-0.5, n - 0.5);
}

bool LaneLayer::visibleRows(int *first, int *last) const
{
    const int n = int(m_monitor->order().size());
    if (n == 0)
        return false;
    const QCPRange range = mValueAxis->range();
    *first = qMax(0, int(std::floor(range.lower + 0.5)) - 1);
    *last = qMin(n - 1, int(std::ceil(range.upper - 0.5)) + 1);
    return *first <= *last;
}

double LaneLayer::laneHeightPixels() const
{
    return std::abs(mValueAxis->coordToPixel(1) - mValueAxis->coordToPixel(0));
}

double LaneLayer::keyPixel(qint64 ms) const
{
    return mKeyAxis->coordToPixel(double(ms) / 1000.0);
}

// Phase segments

PhaseSegments::PhaseSegments(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor, Phase phase)
    : LaneLayer(keyAxis, valueAxis, monitor)
    , m_phase(phase)
{
    setBrush(phaseColour(phase));
    setPen(Qt::NoPen);
}

void PhaseSegments::draw(QCPPainter *painter)
{
    m_drawn = 0;
    int first = 0, last = -1;
    if (!visibleRows(&first, &last))
        return;
    const PhaseTracker &tracker = m_monitor->tracker();
    const QList<int> &order = m_monitor->order();
    const QCPRange keys = mKeyAxis->range();
    const qint64 lo = qint64(keys.lower * 1000), hi = qint64(keys.upper * 1000);
    const qint64 now = m_monitor->nowMs();
    const double laneHeight = laneHeightPixels();
    const double barHeight = qMax(1.0, laneHeight * 0.62);
    const double left = mKeyAxis->axisRect()->left() - 1;
    const double right = mKeyAxis->axisRect()->right() + 1;
    const int phaseIndex = int(m_phase);
    QColor waiting = brush().color();
    waiting.setAlpha(110);

    painter->setPen(Qt::NoPen);
    for (int row = first; row <= last; ++row) {
        const DeviceLane &lane = tracker.lane(order.at(row));
        const double y = mValueAxis->coordToPixel(row);
        const bool running = lane.state == LaneState::Active || lane.state == LaneState::Menu;
        for (qsizetype r = 0; r < lane.runs.size(); ++r) {
            const LaneRun &run = lane.runs.at(r);
            const PhaseSpan &span = run.spans[size_t(phaseIndex)];
            if (!span.isValid())
                continue;
            // The current phase of a running device grows to now, lighter after its last event.
            qint64 end = span.endMs;
            const bool growing = running && r == lane.runs.size() - 1 && phaseIndex == run.highestPhase;
            if (growing)
                end = qMax(end, qMin(now, lane.lastEventMs + kStallMs));
            if (end < lo || span.startMs > hi)
                continue;
            double x1 = qMax(left, keyPixel(span.startMs));
            double x2 = qMin(right, keyPixel(end));
            if (x2 - x1 < 2)
                x2 = x1 + 2;
            if (growing && end > span.endMs) {
                const double xe = qBound(x1, keyPixel(span.endMs), x2);
                painter->setBrush(brush());
                painter->drawRect(QRectF(x1, y - barHeight / 2, qMax(2.0, xe - x1), barHeight));
                painter->setBrush(waiting);
                painter->drawRect(QRectF(xe, y - barHeight / 2, x2 - xe, barHeight));
            } else {
                painter->setBrush(brush());
                painter->drawRect(QRectF(x1, y - barHeight / 2, x2 - x1, barHeight));
            }
            ++m_drawn;
        }
    }
}

void PhaseSegments::drawLegendIcon(QCPPainter *painter, const QRectF &rect) const
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(brush());
    painter->drawRect(QRectF(rect.left(), rect.center().y() - rect.height() * 0.3, rect.width(), rect.height() * 0.6));
}

// Outcome marks

OutcomeMarks::OutcomeMarks(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor, Outcome outcome)
    : LaneLayer(keyAxis, valueAxis, monitor)
    , m_outcome(outcome)
{
    setBrush(outcomeColour(outcome));
}

void OutcomeMarks::drawMark(QCPPainter *painter, Outcome outcome, const QPointF &c, double size)
{
    const QColor colour = outcomeColour(outcome);
    const double h = size / 2;
    switch (outcome) {
    case Outcome::Failed: {
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(colour);
        painter->drawEllipse(c, h + 1, h + 1);
        painter->setPen(QPen(Qt::white, qMax(1.5, size / 6)));
        const double k = h * 0.5;
        painter->drawLine(QPointF(c.x() - k, c.y() - k), QPointF(c.x() + k, c.y() + k));
        painter->drawLine(QPointF(c.x() - k, c.y() + k), QPointF(c.x() + k, c.y() - k));
        break;
    }
    case Outcome::Done: {
        painter->setPen(QPen(Qt::white, 1));
        painter->setBrush(colour);
        const QPointF tri[3] = {{c.x() - h, c.y() + h}, {c.x() + h, c.y() + h}, {c.x(), c.y() - h}};
        painter->drawPolygon(tri, 3);
        break;
    }
    case Outcome::LocalBoot:
        painter->setPen(QPen(Qt::white, 1));
        painter->setBrush(colour);
        painter->drawRect(QRectF(c.x() - h * 0.8, c.y() - h * 0.8, h * 1.6, h * 1.6));
        break;
    case Outcome::MenuShown: {
        painter->setPen(QPen(Qt::white, 1));
        painter->setBrush(colour);
        const QPointF diamond[4] = {{c.x(), c.y() - h}, {c.x() + h, c.y()}, {c.x(), c.y() + h}, {c.x() - h, c.y()}};
        painter->drawPolygon(diamond, 4);
        break;
    }
    case Outcome::Expected:
        // Neutral and discreet: the refusal is part of a normal boot.
        painter->setPen(QPen(colour, 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(c, h * 0.4, h * 0.4);
        break;
    case Outcome::None: break;
    }
}

void OutcomeMarks::draw(QCPPainter *painter)
{
    m_drawn = 0;
    int first = 0, last = -1;
    if (!visibleRows(&first, &last))
        return;
    const PhaseTracker &tracker = m_monitor->tracker();
    const QList<int> &order = m_monitor->order();
    const QCPRange keys = mKeyAxis->range();
    const qint64 lo = qint64(keys.lower * 1000), hi = qint64(keys.upper * 1000);
    const double laneHeight = laneHeightPixels();
    double size = qBound(5.0, laneHeight * 0.8, 13.0);
    if (m_outcome == Outcome::Failed)
        size += 2; // failures stand out
    // Smooth shapes when lanes are tall enough to show them; hundreds of lanes of a pixel or two
    // get plain ones (antialiased marks were most of a crowded replot).
    painter->setAntialiasing(laneHeight >= 8);
    for (int row = first; row <= last; ++row) {
        const DeviceLane &lane = tracker.lane(order.at(row));
        const double y = mValueAxis->coordToPixel(row);
        for (const LaneMark &mark : lane.marks) {
            if (mark.outcome != m_outcome || mark.timeMs < lo || mark.timeMs > hi)
                continue;
            drawMark(painter, m_outcome, QPointF(keyPixel(mark.timeMs), y), size);
            ++m_drawn;
        }
    }
}

void OutcomeMarks::drawLegendIcon(QCPPainter *painter, const QRectF &rect) const
{
    painter->setAntialiasing(true);
    drawMark(painter, m_outcome, rect.center(), qMin(rect.height(), 11.0));
}

// Lane bands

LaneBands::LaneBands(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor)
    : LaneLayer(keyAxis, valueAxis, monitor)
{}

void LaneBands::draw(QCPPainter *painter)
{
    m_drawn = 0;
    int first = 0, last = -1;
    if (!visibleRows(&first, &last))
        return;
    const PhaseTracker &tracker = m_monitor->tracker();
    const QList<int> &order = m_monitor->order();
    const double laneHeight = laneHeightPixels();
    const QRect area = mKeyAxis->axisRect()->rect();
    const qint64 now = m_monitor->nowMs();
    const QString selected = m_monitor->selectedMac();
    painter->setPen(Qt::NoPen);
    for (int row = first; row <= last; ++row) {
        const DeviceLane &lane = tracker.lane(order.at(row));
        QColor fill;
        if (lane.mac == selected)
            fill = QColor(0xb6, 0xd4, 0xfe);
        else if (lane.state == LaneState::Failed)
            fill = QColor(0xfd, 0xe2, 0xe1);
        else if (lane.isStalled(now, PhaseSegments::kStallMs))
            fill = QColor(0xff, 0xf1, 0xc2);
        else if (row % 2 == 1 && laneHeight >= 6)
            fill = QColor(0xf3, 0xf5, 0xf7);
        else
            continue;
        const double y = mValueAxis->coordToPixel(row);
        painter->setBrush(fill);
        painter->drawRect(QRectF(area.left(), y - laneHeight / 2, area.width(), laneHeight));
        ++m_drawn;
    }
}

void LaneBands::drawLegendIcon(QCPPainter *, const QRectF &) const {}

} // namespace bootbench
