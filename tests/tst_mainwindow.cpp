// The main window: pages, the replay of a recorded file into the monitor (all lanes, failures),
// the device details' full history from the store, earlier sessions read at start, a time range,
// and the exports (PNG/PDF of the timeline, CSV/JSON of events, CSV of the table).
#include "mainwindow.h"
#include "monitor/benchmonitor.h"
#include "monitor/devicedetails.h"
#include "monitor/devicetablemodel.h"
#include "monitor/eventlistmodel.h"
#include "monitor/monitorpage.h"
#include "monitor/throughputview.h"
#include "monitor/timelineview.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "servicespanel.h"
#include "store/databaseurl.h"
#include "store/devicerepository.h"
#include "store/eventrepository.h"
#include "store/store.h"
#include "timeline/eventlog.h"
#include "timeline/eventreplayer.h"
#include "timeline/syntheticbench.h"

#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace bootbench;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bootbench-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void addPageAppendsATab()
    {
        EventStream events;
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        MainWindow window(context);
        window.show();
        QVERIFY(window.servicesPanel());
        const int before = window.pages()->count();
        QCOMPARE(before, 1);
        auto *page = new QWidget;
        window.addPage(page, QStringLiteral("Bundles"));
        QCOMPARE(window.pages()->count(), before + 1);
        QCOMPARE(window.pages()->tabText(before), QStringLiteral("Bundles"));
        QCOMPARE(page->parentWidget()->parentWidget(), window.pages());
    }

    // A technician's laptop: 1366 x 768. The monitor (services dock, timeline with its legend,
    // table and details) must fit its width in English and in Japanese, whose labels are longer.
    void fitsALaptopScreenInEnglishAndJapanese_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QStringLiteral("en");
        QTest::newRow("ja") << QStringLiteral("ja");
    }
    void fitsALaptopScreenInEnglishAndJapanese()
    {
        QFETCH(QString, language);
        QTranslator translator;
        const QString qm = QStringLiteral(BOOTBENCH_BINARY_DIR "/app/bootbench_%1.qm").arg(language);
        QVERIFY2(translator.load(qm), qPrintable(QStringLiteral("no catalogue at ") + qm));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        EventStream events;
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        MainWindow window(context);
        window.show();
        const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
        QCoreApplication::removeTranslator(&translator);
        QVERIFY2(minimum.width() <= 1366,
                 qPrintable(QStringLiteral("the window needs at least %1 px").arg(minimum.width())));
    }

    void replayOfARecordedFileShowsEveryLane()
    {
        QTemporaryDir dir;
        SyntheticBenchOptions options;
        options.devices = 200;
        options.progressEventsPerTransfer = 2;
        const BootEventBatch recorded = generateSyntheticBench(options);
        const QString path = dir.filePath(QStringLiteral("bench-200.json"));
        QString error;
        QVERIFY2(writeEventLog(path, recorded, &error), qPrintable(error));

        EventStream events;
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        MainWindow window(context);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::replayFinished);
        QVERIFY(!window.startReplay(dir.filePath(QStringLiteral("missing.json")), 0, &error));
        QVERIFY2(error.contains(QStringLiteral("missing.json")), qPrintable(error));
        QVERIFY2(window.startReplay(path, 0, &error), qPrintable(error));
        QVERIFY(finished.wait(20000));
        QTRY_COMPARE(window.monitor()->tracker().eventCount(), qint64(recorded.size()));
        QCOMPARE(window.monitor()->source(), BenchMonitor::Source::Replay);
        QVERIFY2(window.monitorPage()->bannerText().contains(QStringLiteral("bench-200.json")),
                 qPrintable(window.monitorPage()->bannerText()));

        TimelineView *timeline = window.monitorPage()->timeline();
        const PhaseTracker &tracker = window.monitor()->tracker();
        timeline->setFollowSpan(double(tracker.newestEventMs() - tracker.oldestEventMs()) / 1000 + 60);
        timeline->fitLanes();
        timeline->refreshNow();
        QCOMPARE(int(window.monitor()->order().size()), 200);
        QCOMPARE(window.monitorPage()->tableModel()->rowCount(), 200);
        QVERIFY(timeline->drawnMarks(Outcome::Failed) > 0);
        QCOMPARE(timeline->drawnMarks(Outcome::Failed), window.monitor()->tracker().counts().failed);
        QVERIFY(timeline->drawnSegments() > 200 * 3);
        // Counters refresh once a second.
        const QString failedCount =
            QStringLiteral("<b>%1</b></span><br>failed").arg(window.monitor()->tracker().counts().failed);
        QTRY_VERIFY2(window.throughputView()->countersText().contains(failedCount),
                     qPrintable(window.throughputView()->countersText()));

        // Selecting a row selects the lane and fills the details (no store: the kept events).
        QTableView *table = window.monitorPage()->table();
        table->selectRow(5);
        const QString mac = table->model()->index(5, 0).data().toString();
        QCOMPARE(window.monitor()->selectedMac(), mac);
        DeviceDetails *details = window.monitorPage()->details();
        QCOMPARE(details->mac(), mac);
        QVERIFY(details->events()->rowCount() > 0);
        QVERIFY(details->summaryText().contains(mac));

        // Exports.
        QVERIFY(timeline->savePng(dir.filePath(QStringLiteral("t.png")), 1200, 800));
        QVERIFY(timeline->savePdf(dir.filePath(QStringLiteral("t.pdf"))));
        QImage png(dir.filePath(QStringLiteral("t.png")));
        QCOMPARE(png.size(), QSize(1200, 800));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("t.pdf"))).size() > 1000);

        // Back to live: the (empty) live bench.
        window.showLive();
        QCOMPARE(window.monitor()->source(), BenchMonitor::Source::Live);
        QCOMPARE(window.monitorPage()->tableModel()->rowCount(), 0);
    }

    void historyAndDetailsFromTheStore()
    {
        QTemporaryDir dir;
        DatabaseUrl url;
        QString error;
        QVERIFY(parseDatabaseUrl(dir.filePath(QStringLiteral("bench.db")), &url, &error));
        std::unique_ptr<Store> store = Store::open(url, &error);
        QVERIFY2(store, qPrintable(error));
        SyntheticBenchOptions options;
        options.devices = 20;
        options.startMs = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000; // an hour ago
        const BootEventBatch earlier = generateSyntheticBench(options);
        QVERIFY2(EventRepository(*store).append(earlier, &error), qPrintable(error));
        Device device;
        device.mac = earlier.first().mac;
        device.name = QStringLiteral("lab-pc-first");
        device.architecture = QStringLiteral("x64-uefi");
        QVERIFY2(DeviceRepository(*store).add(device, &error), qPrintable(error));

        EventStream events;
        ServiceHost host;
        AppContext context;
        context.store = store.get();
        context.events = &events;
        context.host = &host;
        MainWindow window(context);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::historyLoaded);
        QVERIFY(loaded.wait(10000));
        // Applied in time-budgeted chunks over a few turns of the event loop.
        QTRY_COMPARE(window.monitor()->tracker().eventCount(), qint64(earlier.size()));
        QCOMPARE(window.monitor()->tracker().count(), 20);
        // Names come from the store.
        const int row = window.monitor()->tracker().rowOf(device.mac);
        QTRY_COMPARE(window.monitor()->tracker().lane(row).name, QStringLiteral("lab-pc-first"));

        // A live event after the history.
        BootEvent live = earlier.first();
        live.time = QDateTime::currentDateTimeUtc();
        live.kind = QStringLiteral("discover");
        events.publish(live);
        events.flush();
        QCOMPARE(window.monitor()->tracker().eventCount(), qint64(earlier.size() + 1));

        // Details: the device's whole history from the store, and its identity.
        window.monitor()->setSelectedMac(device.mac);
        DeviceDetails *details = window.monitorPage()->details();
        qsizetype expected = 0;
        for (const BootEvent &e : earlier)
            expected += e.mac == device.mac;
        QTRY_COMPARE(details->events()->rowCount(), int(expected));
        QTRY_VERIFY(details->summaryText().contains(QStringLiteral("lab-pc-first")));

        // A time range: only the events in it.
        const QDateTime from = earlier.at(100).time, to = earlier.at(300).time;
        QVERIFY2(window.openTimeRange(from, to, &error), qPrintable(error));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.monitor()->source(), BenchMonitor::Source::History);
        qint64 inRange = 0;
        for (const BootEvent &e : earlier)
            inRange += e.time >= from && e.time < to;
        QCOMPARE(window.monitor()->tracker().eventCount(), inRange);
        window.showLive();
        QCOMPARE(window.monitor()->tracker().eventCount(), qint64(earlier.size() + 1));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
