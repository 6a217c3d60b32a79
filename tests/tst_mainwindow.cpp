// The main window: the monitor first, pages added after it, the services panel present.
#include "mainwindow.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "servicespanel.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
