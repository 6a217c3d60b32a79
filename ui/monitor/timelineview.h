#pragma once

#include "timeline/phasetracker.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QCPAxisTickerText;
class QCPItemStraightLine;
class QLabel;
class QLineEdit;
class QMouseEvent;
class QToolButton;
class QWheelEvent;

namespace bootbench {

class BenchMonitor;
class LaneLayer;
class OutcomeMarks;

// The bench timeline: one lane per device, phases 1–8 as coloured segments, outcomes as marks
// (failures in red with the reason in the tooltip, expected refusals grey), time on the x axis.
// It follows "now" until the user zooms or pans; "Follow now" returns to it. Wheel zooms time,
// Ctrl+wheel zooms lanes, dragging pans; hovering shows the events under the cursor; a click
// selects the device everywhere. Replots come from a timer, only when something changed and the
// view is visible.
class TimelineView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineView)

public:
    explicit TimelineView(BenchMonitor *monitor, QWidget *parent = nullptr);
    ~TimelineView() override;

    QCustomPlot *plot() const { return m_plot; }
    bool isFollowing() const { return m_following; }
    bool fitsLanes() const { return m_fitLanes; }
    // Visible time span when following, in seconds.
    void setFollowSpan(double seconds);
    // Lane labels as the axis shows them now (display order), e.g. for tests.
    QStringList laneLabels() const;
    // The device under a point of the plot, or empty; and what the tooltip there says.
    QString macAt(const QPoint &plotPos) const;
    QString describeAt(const QPoint &plotPos) const;
    // Where a time (ms) on a display row is drawn, in plot pixels.
    QPointF pixelFor(qint64 timeMs, int displayRow) const;
    // Shapes painted by the last replot: segments and marks.
    int drawnSegments() const;
    int drawnSegments(Phase phase) const; // of one phase (its colour)
    int drawnMarks() const;
    int drawnMarks(Outcome outcome) const;
    qint64 replotCount() const { return m_replots; }

    bool savePng(const QString &path, int width = 0, int height = 0);
    bool savePdf(const QString &path);

public slots:
    void setFollowing(bool follow);
    void fitLanes();
    // Brings the view up to date and replots now (tests, exports, the benchmark).
    void refreshNow();

signals:
    void followingChanged(bool following);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildToolbar();
    void buildPlot();
    void markDirty() { m_dirty = true; }
    void onTick();
    void updateRanges();
    void updateLaneTicks();
    void onFilterEdited();
    void onXRangeChanged();
    void onYRangeChanged();
    void onMousePress(QMouseEvent *event);
    void onMouseMove(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void onMouseWheel(QWheelEvent *event);
    void onSelected(const QString &mac);

    BenchMonitor *const m_monitor;
    QCustomPlot *m_plot = nullptr;
    QSharedPointer<QCPAxisTickerText> m_laneTicker;
    QCPItemStraightLine *m_nowLine = nullptr;
    QList<LaneLayer *> m_segments;
    QList<OutcomeMarks *> m_marks;
    QComboBox *m_sort = nullptr;
    QComboBox *m_show = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_follow = nullptr;
    QTimer m_timer;
    bool m_dirty = true;
    bool m_following = true;
    bool m_fitLanes = true;
    bool m_settingRange = false;
    double m_followSpan = 600; // seconds
    QPoint m_pressPos;
    bool m_dragged = false;
    qint64 m_replots = 0;
};

} // namespace bootbench
