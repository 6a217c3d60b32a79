// The signed GRUB chain without a VM: the GRUB configurations (core/policy/grubconfig), the
// virtual TFTP names GRUB asks for, and the policy service answering them (GrubTftpFiles) and
// serving the boot files over HTTP for UEFI HTTP boot (BootFileRoutes).
#include "tst_policyfixture.h"

#include "menu/menuparser.h"
#include "menu/menupassword.h"
#include "policy/grubconfig.h"
#include "policy/grubtftpfiles.h"
#include "policy/policydecider.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/settingsrepository.h"

#include <QFile>
#include <QTest>

using namespace bootbench;

namespace {

const QString kMac = QStringLiteral("52:54:00:12:34:56");

QString shippedMenu()
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/resources/default/pxemenu.txt"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestGrubConfig : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::PolicyFixture> m_fx;

    // What GRUB reads for a virtual TFTP name, through the running policy service.
    QString grubReads(const QString &name)
    {
        const auto content = m_fx->service->tftpFiles()->fileFor(name, QHostAddress(QHostAddress::LocalHost));
        return content ? QString::fromUtf8(*content) : QStringLiteral("<not found>");
    }

    void startPolicy()
    {
        m_fx = std::make_unique<test::PolicyFixture>();
        QString error;
        QVERIFY2(m_fx->openStore(&error), qPrintable(error));
        ServiceConfig config = m_fx->loopbackConfig();
        config.policy.kernelParams = QStringLiteral("console=ttyS0");
        QVERIFY(SettingsRepository(*m_fx->store).setMenuText(shippedMenu(), &error));
        QVERIFY2(m_fx->startService(config), qPrintable(m_fx->service->status().reason));
    }

    void setMenu(MenuMode mode, const QString &passwordHash = {})
    {
        MenuSettings s;
        s.mode = mode;
        s.timeoutSeconds = 4;
        s.passwordHash = passwordHash;
        QString error;
        QVERIFY2(SettingsRepository(*m_fx->store).setMenuSettings(s, &error), qPrintable(error));
    }

private slots:
    void cleanup() { m_fx.reset(); }

    void handoffAsksWithTheMac()
    {
        const QString cfg = GrubConfig::handoff();
        QVERIFY2(cfg.contains(QStringLiteral("configfile $prefix/bootbench/$net_default_mac/hello.cfg\n")),
                 qPrintable(cfg));
        // No network card, or no answer: back to the firmware after a message.
        QVERIFY(cfg.contains(QStringLiteral("if [ -z \"$net_default_mac\" ]; then\n")));
        QVERIFY(cfg.endsWith(QStringLiteral("sleep 10\nexit\n")));
    }

    void namesRoundTrip()
    {
        const QString path = GrubConfig::routePath(
            kMac, QStringLiteral("choice"),
            {{QStringLiteral("ticket"), QStringLiteral("abc 1/2")}, {QStringLiteral("item"), QStringLiteral("start")}});
        QCOMPARE(path, QStringLiteral("$prefix/bootbench/52:54:00:12:34:56/choice/item=start/ticket=abc%201%2F2.cfg"));
        // What the TFTP service hands the provider: relative to the root, prefix "grub/".
        const auto parsed = GrubConfig::parse(QString(path).replace(QStringLiteral("$prefix"), QStringLiteral("grub")));
        QVERIFY(parsed);
        QCOMPARE(parsed->route, QStringLiteral("choice"));
        QCOMPARE(parsed->params.value(QStringLiteral("mac")), kMac);
        QCOMPARE(parsed->params.value(QStringLiteral("ticket")), QStringLiteral("abc 1/2"));
        QCOMPARE(parsed->params.value(QStringLiteral("item")), QStringLiteral("start"));
        // Not ours: other files, an unknown route, a bad MAC.
        for (const char *name :
             {"grub/x86_64-efi/grub.cfg", "grub/bootbench/52:54:00:12:34:56/format.cfg", "grub/bootbench/nope/work.cfg",
              "bootbench/52:54:00:12:34:56/work.cfg", "grub/bootbench/52:54:00:12:34:56/work/noequals.cfg"})
            QVERIFY2(!GrubConfig::parse(QLatin1String(name)), name);
        const auto request =
            GrubTftpFiles::requestFor(QStringLiteral("grub/bootbench/52:54:00:12:34:56/work/via=menu-escape.cfg"),
                                      QHostAddress(QStringLiteral("10.77.0.50")));
        QVERIFY(request);
        QCOMPARE(request->path, QStringLiteral("/grub/work"));
        QCOMPARE(request->queryValue(QStringLiteral("mac")), kMac);
        QCOMPARE(request->queryValue(QStringLiteral("via")), QStringLiteral("menu-escape"));
        QCOMPARE(request->queryValue(QStringLiteral("platform")), QStringLiteral("efi"));
        QCOMPARE(request->peer, QHostAddress(QStringLiteral("10.77.0.50")));
    }

    void menuSettingsModes()
    {
        MenuDecision d;
        d.mode = MenuMode::Never;
        QCOMPARE(GrubConfig::menuSettings(kMac, d).section(QLatin1Char('\n'), 1),
                 QStringLiteral("configfile $prefix/bootbench/52:54:00:12:34:56/work.cfg\n"));
        d.mode = MenuMode::Always;
        QCOMPARE(GrubConfig::menuSettings(kMac, d).section(QLatin1Char('\n'), 1),
                 QStringLiteral("configfile $prefix/bootbench/52:54:00:12:34:56/menu.cfg\n"
                                "configfile $prefix/bootbench/52:54:00:12:34:56/work/via=menu-escape.cfg\n"));
        d.mode = MenuMode::Hotkey;
        d.promptSeconds = 3;
        QCOMPARE(GrubConfig::menuSettings(kMac, d).section(QLatin1Char('\n'), 1),
                 QStringLiteral("echo 'Press Esc within 3 s for the Preboot Menu...'\n"
                                "if sleep --interruptible 3; then\n"
                                "  configfile $prefix/bootbench/52:54:00:12:34:56/work.cfg\n"
                                "else\n"
                                "  configfile $prefix/bootbench/52:54:00:12:34:56/menu.cfg\n"
                                "  configfile $prefix/bootbench/52:54:00:12:34:56/work/via=menu-escape.cfg\n"
                                "fi\n"));
    }

    void menuFromPxemenu()
    {
        const MenuParseResult parsed = MenuParser::parse(shippedMenu());
        QVERIFY(!parsed.hasErrors());
        const QString cfg = GrubConfig::menu(kMac, parsed.menu, QStringLiteral("T1"));
        const QString choice = QStringLiteral("$prefix/bootbench/52:54:00:12:34:56/choice/item=%1/ticket=T1.cfg");
        QVERIFY2(cfg.contains(QStringLiteral("set timeout=30\nset timeout_style=menu\nset default='i_exit'\n")),
                 qPrintable(cfg));
        QVERIFY2(cfg.contains(QStringLiteral("menuentry 'Start imaging' --id 'i_start' {\n  configfile %1\n}\n")
                                  .arg(choice.arg(QStringLiteral("start")))),
                 qPrintable(cfg));
        QVERIFY(cfg.contains(QStringLiteral("menuentry 'Exit (boot the local disk)' --id 'i_exit' {\n")));
        // The submenu is a GRUB submenu with its own entries; "back" shows the main menu again.
        QVERIFY2(cfg.contains(QStringLiteral("submenu 'Reboot or power off...' --id 'i_power' {\n"
                                             "  set timeout=-1\n"
                                             "  set timeout_style=menu\n"
                                             "  set default='i_reboot'\n"
                                             "  menuentry 'Reboot' --id 'i_reboot' {\n"
                                             "    configfile %1\n"
                                             "  }\n")
                                  .arg(choice.arg(QStringLiteral("reboot")))),
                 qPrintable(cfg));
        QVERIFY(cfg.contains(QStringLiteral("  menuentry 'Back to the main menu' --id 'i_back' {\n"
                                            "    configfile $prefix/bootbench/52:54:00:12:34:56/menu.cfg\n")));
        int entries = 0;
        for (const MenuPage &p : parsed.menu.pages)
            entries +=
                int(std::count_if(p.items.cbegin(), p.items.cend(), [](const MenuItem &i) { return !i.separator; }));
        QCOMPARE(cfg.count(QStringLiteral("menuentry ")) + cfg.count(QStringLiteral("submenu ")), entries);
    }

    void textIsQuotedNotExpanded()
    {
        QCOMPARE(GrubConfig::quote(QStringLiteral("it's $prefix;\n{x}")), QStringLiteral("'it'\\''s $prefix; {x}'"));
        Menu menu;
        MenuPage page;
        page.id = Menu::mainId();
        page.items << MenuItem::entry(QStringLiteral("a"), QStringLiteral("Bob's ${evil}"),
                                      MenuAction::Type::LocalBoot);
        page.items.last().key = QStringLiteral("b");
        menu.pages << page;
        QVERIFY(GrubConfig::menu(kMac, menu, QStringLiteral("t"))
                    .contains(QStringLiteral("menuentry 'Bob'\\''s ${evil}' --id 'i_a' --hotkey='b' {")));
    }

    void kernelWithTheSameCommandLine()
    {
        const QString cfg = GrubConfig::bootKernel(QStringLiteral("bootbench.server=http://10.77.0.1:8080 "
                                                                  "bootbench.mode=work BOOTIF=01-52-54-00-12-34-56"),
                                                   QStringLiteral("Bootbench: imaging work"));
        QVERIFY2(cfg.contains(QStringLiteral("echo 'Bootbench: imaging work'\n"
                                             "linux /boot/kernel 'bootbench.server=http://10.77.0.1:8080' "
                                             "'bootbench.mode=work' 'BOOTIF=01-52-54-00-12-34-56'\n"
                                             "initrd /boot/initrd /boot/root\n"
                                             "boot\n")),
                 qPrintable(cfg));
        QVERIFY(cfg.endsWith(QStringLiteral("sleep 10\nexit\n")));
        QCOMPARE(GrubConfig::localBoot(QStringLiteral("bye")).section(QLatin1Char('\n'), 1),
                 QStringLiteral("echo 'bye'\nexit\n"));
    }

    // The policy service answers GRUB's TFTP names like iPXE's HTTP requests.
    void policyServiceAnswersGrub()
    {
        startPolicy();
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(grubReads(QStringLiteral("grub/grub.cfg")), GrubConfig::handoff());
        QCOMPARE(grubReads(QStringLiteral("grub/x86_64-efi/grub.cfg")), QStringLiteral("<not found>"));

        setMenu(MenuMode::Never);
        QString cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/hello.cfg"));
        QVERIFY2(cfg.contains(QStringLiteral("configfile $prefix/bootbench/52:54:00:12:34:56/work.cfg")),
                 qPrintable(cfg));
        const auto identity = m_fx->eventsOf(QStringLiteral("identity-reported")).value(0);
        QVERIFY2(identity.detail.contains(QStringLiteral("bootstrap=signed shim + GRUB")), qPrintable(identity.detail));
        QVERIFY(!m_fx->eventsOf(QStringLiteral("device-registered")).isEmpty());

        // No work: back to the firmware.
        cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/work.cfg"));
        QVERIFY2(cfg.endsWith(QStringLiteral("exit\n")) && cfg.contains(QStringLiteral("no imaging work")),
                 qPrintable(cfg));
        QCOMPARE(m_fx->eventsOf(QStringLiteral("work-answer")).value(0).outcome, Outcome::LocalBoot);

        // A once assignment: the signed kernel with the iPXE path's command line.
        Bundle b;
        b.name = QStringLiteral("restore-lab");
        b.kind = BundleKind::ImageRestore;
        b.kernelParams = QStringLiteral("quiet");
        QString error;
        QVERIFY2(BundleRepository(*m_fx->store).add(b, &error), qPrintable(error));
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, b.name, false, &error), qPrintable(error));
        cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/work.cfg"));
        QVERIFY2(cfg.contains(QStringLiteral("linux /boot/kernel 'bootbench.server=%1' 'bootbench.mac=%2' "
                                             "'bootbench.token=%3' 'bootbench.mode=work' 'console=ttyS0' 'quiet' "
                                             "'BOOTIF=01-52-54-00-12-34-56'\n"
                                             "initrd /boot/initrd /boot/root\nboot\n")
                                  .arg(m_fx->base(), kMac, m_fx->token(kMac))),
                 qPrintable(cfg));
        const auto answers = m_fx->eventsOf(QStringLiteral("work-answer"), 2);
        QVERIFY2(answers.size() == 2 && answers[1].detail.contains(QStringLiteral("signed chain")),
                 qPrintable(answers.value(1).detail));

        // The menu forced on: pxemenu.txt's entries; a choice goes through the ticket.
        setMenu(MenuMode::Always);
        cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/hello.cfg"));
        QVERIFY(cfg.contains(QStringLiteral("/menu.cfg\n")));
        cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/menu.cfg"));
        QVERIFY2(cfg.contains(QStringLiteral("menuentry 'Start imaging'")), qPrintable(cfg));
        QVERIFY(!m_fx->eventsOf(QStringLiteral("menu-shown")).isEmpty());
        const qsizetype at = cfg.indexOf(QStringLiteral("/choice/item=exit/ticket="));
        QVERIFY(at > 0);
        const QString ticket = cfg.mid(at + 25, cfg.indexOf(QStringLiteral(".cfg"), at) - at - 25);
        cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/choice/item=exit/ticket=%1.cfg").arg(ticket));
        QVERIFY2(cfg.endsWith(QStringLiteral("exit\n")), qPrintable(cfg));
        QCOMPARE(m_fx->eventsOf(QStringLiteral("menu-exit")).value(0).outcome, Outcome::LocalBoot);
        // A forged ticket: the menu again after a message.
        cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/choice/item=exit/ticket=forged.cfg"));
        QVERIFY2(cfg.contains(QStringLiteral("configfile $prefix/bootbench/52:54:00:12:34:56/menu.cfg")),
                 qPrintable(cfg));

        // A password-protected menu is not shown by the signed chain: straight to the work query.
        setMenu(MenuMode::Always, MenuPassword::hash(QStringLiteral("secret"), MenuPassword::kMinIterations));
        cfg = grubReads(QStringLiteral("grub/bootbench/52:54:00:12:34:56/menu.cfg"));
        QVERIFY2(cfg.contains(QStringLiteral("linux /boot/kernel")), qPrintable(cfg));
        QVERIFY(!m_fx->eventsOf(QStringLiteral("menu-password-unsupported")).isEmpty());
    }

    void bootFilesOverHttp()
    {
        startPolicy();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(QDir().mkpath(m_fx->dir.filePath(QStringLiteral("tftp"))));
        QFile shim(m_fx->dir.filePath(QStringLiteral("tftp/shimx64.efi")));
        QVERIFY(shim.open(QIODevice::WriteOnly));
        const QByteArray content = QByteArray("MZ") + QByteArray(300000, 'x');
        shim.write(content);
        shim.close();
        test::Reply r = m_fx->request("GET", QStringLiteral("/boot-files/shimx64.efi"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, content);
        // UEFI HTTP boot asks for the size first.
        QNetworkReply *head = m_fx->net.head(QNetworkRequest(QUrl(m_fx->base() + "/boot-files/SHIMX64.EFI")));
        QSignalSpy done(head, &QNetworkReply::finished);
        QVERIFY(head->isFinished() || done.wait(10000));
        QCOMPARE(head->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(head->header(QNetworkRequest::ContentLengthHeader).toLongLong(), qint64(content.size()));
        QVERIFY(head->readAll().isEmpty());
        head->deleteLater();
        QCOMPARE(m_fx->request("GET", QStringLiteral("/boot-files/grubx64.efi")).status, 404);
        QCOMPARE(m_fx->request("GET", QStringLiteral("/boot-files/../bootbench.db")).status / 100, 4);
        QCOMPARE(m_fx->request("PUT", QStringLiteral("/boot-files/shimx64.efi"), "x").status, 405);
    }
};

QTEST_GUILESS_MAIN(TestGrubConfig)
#include "tst_grubconfig.moc"
