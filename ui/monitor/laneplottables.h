#pragma once

#include "model/phase.h"

#include "monitor/qcp.h"
#include <QColor>

namespace bootbench {

class BenchMonitor;
struct DeviceLane;

// Colours shared by the timeline, its legend, the details and the exports. Red is kept for
// failures; expected refusals are grey.
QColor phaseColour(Phase phase);
QColor outcomeColour(Outcome outcome);

// The timeline's layers. Each draws only the lanes in the visible value range and the runs in the
// visible key range, reading the tracker directly: the cost of a replot depends on what is on
// screen, not on how many events have been seen. Keys are seconds since the epoch, values are
// display rows (0 at the top).
class LaneLayer : public QCPAbstractPlottable
{
public:
    LaneLayer(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor);

    double selectTest(const QPointF &pos, bool onlySelectable, QVariant *details = nullptr) const override;
    QCPRange getKeyRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange &inKeyRange = QCPRange()) const override;
    // Shapes painted by the last replot (segments, marks or bands), for tests and the benchmark.
    int drawnCount() const { return m_drawn; }

protected:
    // Display rows in view, clamped to the lanes that exist.
    bool visibleRows(int *first, int *last) const;
    double laneHeightPixels() const;
    double keyPixel(qint64 ms) const;
    const BenchMonitor *m_monitor;
    mutable int m_drawn = 0;
};

// One phase's segments on every lane (one plottable per phase gives the legend its entries).
class PhaseSegments final : public LaneLayer
{
public:
    PhaseSegments(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor, Phase phase);
    Phase phase() const { return m_phase; }
    // Active lanes' current phase grows to this time (ms); silent lanes stop after the threshold.
    static constexpr qint64 kStallMs = 90000;

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    Phase m_phase;
};

// One kind of outcome mark on every lane.
class OutcomeMarks final : public LaneLayer
{
public:
    OutcomeMarks(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor, Outcome outcome);
    static void drawMark(QCPPainter *painter, Outcome outcome, const QPointF &centre, double size);
    Outcome outcome() const { return m_outcome; }

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    Outcome m_outcome;
};

// Lane backgrounds: alternate shading, failed lanes tinted red, stalled ones amber, the selected
// lane highlighted. Not in the legend.
class LaneBands final : public LaneLayer
{
public:
    LaneBands(QCPAxis *keyAxis, QCPAxis *valueAxis, const BenchMonitor *monitor);

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;
};

} // namespace bootbench
