// The timeline view fed with synthetic batches, offscreen: lanes and their labels, phase segments
// in their colours, outcome marks (failures red with the reason in the tooltip, the updateDrivers
// refusal neutral), click selection, follow-now, filtering, and replots only when visible.
#include "monitor/benchmonitor.h"
#include "monitor/laneplottables.h"
#include "monitor/qcp.h"
#include "monitor/timelineview.h"
#include "timeline/syntheticbench.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace bootbench;

namespace {
const QString kA = QStringLiteral("52:54:00:00:00:0a");
const QString kB = QStringLiteral("52:54:00:00:00:0b");
const QString kC = QStringLiteral("52:54:00:00:00:0c");

struct Scene
{
    qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 300000; // five minutes ago
    BootEvent ev(const QString &mac, double seconds, int phase, Outcome outcome = Outcome::None,
                 const QString &detail = {}) const
    {
        BootEvent e;
        e.time = QDateTime::fromMSecsSinceEpoch(t0 + qint64(seconds * 1000), Qt::UTC);
        e.mac = mac;
        e.service = QStringLiteral("tftp");
        e.kind = QStringLiteral("transfer-finished");
        e.phase = phaseFromInt(phase);
        e.outcome = outcome;
        e.detail = detail;
        return e;
    }
    BootEventBatch events() const
    {
        BootEventBatch b;
        // A: phases 1–8, the updateDrivers refusal, done.
        for (int p = 1; p <= 8; ++p)
            b << ev(kA, p * 20, p) << ev(kA, p * 20 + 15, p, Outcome::None, QStringLiteral("/boot/kernel"));
        b << ev(kA, 150, 7, Outcome::Expected, QStringLiteral("/boot/updateDrivers.tgz: file not found"));
        b << ev(kA, 176, 8, Outcome::Done, QStringLiteral("image laid down"));
        // B: fails in phase 7.
        for (int p = 1; p <= 7; ++p)
            b << ev(kB, 5 + p * 20, p) << ev(kB, 5 + p * 20 + 10, p);
        b << ev(kB, 160, 7, Outcome::Failed, QStringLiteral("/boot/initrd: timed out after 5 retries"));
        // C: still busy in phase 4.
        for (int p = 1; p <= 4; ++p)
            b << ev(kC, 100 + p * 20, p) << ev(kC, 100 + p * 20 + 10, p);
        std::stable_sort(b.begin(), b.end(), [](const BootEvent &x, const BootEvent &y) { return x.time < y.time; });
        return b;
    }
};

QColor colourAt(const QImage &image, const QPointF &p)
{
    return image.pixelColor(p.toPoint());
}

bool near(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) < 12 && qAbs(a.green() - b.green()) < 12 && qAbs(a.blue() - b.blue()) < 12;
}
} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT
private slots:
    void lanesSegmentsAndMarks()
    {
        Scene scene;
        BenchMonitor monitor;
        TimelineView view(&monitor);
        view.resize(1200, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        monitor.applyLive(scene.events());
        view.refreshNow();

        const QStringList labels = view.laneLabels();
        QCOMPARE(labels.size(), 3);
        QCOMPARE(labels.at(0), kA);
        QCOMPARE(labels.at(1), QStringLiteral("✖ ") + kB); // failures stand out in the labels too
        QCOMPARE(labels.at(2), kC);
        QCOMPARE(view.drawnSegments(), 8 + 7 + 4);
        QCOMPARE(view.drawnMarks(Outcome::Failed), 1);
        QCOMPARE(view.drawnMarks(Outcome::Expected), 1); // updateDrivers.tgz: neutral, not a failure
        QCOMPARE(view.drawnMarks(Outcome::Done), 1);
        QCOMPARE(view.drawnMarks(), 3);

        const QImage image = view.plot()->toPixmap().toImage();
        // A's phase 7 segment in the phase 7 colour, B's failure in red.
        const qint64 midPhase7 = scene.t0 + 140 * 1000 + 7500;
        QVERIFY2(near(colourAt(image, view.pixelFor(midPhase7, 0)), phaseColour(Phase::ImagingFiles)),
                 qPrintable(colourAt(image, view.pixelFor(midPhase7, 0)).name()));
        const qint64 midPhase3 = scene.t0 + 60 * 1000 + 7500;
        QVERIFY(near(colourAt(image, view.pixelFor(midPhase3, 0)), phaseColour(Phase::MenuSettings)));
        const QPointF failure = view.pixelFor(scene.t0 + 160000, 1);
        const QColor red = colourAt(image, failure + QPointF(4, 0));
        QVERIFY2(red.red() > 180 && red.green() < 90 && red.blue() < 90, qPrintable(red.name()));
        // The expected refusal is not red.
        const QColor grey = colourAt(image, view.pixelFor(scene.t0 + 150000, 0));
        QVERIFY2(!(grey.red() > 180 && grey.green() < 90), qPrintable(grey.name()));

        // Hover: the reason of the failure; the events of a phase.
        const QString tip = view.describeAt(failure.toPoint());
        QVERIFY2(tip.contains(QStringLiteral("timed out after 5 retries")), qPrintable(tip));
        const QString phaseTip = view.describeAt(view.pixelFor(scene.t0 + 155000, 0).toPoint());
        QVERIFY2(phaseTip.contains(QStringLiteral("/boot/kernel")) ||
                     phaseTip.contains(QStringLiteral("updateDrivers")),
                 qPrintable(phaseTip));
        QVERIFY2(phaseTip.contains(kA), qPrintable(phaseTip));

        // Click selects the device (everywhere: the monitor tells the others).
        QSignalSpy selected(&monitor, &BenchMonitor::selectedChanged);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.pixelFor(scene.t0 + 40000, 2).toPoint());
        QCOMPARE(monitor.selectedMac(), kC);
        QCOMPARE(selected.size(), 1);
        view.refreshNow();
        QCOMPARE(view.laneLabels().at(2), QStringLiteral("▶ ") + kC);
    }

    void followsNowUntilTheUserMoves()
    {
        Scene scene;
        BenchMonitor monitor;
        TimelineView view(&monitor);
        view.resize(1000, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        monitor.applyLive(scene.events());
        view.refreshNow();
        QVERIFY(view.isFollowing());
        const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000;
        QVERIFY(qAbs(view.plot()->xAxis->range().upper - now) < 60);
        // The user pans: following stops.
        view.plot()->xAxis->moveRange(-120);
        QVERIFY(!view.isFollowing());
        view.refreshNow();
        QVERIFY(view.plot()->xAxis->range().upper < now - 60);
        // The button brings "now" back.
        view.findChild<QAbstractButton *>(QStringLiteral("followNow"))->click();
        QVERIFY(view.isFollowing());
        view.refreshNow();
        QVERIFY(qAbs(view.plot()->xAxis->range().upper - double(QDateTime::currentMSecsSinceEpoch()) / 1000) < 60);
    }

    void sortAndFilterTheLanes()
    {
        Scene scene;
        BenchMonitor monitor;
        TimelineView view(&monitor);
        view.resize(1000, 400);
        view.show();
        monitor.applyLive(scene.events());
        auto *show = view.findChild<QComboBox *>(QStringLiteral("laneShow"));
        show->setCurrentIndex(show->findData(int(LaneFilter::Show::Failed)));
        view.refreshNow();
        QCOMPARE(view.laneLabels(), QStringList{QStringLiteral("✖ ") + kB});
        show->setCurrentIndex(0);
        auto *sort = view.findChild<QComboBox *>(QStringLiteral("laneSort"));
        sort->setCurrentIndex(sort->findData(int(LaneFilter::Sort::State)));
        view.refreshNow();
        QCOMPARE(view.laneLabels(), (QStringList{QStringLiteral("✖ ") + kB, kC, kA}));
        view.findChild<QLineEdit *>(QStringLiteral("laneSearch"))->setText(QStringLiteral("0c"));
        view.refreshNow();
        QCOMPARE(view.laneLabels(), QStringList{kC});
    }

    void replotsOnlyWhenVisibleAndNotPerEvent()
    {
        BenchMonitor monitor;
        TimelineView view(&monitor);
        view.resize(1000, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        SyntheticBenchOptions options;
        options.devices = 50;
        options.startMs = QDateTime::currentMSecsSinceEpoch() - 600000;
        const BootEventBatch events = generateSyntheticBench(options);
        const qint64 before = view.replotCount();
        // Many batches between two timer ticks: at most a replot or two, not one per batch.
        for (qsizetype i = 0; i < events.size(); i += 50)
            monitor.applyLive(events.mid(i, 50));
        QTRY_VERIFY(view.replotCount() > before);
        QVERIFY2(view.replotCount() - before <= 2, qPrintable(QString::number(view.replotCount() - before)));
        QCOMPARE(view.laneLabels().size() > 0, true);

        // Hidden: no replot, however many events come (observed over several timer periods).
        view.hide();
        const qint64 hidden = view.replotCount();
        for (qsizetype i = 0; i < events.size(); i += 500)
            monitor.applyLive(events.mid(i, 500));
        QTest::qWait(700);
        QCOMPARE(view.replotCount(), hidden);
        view.show();
        QTRY_VERIFY(view.replotCount() > hidden);
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
