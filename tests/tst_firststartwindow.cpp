// The first start on a 1366 x 768 laptop (an offscreen screen of that size, with window frames):
// the window fits the screen in English and Japanese and remembers its place after that; the
// empty monitor shows the steps before the first machine, each with its state and a way to where
// it is done, and gives way to the monitor when a machine appears.
#include "editors/editorpages.h"
#include "mainwindow.h"
#include "monitor/benchmonitor.h"
#include "monitor/firststartguide.h"
#include "monitor/monitorpage.h"
#include "monitor/timelineview.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "servicespanel.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/databaseurl.h"
#include "store/devicerepository.h"
#include "store/store.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace bootbench;

namespace {
const QRect kLaptop(0, 0, 1366, 768);

struct Bench
{
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    EventStream events;
    ServiceHost host;
    AppContext context;

    Bench()
    {
        DatabaseUrl url;
        QString error;
        if (parseDatabaseUrl(dir.filePath(QStringLiteral("bench.db")), &url, &error))
            store = Store::open(url, &error);
        context.store = store.get();
        context.events = &events;
        context.host = &host;
        context.dataDir = dir.path();
        context.config.tftpRoot = dir.filePath(QStringLiteral("tftp"));
        QDir().mkpath(context.config.tftpRoot);
    }
};

void touch(const QString &path)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}
} // namespace

class TestFirstStartWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bootbench-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_firststartwindow"));
        QVERIFY(QGuiApplication::primaryScreen());
        QCOMPARE(QGuiApplication::primaryScreen()->geometry(), kLaptop);
    }
    void init() { QSettings().clear(); }

    void windowFitsTheScreen_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QStringLiteral("en");
        QTest::newRow("ja") << QStringLiteral("ja");
    }
    void windowFitsTheScreen()
    {
        QFETCH(QString, language);
        QTranslator translator;
        const QString qm = QStringLiteral(BOOTBENCH_BINARY_DIR "/app/bootbench_%1.qm").arg(language);
        QVERIFY2(translator.load(qm), qPrintable(QStringLiteral("no catalogue at ") + qm));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        Bench bench;
        MainWindow window(bench.context);
        QString pageWidths; // which page needs how much, when one is too wide
        for (const auto &[page, title] : createEditorPages(bench.context, &window)) {
            window.addPage(page, title);
            pageWidths += QStringLiteral(" %1=%2").arg(title).arg(page->minimumSizeHint().width());
        }
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect available = window.screen()->availableGeometry();
        QTRY_VERIFY2(available.contains(window.frameGeometry()),
                     qPrintable(QStringLiteral("window %1x%2+%3+%4 on a %5x%6 screen; pages:%7")
                                    .arg(window.frameGeometry().width())
                                    .arg(window.frameGeometry().height())
                                    .arg(window.frameGeometry().x())
                                    .arg(window.frameGeometry().y())
                                    .arg(available.width())
                                    .arg(available.height())
                                    .arg(pageWidths)));
        const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
        QVERIFY2(minimum.width() <= available.width() && minimum.height() <= available.height(),
                 qPrintable(QStringLiteral("the window needs at least %1 x %2 px; pages:%3")
                                .arg(minimum.width())
                                .arg(minimum.height())
                                .arg(pageWidths)));
        QVERIFY(window.monitorPage()->firstStartGuideShown());
        QCoreApplication::removeTranslator(&translator);
    }

    void remembersItsPlaceWithinTheScreen()
    {
        Bench bench;
        QRect placed;
        {
            MainWindow window(bench.context);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.setGeometry(10, 20, 1340, 650);
            QTRY_COMPARE(window.geometry(), QRect(10, 20, 1340, 650));
            placed = window.geometry();
            window.close();
        }
        {
            MainWindow window(bench.context);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QTRY_COMPARE(window.geometry(), placed);
            // Moved half off the screen (or saved on a bigger one): back inside at the next start.
            window.setGeometry(600, 400, 1340, 650);
            window.close();
        }
        MainWindow window(bench.context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.screen()->availableGeometry().contains(window.frameGeometry()));
        QCOMPARE(window.geometry().size(), QSize(1340, 650));
    }

    void emptyMonitorLeadsTheWay()
    {
        Bench bench;
        MainWindow window(bench.context);
        auto *bundles = new QWidget;
        bundles->setObjectName(QStringLiteral("bundlesEditor"));
        window.addPage(bundles, QStringLiteral("Bundles"));
        auto *assignments = new QWidget;
        assignments->setObjectName(QStringLiteral("assignmentsEditor"));
        window.addPage(assignments, QStringLiteral("Assignments"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MonitorPage *page = window.monitorPage();
        FirstStartGuide *guide = page->firstStartGuide();
        QVERIFY(page->firstStartGuideShown());
        QVERIFY(guide->isVisible());
        const QString todo = QStringLiteral("○ ") + FirstStartGuide::tr("To do");
        const QString done = QStringLiteral("✔ ") + FirstStartGuide::tr("Done");
        for (FirstStartStep step : {FirstStartStep::Interface, FirstStartStep::Variant, FirstStartStep::Environment,
                                    FirstStartStep::Bundle, FirstStartStep::PowerOn}) {
            QCOMPARE(guide->stateText(step), todo);
            QVERIFY(guide->linkButton(step));
        }

        // Each link leads to where the step is done.
        QTest::mouseClick(guide->linkButton(FirstStartStep::Interface), Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), window.servicesPanel()->interfacePicker());
        QTest::mouseClick(guide->linkButton(FirstStartStep::Bundle), Qt::LeftButton);
        QCOMPARE(window.pages()->currentWidget(), bundles);
        window.pages()->setCurrentIndex(0);

        // The variant: chosen by a click.
        auto *proxy = window.servicesPanel()->findChild<QRadioButton *>(QStringLiteral("variantProxy"));
        QVERIFY(proxy);
        proxy->click();
        QCOMPARE(guide->stateText(FirstStartStep::Variant), done);

        // The interface: the first one listed.
        auto *picker = window.servicesPanel()->findChild<QComboBox *>(QStringLiteral("interfacePicker"));
        QVERIFY(picker->count() > 1);
        picker->setCurrentIndex(1);
        emit picker->activated(1);
        QCOMPARE(guide->stateText(FirstStartStep::Interface), done);

        // The imaging environment and a bundle given to a machine: seen by the next look.
        touch(QDir(bench.context.config.tftpRoot).filePath(QStringLiteral("boot/kernel")));
        touch(QDir(bench.context.config.tftpRoot).filePath(QStringLiteral("boot/initrd")));
        QTRY_COMPARE_WITH_TIMEOUT(guide->stateText(FirstStartStep::Environment), done, 10000);
        Bundle bundle;
        bundle.name = QStringLiteral("debian12-lab");
        bundle.kind = BundleKind::ImageRestore;
        QString error;
        QVERIFY2(BundleRepository(*bench.store).add(bundle, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(guide->facts().hasBundle, 10000);
        QCOMPARE(guide->stateText(FirstStartStep::Bundle), todo); // no machine gets it yet
        QTest::mouseClick(guide->linkButton(FirstStartStep::Bundle), Qt::LeftButton);
        QCOMPARE(window.pages()->currentWidget(), assignments);
        window.pages()->setCurrentIndex(0);
        Device device;
        device.mac = QStringLiteral("52:54:00:00:00:01");
        QVERIFY2(DeviceRepository(*bench.store).add(device, &error), qPrintable(error));
        QVERIFY2(
            AssignmentRepository(*bench.store).assign(QStringLiteral("52:54:00:00:00:01"), bundle.name, false, &error),
            qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(guide->stateText(FirstStartStep::Bundle), done, 10000);
        QCOMPARE(guide->stateText(FirstStartStep::PowerOn), todo);

        // A machine asks for an address: the guide gives way to the monitor.
        BootEvent discover;
        discover.time = QDateTime::currentDateTimeUtc();
        discover.mac = QStringLiteral("52:54:00:00:00:01");
        discover.service = QStringLiteral("proxydhcp");
        discover.kind = QStringLiteral("discover");
        bench.events.publish(discover);
        bench.events.flush();
        QTRY_VERIFY(!page->firstStartGuideShown());
        QVERIFY(!guide->isVisible());
        QVERIFY(page->timeline()->isVisible());
    }
};

int main(int argc, char *argv[])
{
    // A 1366 x 768 screen with window frames, whatever QT_QPA_PLATFORM the suite set.
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screen.json"));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(R"({"windowFrameMargins": true, "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366,
                    "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})") <= 0)
        return 1;
    f.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestFirstStartWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_firststartwindow.moc"
