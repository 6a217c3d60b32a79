// The main window: pages, the replay of a recorded file into the monitor (all lanes, failures),
// the device details' full history from the store, earlier sessions read at start, a time range,
// and the exports (PNG/PDF of the timeline, CSV/JSON of events, CSV of the table).
#include "editors/bundleform.h"
#include "editors/bundleseditor.h"
#include "editors/editorpages.h"
#include "mainwindow.h"
#include "monitor/benchevents.h"
#include "monitor/benchmonitor.h"
#include "monitor/devicedetails.h"
#include "monitor/devicetablemodel.h"
#include "monitor/eventlistmodel.h"
#include "monitor/monitorpage.h"
#include "monitor/qcp.h"
#include "monitor/throughputview.h"
#include "monitor/timelineview.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "servicespanel.h"
#include "store/bundlerepository.h"
#include "store/databaseurl.h"
#include "store/devicerepository.h"
#include "store/eventrepository.h"
#include "store/store.h"
#include "timeline/eventlog.h"
#include "timeline/eventreplayer.h"
#include "timeline/syntheticbench.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSet>
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

    // Quitting or closing with an unsaved bundle asks Save / Discard / Cancel: Cancel keeps the
    // window and the edits, Save saves them, Discard drops them. Ctrl+S saves the page shown; the
    // status bar says there are unsaved changes while there are.
    void unsavedEditsAreNeverLostSilently()
    {
        QTemporaryDir dir;
        DatabaseUrl url;
        QString error;
        QVERIFY(parseDatabaseUrl(dir.filePath(QStringLiteral("bench.db")), &url, &error));
        std::unique_ptr<Store> store = Store::open(url, &error);
        QVERIFY2(store, qPrintable(error));
        Bundle existing;
        existing.name = QStringLiteral("debian12-lab");
        QVERIFY2(BundleRepository(*store).add(existing, &error), qPrintable(error));
        EventStream events;
        ServiceHost host;
        AppContext context;
        context.store = store.get();
        context.events = &events;
        context.host = &host;
        context.dataDir = dir.path();
        MainWindow window(context);
        for (const auto &[page, title] : createEditorPages(context, &window))
            window.addPage(page, title);
        QStringList asked;
        UnsavedChoice answer = UnsavedChoice::Cancel;
        window.setUnsavedPrompt([&](QWidget *, const QString &what) {
            asked << what;
            return answer;
        });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *bundles = window.findChild<BundlesEditor *>();
        QVERIFY(bundles);
        QVERIFY(window.resolveUnsavedEdits()); // nothing to ask about
        QVERIFY(asked.isEmpty());

        QVERIFY(bundles->selectBundle(QStringLiteral("debian12-lab")));
        const auto savedParams = [&] {
            return BundleRepository(*store).find(QStringLiteral("debian12-lab"), &error)->kernelParams;
        };
        bundles->form()->kernelParamsEdit()->setText(QStringLiteral("nomodeset"));
        QVERIFY(bundles->form()->isDirty());
        QTRY_VERIFY(window.unsavedStatusText().contains(window.pages()->tabText(window.pages()->indexOf(bundles))));
        QTRY_COMPARE(window.findChild<QLabel *>(QStringLiteral("unsavedStatus"))->text(), window.unsavedStatusText());

        // Ctrl+Q (Quit closes the window): Cancel keeps both.
        window.pages()->setCurrentIndex(0);
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().contains(QStringLiteral("debian12-lab")), qPrintable(asked.first()));
        QCOMPARE(window.pages()->currentWidget(), bundles); // shown while asked
        QCOMPARE(bundles->form()->kernelParamsEdit()->text(), QStringLiteral("nomodeset"));

        // Discard drops the edits and lets the window close.
        answer = UnsavedChoice::Discard;
        QVERIFY(window.resolveUnsavedEdits());
        QVERIFY(!bundles->form()->isDirty());
        QCOMPARE(savedParams(), QString());
        QVERIFY(window.unsavedStatusText().isEmpty());

        // Save saves them.
        bundles->form()->kernelParamsEdit()->setText(QStringLiteral("nomodeset"));
        answer = UnsavedChoice::Save;
        asked.clear();
        QVERIFY2(window.close(), qPrintable(bundles->statusText()));
        QCOMPARE(asked.size(), 1);
        QCOMPARE(savedParams(), QStringLiteral("nomodeset"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Ctrl+S saves the editor page shown.
        bundles->form()->kernelParamsEdit()->setText(QStringLiteral("quiet"));
        QVERIFY(bundles->form()->isDirty());
        window.pages()->setCurrentWidget(bundles);
        auto *save = window.findChild<QAction *>(QStringLiteral("saveAction"));
        QVERIFY(save);
        QCOMPARE(save->shortcut(), QKeySequence(QKeySequence::Save));
        save->trigger();
        QVERIFY(!bundles->form()->isDirty());
        QCOMPARE(savedParams(), QStringLiteral("quiet"));
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("unsavedStatus"))->text().isEmpty());
    }

    // View › Services and › Devices and throughput close and reopen the docks; Ctrl+1… switch
    // pages, Ctrl+F goes to the device search; every menu entry has a mnemonic.
    void docksReopenAndKeyboardReachesEverything()
    {
        EventStream events;
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        MainWindow window(context);
        window.addPage(new QWidget, QStringLiteral("Bundles"));
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        for (const char *name : {"servicesDock", "throughputDock"}) {
            auto *dock = window.findChild<QDockWidget *>(QLatin1String(name));
            QVERIFY(dock);
            QAction *toggle = dock->toggleViewAction();
            QVERIFY2(toggle->isEnabled(), name);
            QVERIFY(toggle->text().contains(QLatin1Char('&')));
            toggle->trigger();
            QVERIFY(!dock->isVisible());
            toggle->trigger();
            QVERIFY(dock->isVisible());
        }
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.pages()->currentIndex(), 1);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.pages()->currentIndex(), 0);
        window.pages()->setCurrentIndex(1);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(window.pages()->currentIndex(), 0);
        QTRY_VERIFY(QApplication::focusWidget());
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("laneSearch"));
        for (QAction *menu : window.menuBar()->actions()) {
            QVERIFY2(menu->text().contains(QLatin1Char('&')), qPrintable(menu->text()));
            for (QAction *entry : menu->menu()->actions()) {
                if (!entry->isSeparator())
                    QVERIFY2(entry->text().contains(QLatin1Char('&')), qPrintable(entry->text()));
            }
        }
    }

    // An event without a MAC (a TFTP request for a missing file from an address no DHCP service
    // saw) is shown in the bench events with a device's event columns; our own probe (all-zero
    // MAC) is not a device.
    void eventsWithoutAMacAreShown()
    {
        EventStream events;
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        MainWindow window(context);
        window.show();
        BootEvent missing;
        missing.time = QDateTime::currentDateTimeUtc();
        missing.service = QStringLiteral("tftp");
        missing.kind = QStringLiteral("transfer-failed");
        missing.severity = BootEvent::Severity::Warning;
        missing.peer = QStringLiteral("192.0.2.77:2070");
        missing.detail = QStringLiteral("boot/missing.efi: file not found");
        BootEvent debug = missing;
        debug.severity = BootEvent::Severity::Debug; // a debug note stays in the log
        BootEvent probe = missing;
        probe.mac = QStringLiteral("00:00:00:00:00:00");
        probe.service = QStringLiteral("proxydhcp");
        probe.kind = QStringLiteral("discover");
        events.publish(BootEventBatch{missing, debug, probe});
        events.flush();
        EventListModel *model = window.benchEvents()->model();
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, EventListModel::Detail).data().toString(), missing.detail);
        QCOMPARE(model->index(0, EventListModel::Peer).data().toString(), missing.peer);
        QCOMPARE(window.monitor()->tracker().count(), 0);
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("benchEventsDock"));
        QVERIFY(dock);
        QVERIFY2(dock->windowTitle().contains(QStringLiteral("(1)")), qPrintable(dock->windowTitle()));
    }

    // In Japanese one word per action across the editors: every Revert the same, never the
    // word of Undo.
    void oneJapaneseWordPerAction()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(BOOTBENCH_BINARY_DIR "/app/bootbench_ja.qm")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        QTemporaryDir dir;
        DatabaseUrl url;
        QString error;
        QVERIFY(parseDatabaseUrl(dir.filePath(QStringLiteral("bench.db")), &url, &error));
        std::unique_ptr<Store> store = Store::open(url, &error);
        QVERIFY2(store, qPrintable(error));
        AppContext context;
        context.store = store.get();
        context.dataDir = dir.path();
        QWidget parent;
        const auto pages = createEditorPages(context, &parent);
        QCoreApplication::removeTranslator(&translator);
        QSet<QString> reverts;
        for (const char *name : {"revertBundle", "revertRule", "revertDevice", "revertMenu"}) {
            auto *button = parent.findChild<QPushButton *>(QLatin1String(name));
            QVERIFY2(button, name);
            reverts << button->text();
        }
        QCOMPARE(reverts.size(), 1);
        const QString undo = parent.findChild<QPushButton *>(QStringLiteral("undoMenu"))->text();
        QVERIFY2(!reverts.contains(undo), qPrintable(undo));
        QVERIFY2(!reverts.values().first().contains(QStringLiteral("元に戻す")), qPrintable(reverts.values().first()));
    }

    // The empty throughput chart reads like a clock: the last minutes, not "00:00" five times.
    void emptyThroughputAxisShowsTheLastMinutes()
    {
        EventStream events;
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        MainWindow window(context);
        window.show();
        auto *plot = window.throughputView()->findChild<QCustomPlot *>();
        QVERIFY(plot);
        const QCPRange range = plot->xAxis->range();
        const double now = double(QDateTime::currentSecsSinceEpoch());
        QVERIFY2(range.size() >= 240 && qAbs(range.upper - now) < 60,
                 qPrintable(QStringLiteral("%1 .. %2").arg(range.lower).arg(range.upper)));
    }

    // Device table: no column title is cut ("La…", "Pha…"), in English and Japanese.
    void deviceTableTitlesAreWhole()
    {
        for (const char *language : {"en", "ja"}) {
            QTranslator translator;
            QVERIFY(translator.load(
                QStringLiteral(BOOTBENCH_BINARY_DIR "/app/bootbench_%1.qm").arg(QLatin1String(language))));
            QVERIFY(QCoreApplication::installTranslator(&translator));
            EventStream events;
            ServiceHost host;
            AppContext context;
            context.events = &events;
            context.host = &host;
            MainWindow window(context);
            QCoreApplication::removeTranslator(&translator);
            QTableView *table = window.monitorPage()->table();
            QHeaderView *header = table->horizontalHeader();
            for (int c = 0; c < DeviceTableModel::ColumnCount - 1; ++c) // the last one stretches
                QVERIFY2(table->columnWidth(c) >= header->sectionSizeHint(c),
                         qPrintable(QStringLiteral("%1: %2 < %3")
                                        .arg(table->model()->headerData(c, Qt::Horizontal).toString())
                                        .arg(table->columnWidth(c))
                                        .arg(header->sectionSizeHint(c))));
        }
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
