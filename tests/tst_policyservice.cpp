// The policy service over real HTTP on loopback: what iPXE and the imaging engine see.
#include "tst_policyfixture.h"

#include "menu/menupassword.h"
#include "policy/configfile.h"
#include "policy/devicetoken.h"
#include "policy/policyservice.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/rulerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace bootbench;
using bootbench::test::Reply;

namespace {

const QString kMac = QStringLiteral("52:54:00:12:34:56");
const QString kHyp = QStringLiteral("52-54-00-12-34-56");

} // namespace

class TestPolicyService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::PolicyFixture> m_fx;
    ServiceConfig m_config;

    bool startService(const ServiceConfig &config) { return m_fx->startService(config); }
    QString base() const { return m_fx->base(); }
    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {}, const QString &token = {})
    {
        return m_fx->request(method, path, body, token);
    }
    Reply get(const QString &path) { return request("GET", path); }
    QString token(const QString &mac = kMac) const { return m_fx->token(mac); }
    QString hello(const QString &extra = QStringLiteral("&serial=To%20be%20filled%20by%20O.E.M.&asset=LAB-042"))
    {
        return get(QStringLiteral("/ipxe/hello?mac=%1&uuid=00000000-0000-0000-0000-000000000000&manufacturer=QEMU"
                                  "&product=Standard%20PC%20(i440FX%20+%20PIIX,%201996)&platform=pcbios"
                                  "&buildarch=i386&memsize=2048&ip=10.0.2.15&chip=virtio-net%2")
                       .arg(kHyp, extra))
            .text();
    }

    // Events the service published so far with this kind (waits up to 2 s for the first).
    QList<BootEvent> events(const QString &kind, int atLeast = 1) { return m_fx->eventsOf(kind, atLeast); }

    void addBundle(const QString &name, BundleKind kind, const QString &kernelParams = {})
    {
        Bundle b;
        b.name = name;
        b.kind = kind;
        b.kernelParams = kernelParams;
        QString error;
        QVERIFY2(BundleRepository(*m_fx->store).add(b, &error), qPrintable(error));
    }

    void assign(const QString &bundleName, bool persistent)
    {
        QString error;
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, bundleName, persistent, &error), qPrintable(error));
    }

    std::optional<Assignment> assignment()
    {
        QString error;
        return AssignmentRepository(*m_fx->store).forDevice(kMac, &error);
    }

    QString configFileOnDisk(const QString &name)
    {
        QFile f(m_fx->dir.filePath(QStringLiteral("tftp/") + ConfigFile::devicePath(kMac, name)));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private slots:
    void init()
    {
        m_fx = std::make_unique<test::PolicyFixture>();
        QString error;
        QVERIFY2(m_fx->openStore(&error), qPrintable(error));
        m_config = m_fx->loopbackConfig();
        m_config.policy.kernelParams = QStringLiteral("console=ttyS0");
        QFile menu(QStringLiteral(BOOTBENCH_SOURCE_DIR "/resources/default/pxemenu.txt"));
        QVERIFY(menu.open(QIODevice::ReadOnly));
        QVERIFY(SettingsRepository(*m_fx->store).setMenuText(QString::fromUtf8(menu.readAll()), &error));
        QVERIFY2(startService(m_config), qPrintable(m_fx->service->status().reason));
    }

    void cleanup() { m_fx.reset(); }

    void firstScriptAsksForIdentity()
    {
        const Reply r = get(QStringLiteral("/boot.ipxe"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.text().startsWith(QStringLiteral("#!ipxe\n")));
        for (const char *setting :
             {"${netX/mac:hexhyp}", "${uuid}", "${serial:uristring}", "${manufacturer:uristring}",
              "${product:uristring}", "${asset:uristring}", "${platform}", "${buildarch}", "${memsize}"})
            QVERIFY2(r.text().contains(QLatin1String(setting)), setting);
        QVERIFY(r.text().contains(base() + QStringLiteral("/ipxe/hello?")));
    }

    void helloRegistersUnknownDevice()
    {
        const QString script = hello();
        QVERIFY2(script.contains(QStringLiteral("prompt --timeout 3000")), qPrintable(script)); // hotkey default
        QString error;
        const auto d = DeviceRepository(*m_fx->store).find(kMac, &error);
        QVERIFY(d);
        QCOMPARE(d->name, QStringLiteral("pxe-LAB-042")); // placeholder serial skipped
        QCOMPARE(d->manufacturer, QStringLiteral("QEMU"));
        QCOMPARE(d->model, QStringLiteral("Standard PC (i440FX + PIIX, 1996)"));
        QCOMPARE(d->uuid, QString()); // all zeros is no UUID
        QCOMPARE(d->architecture, QStringLiteral("bios"));
        QCOMPARE(d->ramMb, 2048);
        const auto identity = events(QStringLiteral("identity-reported"));
        QCOMPARE(identity.size(), 1);
        QCOMPARE(identity[0].phase, Phase::MenuSettings);
        QCOMPARE(identity[0].mac, kMac);
        QCOMPARE(identity[0].service, QStringLiteral("policy"));
        QCOMPARE(events(QStringLiteral("device-registered")).size(), 1);
        QCOMPARE(events(QStringLiteral("menu-settings")).value(0).phase, Phase::MenuSettings);
        // A known device is not registered twice, and keeps its name.
        hello(QStringLiteral("&serial=PF3ABC12"));
        QCOMPARE(events(QStringLiteral("identity-reported"), 2).size(), 2);
        QCOMPARE(events(QStringLiteral("device-registered")).size(), 1);
        QCOMPARE(DeviceRepository(*m_fx->store).find(kMac, &error)->name, QStringLiteral("pxe-LAB-042"));
        QCOMPARE(DeviceRepository(*m_fx->store).find(kMac, &error)->serial, QStringLiteral("PF3ABC12"));
    }

    void menuSettingsFollowTheStoreWithoutRestart()
    {
        hello();
        QString error;
        MenuSettings s;
        s.mode = MenuMode::Never;
        QVERIFY(SettingsRepository(*m_fx->store).setMenuSettings(s, &error));
        QString script = hello();
        QVERIFY2(!script.contains(QStringLiteral("prompt")) && script.contains(QStringLiteral("/ipxe/work?")),
                 qPrintable(script));
        Device d = *DeviceRepository(*m_fx->store).find(kMac, &error);
        d.hasMenuOverride = true;
        d.menuOverride = MenuMode::Always;
        QVERIFY(DeviceRepository(*m_fx->store).update(d, &error));
        script = hello();
        QVERIFY2(script.contains(QStringLiteral("/ipxe/menu?")) && !script.contains(QStringLiteral("/ipxe/work?")),
                 qPrintable(script));
        QVERIFY(events(QStringLiteral("menu-settings"), 3).last().detail.contains(QStringLiteral("this device")));
    }

    void noWorkBootsLocally()
    {
        hello();
        const Reply r = get(QStringLiteral("/ipxe/work?mac=%1&platform=pcbios").arg(kHyp));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.text().endsWith(QStringLiteral("\nexit\n")), qPrintable(r.text()));
        QVERIFY(!r.text().contains(QStringLiteral("pxelinux")));
        const auto answer = events(QStringLiteral("work-answer")).value(0);
        QCOMPARE(answer.phase, Phase::WorkQuery);
        QCOMPARE(answer.outcome, Outcome::LocalBoot);
        QVERIFY(answer.detail.contains(QStringLiteral("no assignment")));
        QVERIFY(configFileOnDisk(QStringLiteral("z_auto.cfg")).isEmpty());
    }

    void sanbootExitMethod()
    {
        ServiceConfig c = m_config;
        c.policy.exitMethod = ExitMethod::Sanboot;
        QVERIFY(startService(c));
        const Reply r = get(QStringLiteral("/ipxe/work?mac=%1").arg(kHyp));
        QVERIFY2(r.text().contains(QStringLiteral("sanboot --no-describe --drive 0x80")), qPrintable(r.text()));
    }

    void onceAssignmentRunsOnceThroughTheEngine()
    {
        hello();
        addBundle(QStringLiteral("restore-lab"), BundleKind::ImageRestore, QStringLiteral("quiet"));
        assign(QStringLiteral("restore-lab"), false);
        Reply r = get(QStringLiteral("/ipxe/work?mac=%1&platform=pcbios").arg(kHyp));
        QVERIFY2(r.text().contains(QStringLiteral("set 209:string bootbench/01-52-54-00-12-34-56/z_auto.cfg\n"
                                                  "set 210:string tftp://127.0.0.1/\n"
                                                  "chain --replace tftp://127.0.0.1/pxelinux.0")),
                 qPrintable(r.text()));
        const auto answer = events(QStringLiteral("work-answer")).value(0);
        QCOMPARE(answer.phase, Phase::WorkQuery);
        QCOMPARE(answer.outcome, Outcome::None);
        QVERIFY(answer.detail.contains(QStringLiteral("restore-lab")));
        const QString cfg = configFileOnDisk(QStringLiteral("z_auto.cfg"));
        QVERIFY2(cfg.contains(QStringLiteral("bootbench.token=") + token()), qPrintable(cfg));
        QVERIFY(cfg.contains(QStringLiteral("bootbench.server=") + base()));
        QVERIFY(cfg.contains(QStringLiteral("console=ttyS0 quiet")));
        // UEFI: iPXE loads the kernel and both initrds itself, with the same command line.
        r = get(QStringLiteral("/ipxe/work?mac=%1&platform=efi").arg(kHyp));
        QVERIFY2(r.text().contains(QStringLiteral("kernel tftp://127.0.0.1/boot/kernel initrd=initrd initrd=root "
                                                  "bootbench.server=%1 bootbench.mac=52:54:00:12:34:56 "
                                                  "bootbench.token=%2 bootbench.mode=work console=ttyS0 quiet "
                                                  "BOOTIF=01-52-54-00-12-34-56 || goto failed\n")
                                       .arg(base(), token())) &&
                     r.text().contains(QStringLiteral("initrd --name root tftp://127.0.0.1/boot/root")),
                 qPrintable(r.text()));

        // Phase 8: the engine fetches its work, reports progress and success.
        r = request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac), {}, token());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("bundle")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("restore-lab"));
        QCOMPARE(r.json().value(QStringLiteral("configFile")).toString(), QStringLiteral("z_auto.cfg"));
        QCOMPARE(assignment()->state, AssignmentState::Running);
        QCOMPARE(events(QStringLiteral("work-fetched")).value(0).phase, Phase::Imaging);
        r = request("POST", QStringLiteral("/api/v1/devices/%1/progress").arg(kHyp),
                    R"({"stage":"restore","percent":40,"bytes":400,"total":1000})", token());
        QCOMPARE(r.status, 200);
        const auto progress = events(QStringLiteral("progress")).value(0);
        QCOMPARE(progress.phase, Phase::Imaging);
        QCOMPARE(progress.service, QStringLiteral("engine"));
        QCOMPARE(progress.detail, QStringLiteral("restore 40%"));
        r = request("POST", QStringLiteral("/api/v1/devices/%1/result").arg(kMac), R"({"success":true})", token());
        QCOMPARE(r.status, 200);
        QVERIFY(!assignment()); // once: cleared
        const auto result = events(QStringLiteral("result")).value(0);
        QCOMPARE(result.outcome, Outcome::Done);
        QCOMPARE(result.phase, Phase::Imaging);
        QCOMPARE(result.mac, kMac);

        // Second boot: no work, no re-imaging loop.
        r = get(QStringLiteral("/ipxe/work?mac=%1").arg(kHyp));
        QVERIFY2(r.text().endsWith(QStringLiteral("\nexit\n")), qPrintable(r.text()));
        QCOMPARE(events(QStringLiteral("work-answer"), 3).last().outcome, Outcome::LocalBoot);
    }

    void persistentAssignmentStays()
    {
        hello();
        addBundle(QStringLiteral("wim"), BundleKind::WinPe);
        assign(QStringLiteral("wim"), true);
        QVERIFY(get(QStringLiteral("/ipxe/work?mac=%1").arg(kHyp)).text().contains(QStringLiteral("winpe.cfg")));
        QVERIFY(configFileOnDisk(QStringLiteral("winpe.cfg")).contains(QStringLiteral("/boot/preboot.0")));
        QCOMPARE(request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac), {}, token()).status, 200);
        QCOMPARE(request("POST", QStringLiteral("/api/v1/devices/%1/result").arg(kMac), R"({"success":true})", token())
                     .status,
                 200);
        QVERIFY(assignment());
        QCOMPARE(assignment()->state, AssignmentState::Done);
        QVERIFY(get(QStringLiteral("/ipxe/work?mac=%1").arg(kHyp)).text().contains(QStringLiteral("winpe.cfg")));
    }

    void failureKeepsTheWorkWithItsReason()
    {
        hello();
        addBundle(QStringLiteral("restore-lab"), BundleKind::ImageRestore);
        assign(QStringLiteral("restore-lab"), false);
        QCOMPARE(request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac), {}, token()).status, 200);
        const Reply r =
            request("POST", QStringLiteral("/api/v1/devices/%1/result").arg(kMac),
                    R"({"success":false,"message":"disk /dev/sda not found","log":"line1\nline2"})", token());
        QCOMPARE(r.status, 200);
        QCOMPARE(assignment()->state, AssignmentState::Failed);
        QVERIFY(assignment()->reason.startsWith(QStringLiteral("disk /dev/sda not found\nline1")));
        const auto result = events(QStringLiteral("result")).value(0);
        QCOMPARE(result.outcome, Outcome::Failed);
        QCOMPARE(result.severity, BootEvent::Severity::Error);
        QVERIFY(result.detail.contains(QStringLiteral("disk /dev/sda not found")));
        QVERIFY(get(QStringLiteral("/ipxe/work?mac=%1").arg(kHyp)).text().contains(QStringLiteral("pxelinux.0")));
    }

    void engineRefusesBadRequests()
    {
        hello();
        addBundle(QStringLiteral("restore-lab"), BundleKind::ImageRestore);
        assign(QStringLiteral("restore-lab"), false);
        const QString path = QStringLiteral("/api/v1/devices/%1/").arg(kMac);
        QCOMPARE(request("GET", path + QStringLiteral("work")).status, 401);
        QCOMPARE(request("GET", path + QStringLiteral("work"), {}, QStringLiteral("forged")).status, 401);
        QCOMPARE(request("GET", path + QStringLiteral("work"), {}, token(QStringLiteral("52:54:00:00:00:01"))).status,
                 401);
        QCOMPARE(assignment()->state, AssignmentState::Pending); // nothing stored
        QCOMPARE(events(QStringLiteral("engine-unauthorised"), 3).size(), 3);
        QCOMPARE(request("POST", path + QStringLiteral("result"), "{not json", token()).status, 400);
        QCOMPARE(request("POST", path + QStringLiteral("result"), "[1,2]", token()).status, 400);
        QCOMPARE(request("POST", path + QStringLiteral("result"), R"({"message":"x"})", token()).status, 400);
        QCOMPARE(request("POST", path + QStringLiteral("progress"), R"({"percent":140})", token()).status, 400);
        QCOMPARE(request("POST", path + QStringLiteral("progress"), QByteArray(300 * 1024, 'x'), token()).status, 413);
        QCOMPARE(request("DELETE", path + QStringLiteral("work"), {}, token()).status, 405);
        QCOMPARE(request("GET", path + QStringLiteral("nothing"), {}, token()).status, 404);
        QCOMPARE(assignment()->state, AssignmentState::Pending);
        const QString unknown = QStringLiteral("52:54:00:99:99:99");
        QCOMPARE(request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(unknown), {}, token(unknown)).status,
                 404);
        QCOMPARE(get(QStringLiteral("/ipxe/work")).status, 400);
        QCOMPARE(get(QStringLiteral("/nowhere")).status, 404);
        QCOMPARE(request("POST", QStringLiteral("/ipxe/work?mac=%1").arg(kHyp), "{}").status, 405);
    }

    void imageSafeData()
    {
        hello();
        const QString path = QStringLiteral("/api/v1/devices/%1/image-safe").arg(kMac);
        Reply r =
            request("PUT", path, R"({"dhcp":false,"ip":"192.0.2.50","hostName":"lab-42","justImaged":true})", token());
        QCOMPARE(r.status, 200);
        r = request("GET", path, {}, token());
        QCOMPARE(r.json().value(QStringLiteral("hostName")).toString(), QStringLiteral("lab-42"));
        QCOMPARE(r.json().value(QStringLiteral("dhcp")).toBool(true), false);
        QString error;
        QCOMPARE(DeviceRepository(*m_fx->store).find(kMac, &error)->imageSafe.ip, QStringLiteral("192.0.2.50"));
    }

    void hardwareRuleGivesWorkOnce()
    {
        hello();
        addBundle(QStringLiteral("qemu-restore"), BundleKind::ImageRestore);
        HardwareRule rule;
        rule.name = QStringLiteral("qemu machines");
        rule.bundleName = QStringLiteral("qemu-restore");
        rule.criteria = RuleCriterion::all(
            {RuleCriterion::leaf(RuleCriterion::Field::Manufacturer, RuleCriterion::Compare::Equals,
                                 QStringLiteral("qemu")),
             RuleCriterion::negate(RuleCriterion::leaf(RuleCriterion::Field::RamMb, RuleCriterion::Compare::Less,
                                                       QStringLiteral("1024")))});
        QString error;
        QVERIFY2(RuleRepository(*m_fx->store).add(rule, &error), qPrintable(error));
        QVERIFY(get(QStringLiteral("/ipxe/work?mac=%1").arg(kHyp)).text().contains(QStringLiteral("z_auto.cfg")));
        QVERIFY(events(QStringLiteral("rule-matched")).value(0).detail.contains(QStringLiteral("qemu machines")));
        QVERIFY(assignment());
        QCOMPARE(assignment()->bundleName, QStringLiteral("qemu-restore"));
        QCOMPARE(request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac), {}, token()).status, 200);
        QCOMPARE(request("POST", QStringLiteral("/api/v1/devices/%1/result").arg(kMac), R"({"success":true})", token())
                     .status,
                 200);
        QVERIFY(!assignment());
        const Reply r = get(QStringLiteral("/ipxe/work?mac=%1").arg(kHyp));
        QVERIFY2(r.text().endsWith(QStringLiteral("\nexit\n")), qPrintable(r.text()));
        QVERIFY(events(QStringLiteral("work-answer"), 2).last().detail.contains(QStringLiteral("already finished")));
    }

    void passwordProtectedMenu()
    {
        const QString hash = MenuPassword::hash(QStringLiteral("s3cret"), 2000);
        QString error;
        QVERIFY(SettingsRepository(*m_fx->store)
                    .setMenuText(QStringLiteral("title Lab\npassword %1\ndefault off\n"
                                                "item start \"Start\" imaging\n"
                                                "item wipe \"Wipe\" bundle wipe-disk\n"
                                                "item off \"Exit\" local\n")
                                     .arg(hash),
                                 &error));
        addBundle(QStringLiteral("wipe-disk"), BundleKind::Script);
        hello();
        const QString menu = QStringLiteral("/ipxe/menu?mac=%1&platform=pcbios").arg(kHyp);
        Reply r = get(menu);
        QVERIFY2(r.text().contains(QStringLiteral("\nlogin ")), qPrintable(r.text()));
        QVERIFY(!r.text().contains(QStringLiteral("pbkdf2")) && !r.text().contains(QStringLiteral("item ")));
        QCOMPARE(events(QStringLiteral("menu-password-asked")).size(), 1);
        r = get(menu + QStringLiteral("&attempt=1&password=wrong"));
        QVERIFY2(r.text().contains(QStringLiteral("Wrong password")) && r.text().contains(QStringLiteral("attempt=2")),
                 qPrintable(r.text()));
        QVERIFY(!r.text().contains(QStringLiteral("item ")));
        r = get(menu + QStringLiteral("&attempt=3&password=wrong"));
        QVERIFY2(r.text().endsWith(QStringLiteral("\nexit\n")), qPrintable(r.text())); // menu refused: no work → local
        QCOMPARE(events(QStringLiteral("menu-password-wrong"), 2).size(), 2);
        QVERIFY(events(QStringLiteral("menu-shown"), 0).isEmpty());

        r = get(menu + QStringLiteral("&attempt=1&password=s3cret"));
        QVERIFY2(r.text().contains(QStringLiteral("item i_start Start\n")), qPrintable(r.text()));
        QVERIFY(!r.text().contains(QStringLiteral("pbkdf2")));
        QCOMPARE(events(QStringLiteral("menu-shown")).value(0).outcome, Outcome::MenuShown);
        const QString ticket = r.text().section(QStringLiteral("&ticket="), 1).section(QLatin1Char('&'), 0, 0);
        QVERIFY(!ticket.isEmpty());

        // A choice needs the menu session the password opened.
        r = get(QStringLiteral("/ipxe/choice?mac=%1&ticket=forged&item=wipe").arg(kHyp));
        QVERIFY(r.text().contains(QStringLiteral("expired")));
        QVERIFY(!assignment());
        r = get(QStringLiteral("/ipxe/choice?mac=%1&platform=pcbios&ticket=%2&item=wipe").arg(kHyp, ticket));
        QVERIFY2(r.text().contains(QStringLiteral("pxelinux.0")), qPrintable(r.text()));
        QVERIFY(assignment());
        QCOMPARE(assignment()->bundleName, QStringLiteral("wipe-disk"));
        QVERIFY(!assignment()->persistent);
        const auto choice = events(QStringLiteral("menu-choice")).value(0);
        QCOMPARE(choice.phase, Phase::MenuSettings);
        QCOMPARE(choice.outcome, Outcome::MenuShown);
        QVERIFY(choice.detail.startsWith(QStringLiteral("wipe \"Wipe\": bundle wipe-disk")));
        r = get(QStringLiteral("/ipxe/choice?mac=%1&ticket=%2&item=off").arg(kHyp, ticket));
        QVERIFY(r.text().endsWith(QStringLiteral("\nexit\n")));
        QCOMPARE(events(QStringLiteral("menu-exit")).value(0).outcome, Outcome::LocalBoot);
    }

    void listensOnTheChosenAddressOnly()
    {
        QTcpSocket other;
        other.connectToHost(QHostAddress(QStringLiteral("127.0.0.2")), m_fx->service->port());
        QVERIFY(!other.waitForConnected(2000));
        QTcpSocket chosen;
        chosen.connectToHost(QHostAddress::LocalHost, m_fx->service->port());
        QVERIFY(chosen.waitForConnected(2000));
    }

    void portTakenIsAClearError()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        ServiceConfig c = m_config;
        c.httpPort = squatter.serverPort();
        QVERIFY(!startService(c));
        const QString reason = m_fx->service->status().reason;
        QVERIFY2(reason.contains(QStringLiteral("127.0.0.1:%1").arg(c.httpPort)) &&
                     reason.contains(QStringLiteral("taken by tst_policyserv")),
                 qPrintable(reason));
    }
};

QTEST_GUILESS_MAIN(TestPolicyService)
#include "tst_policyservice.moc"
