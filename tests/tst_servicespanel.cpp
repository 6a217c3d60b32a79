// The services panel: a service that cannot bind its port shows Failed with the exact reason,
// choices persist in QSettings, and the services that ran come back on the next start.
#include "bootchain/bootchainlayout.h"
#include "config/poolcheck.h"
#include "net/networkinterfaces.h"
#include "net/udpendpoint.h"
#include "serviceerrortext.h"
#include "services/eventstream.h"
#include "services/networkservice.h"
#include "services/servicehost.h"
#include "servicespanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTranslator>
#include <QUdpSocket>

using namespace bootbench;

namespace {
// Binds one loopback UDP port, like a real service would.
class PortService final : public NetworkService
{
public:
    PortService(const QString &name, EventStream *events, quint16 port)
        : NetworkService(name, events)
        , m_port(port)
    {}

protected:
    bool startService(QString *error) override
    {
        UdpBindRequest request;
        request.address = QHostAddress::LocalHost;
        request.port = m_port;
        m_socket = openUdpSocket(request, error);
        return m_socket != nullptr;
    }
    void stopService() override { m_socket.reset(); }

private:
    quint16 m_port;
    std::unique_ptr<QUdpSocket> m_socket;
};

// Every known service on its own loopback port; `ports` maps service → port.
ServiceComposer composer(QHash<QString, quint16> ports, int *calls)
{
    return [ports, calls](const ServiceConfig &config, EventStream *events, ServiceHost *host, QString *) {
        ++*calls;
        for (const QString &name : config.services)
            host->addService(std::make_unique<PortService>(name, events, ports.value(name)));
        return true;
    };
}

quint16 freePort()
{
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}
} // namespace

class TestServicesPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bootbench-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_servicespanel"));
    }
    void init() { QSettings().clear(); }

    void takenPortShowsFailedWithTheReason()
    {
        QUdpSocket squatter;
        QVERIFY(squatter.bind(QHostAddress::LocalHost, 0));
        const quint16 taken = squatter.localPort();

        EventStream events;
        ServiceHost host;
        int calls = 0;
        AppContext context;
        context.events = &events;
        context.host = &host;
        context.config.services = {QStringLiteral("tftp"), QStringLiteral("policy")};
        context.composeServices =
            composer({{QStringLiteral("tftp"), taken}, {QStringLiteral("policy"), freePort()}}, &calls);

        ServicesPanel panel(context);
        panel.show();
        panel.restore();
        QCOMPARE(calls, 1);
        panel.startAll();

        const QString failed = ServicesPanel::stateName(ServiceState::Failed);
        QTRY_VERIFY2(panel.stateText(QStringLiteral("tftp")).contains(failed),
                     qPrintable(panel.stateText(QStringLiteral("tftp"))));
        const QString reason = panel.reasonText(QStringLiteral("tftp"));
        QVERIFY2(reason.contains(QString::number(taken)), qPrintable(reason));
        QVERIFY2(reason.contains(QStringLiteral("already in use")), qPrintable(reason));
        // Our own process holds it, and the panel names it.
        QVERIFY2(reason.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())), qPrintable(reason));
        auto *reasonLabel = panel.findChild<QLabel *>(QStringLiteral("tftpReason"));
        QVERIFY(reasonLabel && reasonLabel->isVisible());

        QTRY_VERIFY(
            panel.stateText(QStringLiteral("policy")).contains(ServicesPanel::stateName(ServiceState::Running)));
        QVERIFY(panel.reasonText(QStringLiteral("policy")).isEmpty());

        // Free the port and start that one service again: it runs.
        squatter.close();
        panel.findChild<QPushButton *>(QStringLiteral("tftpToggle"))->click();
        QTRY_VERIFY(panel.stateText(QStringLiteral("tftp")).contains(ServicesPanel::stateName(ServiceState::Running)));

        // Stop one service; the other keeps running.
        panel.stopService(QStringLiteral("tftp"));
        QTRY_VERIFY(panel.stateText(QStringLiteral("tftp")).contains(ServicesPanel::stateName(ServiceState::Stopped)));
        QVERIFY(panel.stateText(QStringLiteral("policy")).contains(ServicesPanel::stateName(ServiceState::Running)));
        host.shutdown();
    }

    // Core's failure reasons (port taken and by whom, the setcap hint, a missing Debian package)
    // are English; the panel shows them in the user's language with the facts unchanged.
    void coreReasonsAreShownInJapanese()
    {
        QUdpSocket squatter;
        QVERIFY(squatter.bind(QHostAddress::LocalHost, 0));
        QString taken;
        UdpBindRequest request;
        request.address = QHostAddress::LocalHost;
        request.port = squatter.localPort();
        QVERIFY(!openUdpSocket(request, &taken));
        const QString pid = QString::number(QCoreApplication::applicationPid());
        const QString setcap =
            QStringLiteral("cannot bind UDP 0.0.0.0:69 on eth1: permission denied; ") + privilegedPortHint(69);
        const QString http =
            QStringLiteral("cannot listen for HTTP on 0.0.0.0:80: the port is taken by nginx (pid 812) "
                           "(ports below 1024 need privilege: setcap cap_net_bind_service=+ep "
                           "bootbench)");
        BootChainReport report;
        report.missing << BootChainFile{QStringLiteral("pxelinux.0"), QStringLiteral("/usr/lib/PXELINUX/pxelinux.0"),
                                        QStringLiteral("pxelinux"), QStringLiteral("phase 5 loader"), true};
        const BootEventBatch bootChain = report.toEvents();

        // Without a translation the text is core's own.
        for (const QString &english : {taken, setcap, http})
            QCOMPARE(ServiceErrorText::localized(english), english);

        QTranslator ja;
        QVERIFY(ja.load(QStringLiteral(BOOTBENCH_BINARY_DIR "/app/bootbench_ja")));
        QCoreApplication::installTranslator(&ja);
        const QString jaTaken = ServiceErrorText::localized(taken);
        QVERIFY2(jaTaken.contains(QStringLiteral("使用中")), qPrintable(jaTaken));
        QVERIFY2(jaTaken.contains(QString::number(request.port)) && jaTaken.contains(pid), qPrintable(jaTaken));
        QVERIFY2(jaTaken.contains(QCoreApplication::applicationName().left(15)), qPrintable(jaTaken));
        const QString jaSetcap = ServiceErrorText::localized(setcap);
        QVERIFY2(jaSetcap.contains(QStringLiteral("権限")), qPrintable(jaSetcap));
        QVERIFY2(jaSetcap.contains(QStringLiteral("sudo setcap cap_net_bind_service,cap_net_raw+ep ")),
                 qPrintable(jaSetcap));
        QVERIFY2(jaSetcap.contains(QStringLiteral("eth1")), qPrintable(jaSetcap));
        const QString jaHttp = ServiceErrorText::localized(http);
        QVERIFY2(jaHttp.contains(QStringLiteral("nginx")) && jaHttp.contains(QStringLiteral("812")),
                 qPrintable(jaHttp));
        QVERIFY2(jaHttp.contains(QStringLiteral("setcap cap_net_bind_service=+ep bootbench")), qPrintable(jaHttp));
        for (const QString &text : {jaTaken, jaSetcap, jaHttp}) {
            for (const char *english : {"already in use", "permission denied", "taken by", "needs privilege"})
                QVERIFY2(!text.contains(QLatin1String(english)), qPrintable(text));
        }

        // In the panel: a taken port in a service's row, a missing package under the services.
        EventStream events;
        ServiceHost host;
        int calls = 0;
        AppContext context;
        context.events = &events;
        context.host = &host;
        context.config.services = {QStringLiteral("tftp")};
        context.composeServices = composer({{QStringLiteral("tftp"), request.port}}, &calls);
        ServicesPanel panel(context);
        panel.show();
        panel.restore();
        panel.startAll();
        QTRY_VERIFY(panel.stateText(QStringLiteral("tftp")).contains(ServicesPanel::stateName(ServiceState::Failed)));
        const QString reason = panel.reasonText(QStringLiteral("tftp"));
        QVERIFY2(reason.contains(QStringLiteral("使用中")) && reason.contains(pid), qPrintable(reason));
        events.publish(bootChain);
        events.flush();
        QTRY_VERIFY(!panel.bootFilesText().isEmpty());
        const QString missing = panel.bootFilesText();
        QVERIFY2(missing.contains(QStringLiteral("apt-get install pxelinux")), qPrintable(missing));
        QVERIFY2(missing.contains(QStringLiteral("インストールされていません")), qPrintable(missing));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("bootFiles"))->isVisible());
        // A missing imaging environment is not only a log line either.
        BootChainReport noEnvironment;
        noEnvironment.warnings << QStringLiteral("the imaging environment is incomplete: boot/kernel, boot/initrd "
                                                 "missing in /srv/tftp (vendor imaging boots boot/kernel with "
                                                 "boot/initrd and boot/root; put them there)");
        events.publish(noEnvironment.toEvents());
        events.flush();
        QTRY_VERIFY(panel.bootFilesText().contains(QStringLiteral("/srv/tftp")));
        QVERIFY2(panel.bootFilesText().contains(QStringLiteral("イメージング環境")), qPrintable(panel.bootFilesText()));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("bootFiles"))->isVisible());
        // A later report with everything present clears it.
        BootChainReport complete;
        complete.copied << QStringLiteral("pxelinux.0");
        events.publish(complete.toEvents());
        events.flush();
        QTRY_VERIFY(panel.bootFilesText().isEmpty());
        host.shutdown();
        QCoreApplication::removeTranslator(&ja);
    }

    void variantAddsTheDhcpServerAndPersists()
    {
        EventStream events;
        int calls = 0;
        const QHash<QString, quint16> ports{{QStringLiteral("proxydhcp"), freePort()},
                                            {QStringLiteral("dhcp"), freePort()},
                                            {QStringLiteral("tftp"), freePort()},
                                            {QStringLiteral("policy"), freePort()}};
        {
            ServiceHost host;
            AppContext context;
            context.events = &events;
            context.host = &host;
            context.composeServices = composer(ports, &calls);
            ServicesPanel panel(context);
            panel.restore();
            QVERIFY(!panel.currentConfig().services.contains(QStringLiteral("dhcp")));
            panel.findChild<QLineEdit *>(QStringLiteral("rangeFirst"))->setText(QStringLiteral("192.0.2.100"));
            panel.findChild<QLineEdit *>(QStringLiteral("rangeLast"))->setText(QStringLiteral("192.0.2.150"));
            panel.findChild<QRadioButton *>(QStringLiteral("variantServer"))->click();
            const ServiceConfig config = panel.currentConfig();
            QCOMPARE(config.dhcpMode, DhcpMode::Server);
            QVERIFY(config.services.contains(QStringLiteral("dhcp")));
            QCOMPARE(config.rangeFirst, QHostAddress(QStringLiteral("192.0.2.100")));
            QVERIFY(host.serviceNames().contains(QStringLiteral("dhcp")));
            panel.startService(QStringLiteral("tftp"));
            QTRY_VERIFY(
                panel.stateText(QStringLiteral("tftp")).contains(ServicesPanel::stateName(ServiceState::Running)));
        }
        // Next start: same choices, and the service that ran runs again.
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        context.composeServices = composer(ports, &calls);
        ServicesPanel panel(context);
        panel.restore();
        QCOMPARE(panel.currentConfig().dhcpMode, DhcpMode::Server);
        QCOMPARE(panel.currentConfig().rangeLast, QHostAddress(QStringLiteral("192.0.2.150")));
        QTRY_COMPARE(host.status(QStringLiteral("tftp")).state, ServiceState::Running);
        QCOMPARE(host.status(QStringLiteral("policy")).state, ServiceState::Stopped);
        host.shutdown();
    }

    // Choosing the DHCP server before typing its pool: the pool says what is missing where it is
    // typed, in the user's words; proxy DHCP, TFTP and policy keep running; once the pool is
    // usable the DHCP server starts too (phase 1 was meant to run).
    void missingPoolLeavesTheOtherServicesRunning()
    {
        EventStream events;
        int calls = 0;
        const QHash<QString, quint16> ports{{QStringLiteral("proxydhcp"), freePort()},
                                            {QStringLiteral("dhcp"), freePort()},
                                            {QStringLiteral("tftp"), freePort()},
                                            {QStringLiteral("policy"), freePort()}};
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        context.composeServices = composer(ports, &calls);
        ServicesPanel panel(context);
        int asked = 0;
        panel.setConfirm([&](QWidget *, const QString &, const QString &) { return ++asked > 0; });
        panel.restore();
        panel.startAll();
        const QString running = ServicesPanel::stateName(ServiceState::Running);
        for (const char *name : {"proxydhcp", "tftp", "policy"})
            QTRY_COMPARE(host.status(QLatin1String(name)).state, ServiceState::Running);
        QVERIFY(panel.poolErrorText().isEmpty());

        panel.findChild<QRadioButton *>(QStringLiteral("variantServer"))->click();
        QCOMPARE(asked, 1); // the running services move to the other variant
        QCOMPARE(panel.poolErrorText(), ServicesPanel::poolProblemText(int(PoolProblem::Missing)));
        QVERIFY(!host.serviceNames().contains(QStringLiteral("dhcp")));
        QVERIFY2(panel.bannerText().isEmpty() || !panel.bannerText().contains(QStringLiteral("--dhcp-range")),
                 qPrintable(panel.bannerText()));
        for (const char *name : {"proxydhcp", "tftp", "policy"}) {
            QTRY_COMPARE(host.status(QLatin1String(name)).state, ServiceState::Running);
            QTRY_VERIFY(panel.stateText(QLatin1String(name)).contains(running));
        }
        QVERIFY2(panel.reasonText(QStringLiteral("dhcp")).contains(QStringLiteral("address pool")),
                 qPrintable(panel.reasonText(QStringLiteral("dhcp"))));

        // Typed wrong, then right: checked as typed.
        auto *first = panel.findChild<QLineEdit *>(QStringLiteral("rangeFirst"));
        auto *last = panel.findChild<QLineEdit *>(QStringLiteral("rangeLast"));
        first->setFocus();
        QTest::keyClicks(first, QStringLiteral("192.0.2.150"));
        QTest::keyClicks(last, QStringLiteral("192.0.2.100"));
        QCOMPARE(panel.poolErrorText(), ServicesPanel::poolProblemText(int(PoolProblem::Reversed)));
        first->clear();
        QTest::keyClicks(first, QStringLiteral("192.0.2.50"));
        QVERIFY(panel.poolErrorText().isEmpty());
        emit last->editingFinished();
        QVERIFY(host.serviceNames().contains(QStringLiteral("dhcp")));
        for (const char *name : {"proxydhcp", "dhcp", "tftp", "policy"})
            QTRY_COMPARE(host.status(QLatin1String(name)).state, ServiceState::Running);
        host.shutdown();
    }

    // Running services do not move to another variant (or interface) without asking; "no" puts
    // the choice back and leaves them running as they were.
    void askBeforeMovingRunningServices()
    {
        EventStream events;
        int calls = 0;
        const QHash<QString, quint16> ports{{QStringLiteral("proxydhcp"), freePort()},
                                            {QStringLiteral("dhcp"), freePort()},
                                            {QStringLiteral("tftp"), freePort()},
                                            {QStringLiteral("policy"), freePort()}};
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        context.composeServices = composer(ports, &calls);
        ServicesPanel panel(context);
        QStringList questions;
        bool agree = false;
        panel.setConfirm([&](QWidget *, const QString &, const QString &text) {
            questions << text;
            return agree;
        });
        panel.restore();
        auto *server = panel.findChild<QRadioButton *>(QStringLiteral("variantServer"));
        auto *proxy = panel.findChild<QRadioButton *>(QStringLiteral("variantProxy"));
        // Not running: no question.
        server->click();
        proxy->click();
        QVERIFY(questions.isEmpty());
        panel.startAll();
        QTRY_COMPARE(host.status(QStringLiteral("tftp")).state, ServiceState::Running);
        const int composed = calls;
        server->click();
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.first().contains(server->text()), qPrintable(questions.first()));
        QVERIFY(proxy->isChecked());
        QCOMPARE(panel.currentConfig().dhcpMode, DhcpMode::Proxy);
        QCOMPARE(calls, composed);
        QCOMPARE(host.status(QStringLiteral("tftp")).state, ServiceState::Running);
        agree = true;
        server->click();
        QCOMPARE(questions.size(), 2);
        QVERIFY(server->isChecked());
        QVERIFY(calls > composed);
        host.shutdown();
    }

    // Each service row says its ports (policy its HTTP port too) and explains its state on hover.
    void rowsShowPortsAndStateTooltips()
    {
        ServiceHost host;
        AppContext context;
        context.host = &host;
        context.config.httpPort = 8089;
        context.config.tftpPort = 6969;
        ServicesPanel panel(context);
        panel.restore();
        QCOMPARE(panel.rowNameText(QStringLiteral("policy")),
                 ServicesPanel::rowName(QStringLiteral("policy"), context.config));
        QVERIFY2(panel.rowNameText(QStringLiteral("policy")).contains(QStringLiteral("8089")),
                 qPrintable(panel.rowNameText(QStringLiteral("policy"))));
        QVERIFY(panel.rowNameText(QStringLiteral("tftp")).contains(QStringLiteral("6969")));
        QVERIFY(panel.rowNameText(QStringLiteral("proxydhcp")).contains(QStringLiteral("4011")));
        for (const char *name : {"proxydhcp", "tftp", "policy"})
            QCOMPARE(panel.stateToolTipText(QLatin1String(name)), ServicesPanel::stateToolTip(ServiceState::Stopped));
        QVERIFY(!ServicesPanel::stateToolTip(ServiceState::Failed).isEmpty());
    }

    // The placeholders of the pool come from the chosen interface's network.
    void poolPlaceholdersFollowTheInterface()
    {
        ServiceHost host;
        AppContext context;
        context.host = &host;
        ServicesPanel panel(context);
        panel.restore();
        auto *first = panel.findChild<QLineEdit *>(QStringLiteral("rangeFirst"));
        QCOMPARE(first->placeholderText(), QStringLiteral("192.0.2.100"));
        auto *picker = panel.findChild<QComboBox *>(QStringLiteral("interfacePicker"));
        for (int i = 1; i < picker->count(); ++i) {
            const QHostAddress address(picker->itemData(i, Qt::UserRole + 1).toString());
            if (address.protocol() != QAbstractSocket::IPv4Protocol || address.isLoopback())
                continue;
            picker->setCurrentIndex(i);
            emit picker->activated(i);
            QCOMPARE(first->placeholderText(), suggestedPool(address).first);
            QVERIFY(first->placeholderText().startsWith(address.toString().section(QLatin1Char('.'), 0, 2)));
            break;
        }
    }

    void routerAdvertisementsSwitchPersistsAndTheCommandLineWins()
    {
        EventStream events;
        int calls = 0;
        const QHash<QString, quint16> ports{{QStringLiteral("proxydhcp"), freePort()},
                                            {QStringLiteral("dhcp"), freePort()},
                                            {QStringLiteral("tftp"), freePort()},
                                            {QStringLiteral("policy"), freePort()}};
        {
            ServiceHost host;
            AppContext context;
            context.events = &events;
            context.host = &host;
            context.composeServices = composer(ports, &calls);
            ServicesPanel panel(context);
            panel.restore();
            auto *box = panel.findChild<QCheckBox *>(QStringLiteral("routerAdvertisements"));
            QVERIFY(box);
            QVERIFY(box->isChecked());
            QVERIFY(!box->isEnabled()); // proxy only: no DHCP server to answer
            QVERIFY(panel.currentConfig().routerAdvertisements);
            panel.findChild<QLineEdit *>(QStringLiteral("rangeFirst"))->setText(QStringLiteral("192.0.2.100"));
            panel.findChild<QLineEdit *>(QStringLiteral("rangeLast"))->setText(QStringLiteral("192.0.2.150"));
            panel.findChild<QRadioButton *>(QStringLiteral("variantServer"))->click();
            QVERIFY(box->isEnabled());
            const int before = calls;
            box->click();
            QVERIFY(!panel.currentConfig().routerAdvertisements);
            QVERIFY2(calls > before, "the services were not recomposed with the new setting");
            host.shutdown();
        }
        {
            // Next start: still off.
            ServiceHost host;
            AppContext context;
            context.events = &events;
            context.host = &host;
            context.composeServices = composer(ports, &calls);
            ServicesPanel panel(context);
            panel.restore();
            QVERIFY(!panel.findChild<QCheckBox *>(QStringLiteral("routerAdvertisements"))->isChecked());
            QVERIFY(!panel.currentConfig().routerAdvertisements);
            host.shutdown();
        }
        // Saved on, switched off on the command line: off.
        QSettings().setValue(QStringLiteral("services/routerAdvertisements"), true);
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        context.composeServices = composer(ports, &calls);
        context.config.routerAdvertisements = false;
        ServicesPanel panel(context);
        panel.restore();
        QVERIFY(!panel.currentConfig().routerAdvertisements);
        host.shutdown();
    }

    void compositionFailureIsShown()
    {
        EventStream events;
        ServiceHost host;
        AppContext context;
        context.events = &events;
        context.host = &host;
        context.composeServices = [](const ServiceConfig &, EventStream *, ServiceHost *, QString *error) {
            *error = QStringLiteral("the tftp service is not available in this build");
            return false;
        };
        ServicesPanel panel(context);
        panel.restore();
        QVERIFY2(panel.bannerText().contains(QStringLiteral("not available in this build")),
                 qPrintable(panel.bannerText()));
    }

    void uplinkIsMarked()
    {
        InterfaceInfo info;
        info.name = QStringLiteral("eth0");
        info.ipv4 << QHostAddress(QStringLiteral("198.51.100.7"));
        info.running = true;
        info.holdsDefaultRoute = true;
        const QString label = ServicesPanel::interfaceLabel(info);
        QVERIFY2(label.contains(QStringLiteral("your uplink — not recommended")), qPrintable(label));
        QVERIFY(label.contains(QStringLiteral("198.51.100.7")));
        info.holdsDefaultRoute = false;
        QVERIFY(!ServicesPanel::interfaceLabel(info).contains(QStringLiteral("uplink")));
    }
};

QTEST_MAIN(TestServicesPanel)
#include "tst_servicespanel.moc"
