// Takes the screenshots in docs/screenshots/: replays a recording (by default a made-up 200-device
// bench) into the main window and saves the window as PNG; with --first-start, the window as it
// first opens (empty store, nothing chosen) at the size it picks for the screen. Run under
// xvfb-run, e.g.
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/gui/gui_screenshots --lang ja
//   --qm-dir build/app --out docs/screenshots/monitor-ja.png
#include "editors/editorpages.h"
#include "mainwindow.h"
#include "monitor/benchmonitor.h"
#include "monitor/monitorpage.h"
#include "monitor/timelineview.h"
#include "servicecomposer.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/databaseurl.h"
#include "store/devicerepository.h"
#include "store/store.h"
#include "timeline/eventlog.h"
#include "timeline/syntheticbench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

using namespace bootbench;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("bootbench-screenshots"));
    QCoreApplication::setApplicationName(QStringLiteral("gui_screenshots"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QSettings().clear();

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("recording"), QStringLiteral("event log to replay"), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("devices"), QStringLiteral("made-up bench size"), QStringLiteral("n"), QStringLiteral("200")});
    parser.addOption(
        {QStringLiteral("lang"), QStringLiteral("en or ja"), QStringLiteral("lang"), QStringLiteral("en")});
    parser.addOption({QStringLiteral("qm-dir"), QStringLiteral("where bootbench_<lang>.qm is"), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("PNG to write"), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("select"), QStringLiteral("MAC of the device whose details to show"), QStringLiteral("mac")});
    parser.addOption(
        {QStringLiteral("timeline-out"), QStringLiteral("also export the timeline alone"), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("size"), QStringLiteral("window size"), QStringLiteral("WxH"), QStringLiteral("1680x1050")});
    parser.addOption({QStringLiteral("first-start"), QStringLiteral("the first start: nothing set up, no replay")});
    parser.process(app);
    QTextStream err(stderr);

    const QString lang = parser.value(QStringLiteral("lang"));
    QLocale::setDefault(lang == QLatin1String("ja") ? QLocale(QLocale::Japanese, QLocale::Japan)
                                                    : QLocale(QLocale::English));
    auto *ours = new QTranslator(&app);
    if (parser.isSet(QStringLiteral("qm-dir")) &&
        ours->load(QStringLiteral("bootbench_") + lang, parser.value(QStringLiteral("qm-dir"))))
        QCoreApplication::installTranslator(ours);
    else if (lang != QLatin1String("en"))
        err << "gui_screenshots: no bootbench_" << lang << ".qm in " << parser.value(QStringLiteral("qm-dir"))
            << Qt::endl;
    auto *qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);

    QTemporaryDir dir;
    const bool firstStart = parser.isSet(QStringLiteral("first-start"));
    QString recording = parser.value(QStringLiteral("recording"));
    if (recording.isEmpty() && !firstStart) {
        SyntheticBenchOptions options;
        options.devices = parser.value(QStringLiteral("devices")).toInt();
        recording = dir.filePath(QStringLiteral("bench-%1.json").arg(options.devices));
        QString error;
        if (!writeEventLog(recording, generateSyntheticBench(options), &error)) {
            err << "gui_screenshots: " << error << Qt::endl;
            return 1;
        }
    }

    // A store with the bench's devices (names, architectures) and their assignments, as a real
    // bench would have; the replay itself never reaches it.
    DatabaseUrl url;
    QString storeError;
    parseDatabaseUrl(dir.filePath(QStringLiteral("bench.db")), &url, &storeError);
    std::unique_ptr<Store> store = Store::open(url, &storeError);
    if (!store) {
        err << "gui_screenshots: " << storeError << Qt::endl;
        return 1;
    }
    Bundle vendor;
    vendor.name = QStringLiteral("debian12-lab");
    vendor.kind = BundleKind::ImageRestore;
    Bundle winpe;
    winpe.name = QStringLiteral("win11-lab");
    winpe.kind = BundleKind::WinPe;
    if (!firstStart) {
        BundleRepository(*store).add(vendor, &storeError);
        BundleRepository(*store).add(winpe, &storeError);
    }
    for (int i = 1; !firstStart && i <= parser.value(QStringLiteral("devices")).toInt(); ++i) {
        Device d;
        d.mac = QStringLiteral("52:54:00:%1:%2:%3")
                    .arg((i >> 16) & 0xff, 2, 16, QLatin1Char('0'))
                    .arg((i >> 8) & 0xff, 2, 16, QLatin1Char('0'))
                    .arg(i & 0xff, 2, 16, QLatin1Char('0'));
        d.name = QStringLiteral("lab-pc-%1").arg(i, 3, 10, QLatin1Char('0'));
        d.architecture = i % 3 != 0 ? QStringLiteral("x64-uefi") : QStringLiteral("bios");
        d.manufacturer = QStringLiteral("QEMU");
        d.model = QStringLiteral("Standard PC (Q35 + ICH9, 2009)");
        d.ramMb = 4096;
        d.diskMb = 65536;
        DeviceRepository(*store).add(d, &storeError);
        AssignmentRepository(*store).assign(d.mac, i % 5 == 0 ? winpe.name : vendor.name, false, &storeError);
    }

    EventStream events;
    ServiceHost host;
    AppContext context;
    context.store = store.get();
    context.events = &events;
    context.host = &host;
    context.composeServices = composeServices;
    context.config.services = ServiceConfig::knownServices();
    context.config.tftpRoot = dir.filePath(QStringLiteral("tftp")); // the boot chain laid out for real
    context.dataDir = dir.path();
    MainWindow window(context);
    if (firstStart) {
        // The size the window chooses for the screen, as a new user sees it, with the editors.
        for (const auto &[page, title] : createEditorPages(context, &window))
            window.addPage(page, title);
        window.show();
        QTimer::singleShot(2000, &window, [&] {
            const QString out = parser.value(QStringLiteral("out"));
            if (!out.isEmpty() && !window.grab().save(out))
                err << "gui_screenshots: cannot write " << out << Qt::endl;
            QCoreApplication::quit();
        });
        return QApplication::exec();
    }
    const QStringList size = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));
    window.resize(size.value(0).toInt(), size.value(1).toInt());
    window.show();

    QString error;
    if (!window.startReplay(recording, 0, &error)) {
        err << "gui_screenshots: " << error << Qt::endl;
        return 1;
    }
    QObject::connect(&window, &MainWindow::replayFinished, &window, [&] {
        QTimer::singleShot(800, &window, [&] {
            BenchMonitor *monitor = window.monitor();
            const PhaseTracker &tracker = monitor->tracker();
            // Show the whole recording, and a failed device's details.
            TimelineView *timeline = window.monitorPage()->timeline();
            timeline->setFollowSpan(double(tracker.newestEventMs() - tracker.oldestEventMs()) / 1000 * 1.04);
            for (int row = 0; row < tracker.count(); ++row) {
                if (tracker.lane(row).state == LaneState::Failed &&
                    tracker.lane(row).currentPhase == Phase::ImagingFiles) {
                    monitor->setSelectedMac(tracker.lane(row).mac);
                    break;
                }
            }
            if (parser.isSet(QStringLiteral("select")))
                monitor->setSelectedMac(parser.value(QStringLiteral("select")));
            QTimer::singleShot(1500, &window, [&, timeline] {
                timeline->refreshNow();
                const QString out = parser.value(QStringLiteral("out"));
                if (!out.isEmpty() && !window.grab().save(out))
                    err << "gui_screenshots: cannot write " << out << Qt::endl;
                const QString timelineOut = parser.value(QStringLiteral("timeline-out"));
                if (!timelineOut.isEmpty() && !timeline->savePng(timelineOut, 1600, 1000))
                    err << "gui_screenshots: cannot write " << timelineOut << Qt::endl;
                QCoreApplication::quit();
            });
        });
    });
    return QApplication::exec();
}
