// `bootbench replay FILE --speed N` of a recorded 200-device bench, through the application's own
// path (command-line parsing → runGui → MainWindow), offscreen: every lane is there, coloured by
// phase, the failures are drawn and counted; the replay reaches neither the store nor the live
// bench; a bad file or speed is refused with exit status 2.
#include "commandline.h"
#include "guilauncher.h"
#include "mainwindow.h"
#include "monitor/benchmonitor.h"
#include "monitor/devicetablemodel.h"
#include "monitor/monitorpage.h"
#include "monitor/timelineview.h"
#include "store/databaseurl.h"
#include "store/eventrepository.h"
#include "store/store.h"
#include "timeline/eventlog.h"
#include "timeline/syntheticbench.h"

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace bootbench;

namespace {
struct Seen
{
    bool found = false;
    qint64 events = 0;
    int lanes = 0;
    int tableRows = 0;
    int failed = 0;
    int done = 0;
    int failedMarks = 0;
    int segments = 0;
    QList<int> phasesDrawn; // lanes per phase with a segment
    BenchMonitor::Source source = BenchMonitor::Source::Live;
    QString banner;
};

MainWindow *findWindow()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *window = qobject_cast<MainWindow *>(w); window && window->isVisible())
            return window;
    }
    return nullptr;
}

// Runs the command line through runGui; `inspect` is called with the window once `ready` says so
// (or after the time-out), then the window is closed, which ends runGui.
int run(const QStringList &arguments, const std::function<bool(MainWindow *)> &ready,
        const std::function<void(MainWindow *)> &inspect)
{
    QCommandLineParser parser;
    setUpParser(parser);
    CommandLine line;
    QString error;
    if (!parseCommandLine(parser, QStringList{QStringLiteral("bootbench")} + arguments, &line, &error)) {
        qWarning("%s", qPrintable(error));
        return -1;
    }
    QElapsedTimer clock;
    clock.start();
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        MainWindow *window = findWindow();
        if (!window || (!ready(window) && clock.elapsed() < 60000))
            return;
        poll.stop();
        inspect(window);
        window->close();
    });
    poll.start();
    char arg0[] = "bootbench";
    char *argv[] = {arg0, nullptr};
    return runGui(1, argv, line);
}
} // namespace

class TestReplayCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bootbench-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_replaycommand"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        SyntheticBenchOptions options;
        options.devices = 200;
        options.progressEventsPerTransfer = 2;
        m_recorded = generateSyntheticBench(options);
        QString error;
        QVERIFY2(writeEventLog(m_dir.filePath(QStringLiteral("bench-200.json")), m_recorded, &error),
                 qPrintable(error));
    }

    void replayShowsEveryLaneWithFailures()
    {
        const QString data = m_dir.filePath(QStringLiteral("data"));
        Seen seen;
        const int code = run(
            {QStringLiteral("replay"), m_dir.filePath(QStringLiteral("bench-200.json")), QStringLiteral("--speed"),
             QStringLiteral("1000000"), QStringLiteral("--data-dir"), data, QStringLiteral("--lang"),
             QStringLiteral("en"), QStringLiteral("--services"), QStringLiteral("tftp")},
            [&](MainWindow *w) { return w->monitor()->tracker().eventCount() == m_recorded.size(); },
            [&](MainWindow *w) {
                seen.found = true;
                BenchMonitor *monitor = w->monitor();
                const PhaseTracker &tracker = monitor->tracker();
                seen.events = tracker.eventCount();
                seen.source = monitor->source();
                seen.banner = w->monitorPage()->bannerText();
                TimelineView *timeline = w->monitorPage()->timeline();
                timeline->setFollowSpan(double(tracker.newestEventMs() - tracker.oldestEventMs()) / 1000 + 60);
                timeline->fitLanes();
                timeline->refreshNow();
                seen.lanes = int(monitor->order().size());
                seen.tableRows = w->monitorPage()->tableModel()->rowCount();
                seen.failed = tracker.counts().failed;
                seen.done = tracker.counts().done;
                seen.failedMarks = timeline->drawnMarks(Outcome::Failed);
                seen.segments = timeline->drawnSegments();
                for (int p = 1; p <= 8; ++p)
                    seen.phasesDrawn << timeline->drawnSegments(Phase(p));
            });
        QCOMPARE(code, 0);
        QVERIFY2(seen.found, "no main window was shown");
        QCOMPARE(seen.events, qint64(m_recorded.size()));
        QCOMPARE(seen.source, BenchMonitor::Source::Replay);
        QVERIFY2(seen.banner.contains(QStringLiteral("bench-200.json")), qPrintable(seen.banner));
        // Every lane, in the timeline and in the table.
        QCOMPARE(seen.lanes, 200);
        QCOMPARE(seen.tableRows, 200);
        // Failures visible: one red mark per failed device, and some devices done.
        QVERIFY(seen.failed > 0);
        QCOMPARE(seen.failedMarks, seen.failed);
        QVERIFY(seen.done > 0);
        // Coloured by phase: segments of every phase 1–8 are drawn.
        QVERIFY2(seen.segments > 200 * 3, qPrintable(QString::number(seen.segments)));
        for (int p = 0; p < seen.phasesDrawn.size(); ++p)
            QVERIFY2(seen.phasesDrawn.at(p) > 0, qPrintable(QStringLiteral("phase %1 not drawn").arg(p + 1)));

        // The replay did not reach the store (it is not a live bench).
        DatabaseUrl url;
        QString error;
        QVERIFY2(parseDatabaseUrl(QDir(data).filePath(QStringLiteral("bootbench.db")), &url, &error),
                 qPrintable(error));
        const std::unique_ptr<Store> store = Store::open(url, &error);
        QVERIFY2(store, qPrintable(error));
        const qint64 stored = EventRepository(*store).count(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(stored < 50, qPrintable(QString::number(stored))); // at most the boot-chain report
    }

    void badFileOrSpeedIsRefused()
    {
        const QString data = m_dir.filePath(QStringLiteral("data2"));
        const auto never = [](MainWindow *) { return true; };
        bool shown = false;
        const auto inspect = [&](MainWindow *) { shown = true; };
        QCOMPARE(run({QStringLiteral("replay"), m_dir.filePath(QStringLiteral("missing.json")),
                      QStringLiteral("--data-dir"), data},
                     never, inspect),
                 2);
        QCOMPARE(run({QStringLiteral("replay"), m_dir.filePath(QStringLiteral("bench-200.json")),
                      QStringLiteral("--speed"), QStringLiteral("0"), QStringLiteral("--data-dir"), data},
                     never, inspect),
                 2);
        QVERIFY(!shown);
    }

private:
    QTemporaryDir m_dir;
    BootEventBatch m_recorded;
};

QTEST_MAIN(TestReplayCommand)
#include "tst_replaycommand.moc"
