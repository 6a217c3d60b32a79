// Hardware rules, once / persistent assignments and the menu password through the policy
// service's HTTP API, as iPXE and the imaging engine use it (loopback, a real store).
#include "tst_policyfixture.h"

#include "menu/menupassword.h"
#include "policy/devicetoken.h"
#include "policy/policyservice.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/rulerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace bootbench;
using bootbench::test::Reply;

namespace {

const QString kMac = QStringLiteral("52:54:00:ab:cd:01");
const QString kHyp = QStringLiteral("52-54-00-ab-cd-01");
const QString kOther = QStringLiteral("52:54:00:ab:cd:02");

using F = RuleCriterion::Field;
using C = RuleCriterion::Compare;

RuleCriterion leaf(F field, C compare, const char *value)
{
    return RuleCriterion::leaf(field, compare, QLatin1String(value));
}

// A rule named after its bundle's suffix: rule "r-x" gives bundle "b-x".
struct RuleSpec
{
    QString name;
    RuleCriterion criteria;
    bool enabled = true;
};

} // namespace

Q_DECLARE_METATYPE(QList<RuleSpec>)

class TestPolicyRules : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::PolicyFixture> m_fx;

    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {}, const QString &token = {})
    {
        return m_fx->request(method, path, body, token);
    }
    QString get(const QString &path) { return request("GET", path).text(); }
    QString token(const QString &mac = kMac) const { return m_fx->token(mac); }

    // What iPXE reports on a QEMU machine; `extra` adds or overrides query fields.
    QString hello(const QString &extra = {}, const QString &hyp = kHyp)
    {
        // A field given twice counts the first time: `extra` comes first.
        return get(QStringLiteral("/ipxe/hello?mac=%1%2&uuid=8c2d7a4e-0000-4000-8000-00000000abcd&manufacturer=QEMU"
                                  "&product=Standard%20PC%20(i440FX%20+%20PIIX,%201996)&serial=PF3ABC12"
                                  "&platform=pcbios&buildarch=i386&memsize=2048")
                       .arg(hyp, extra));
    }
    QString work(const QString &platform = QStringLiteral("pcbios"))
    {
        return get(QStringLiteral("/ipxe/work?mac=%1&platform=%2").arg(kHyp, platform));
    }

    QList<BootEvent> events(const QString &kind, int atLeast = 1) { return m_fx->eventsOf(kind, atLeast); }

    void addBundle(const QString &name, BundleKind kind = BundleKind::ImageRestore)
    {
        Bundle b;
        b.name = name;
        b.kind = kind;
        QString error;
        QVERIFY2(BundleRepository(*m_fx->store).add(b, &error), qPrintable(error));
    }

    void addRules(const QList<RuleSpec> &specs)
    {
        QString error;
        for (const RuleSpec &spec : specs) {
            const QString bundle = QStringLiteral("b-") + spec.name.mid(2);
            addBundle(bundle);
            HardwareRule rule;
            rule.name = spec.name;
            rule.bundleName = bundle;
            rule.enabled = spec.enabled;
            rule.criteria = spec.criteria;
            QVERIFY2(RuleRepository(*m_fx->store).add(rule, &error), qPrintable(error));
        }
    }

    std::optional<Assignment> assignment(const QString &mac = kMac)
    {
        QString error;
        return AssignmentRepository(*m_fx->store).forDevice(mac, &error);
    }

    int engineResult(bool success)
    {
        const QString path = QStringLiteral("/api/v1/devices/%1/").arg(kMac);
        if (request("GET", path + QStringLiteral("work"), {}, token()).status != 200)
            return 0;
        return request("POST", path + QStringLiteral("result"),
                       success ? QByteArray(R"({"success":true})")
                               : QByteArray(R"({"success":false,"message":"disk not found"})"),
                       token())
            .status;
    }

    void setMenu(const QString &text, MenuMode mode = MenuMode::Always)
    {
        QString error;
        QVERIFY2(SettingsRepository(*m_fx->store).setMenuText(text, &error), qPrintable(error));
        MenuSettings s;
        s.mode = mode;
        QVERIFY2(SettingsRepository(*m_fx->store).setMenuSettings(s, &error), qPrintable(error));
    }

private slots:
    void init()
    {
        m_fx = std::make_unique<test::PolicyFixture>();
        QString error;
        QVERIFY2(m_fx->openStore(&error), qPrintable(error));
        MenuSettings never;
        never.mode = MenuMode::Never;
        QVERIFY(SettingsRepository(*m_fx->store).setMenuSettings(never, &error));
        QVERIFY2(m_fx->startService(m_fx->loopbackConfig()), qPrintable(m_fx->service->status().reason));
    }

    void cleanup() { m_fx.reset(); }

    // The rules' decision as iPXE sees it: which rule (if any) gives this machine work.
    void ruleDecision_data()
    {
        QTest::addColumn<QList<RuleSpec>>("rules");
        QTest::addColumn<QString>("report");   // extra hello fields
        QTest::addColumn<qint64>("diskMb");    // in the device record (iPXE cannot see disks)
        QTest::addColumn<QString>("expected"); // matching rule, or empty for "no work"

        const RuleCriterion any = leaf(F::Mac, C::StartsWith, "52:54:00");
        QTest::newRow("first enabled match wins, disabled skipped")
            << QList<RuleSpec>{{QStringLiteral("r-off"), any, false},
                               {QStringLiteral("r-model"), leaf(F::Model, C::StartsWith, "standard pc")},
                               {QStringLiteral("r-maker"), leaf(F::Manufacturer, C::Equals, "QEMU")}}
            << QString() << qint64(0) << QStringLiteral("r-model");
        QTest::newRow("strings compare case-insensitively: contains")
            << QList<RuleSpec>{{QStringLiteral("r-dell"), leaf(F::Manufacturer, C::Contains, "dell")},
                               {QStringLiteral("r-emu"), leaf(F::Manufacturer, C::Contains, "eM")}}
            << QString() << qint64(0) << QStringLiteral("r-emu");
        QTest::newRow("equals is the whole value")
            << QList<RuleSpec>{{QStringLiteral("r-part"), leaf(F::Manufacturer, C::Equals, "QEM")}} << QString()
            << qint64(0) << QString();
        QTest::newRow("OR: one branch is enough")
            << QList<RuleSpec>{{QStringLiteral("r-or"),
                                RuleCriterion::any({leaf(F::Manufacturer, C::Equals, "Dell Inc."),
                                                    leaf(F::Serial, C::StartsWith, "pf3")})}}
            << QString() << qint64(0) << QStringLiteral("r-or");
        QTest::newRow("AND: every branch")
            << QList<RuleSpec>{{QStringLiteral("r-and"), RuleCriterion::all({leaf(F::Manufacturer, C::Equals, "qemu"),
                                                                             leaf(F::AssetTag, C::Equals, "LAB-7")})},
                               {QStringLiteral("r-tag"), leaf(F::AssetTag, C::StartsWith, "LAB-")}}
            << QStringLiteral("&asset=LAB-42") << qint64(0) << QStringLiteral("r-tag");
        QTest::newRow("NOT: a BIOS machine is not UEFI")
            << QList<RuleSpec>{{QStringLiteral("r-notefi"),
                                RuleCriterion::negate(leaf(F::Architecture, C::Contains, "uefi"))}}
            << QString() << qint64(0) << QStringLiteral("r-notefi");
        QTest::newRow("NOT: a UEFI machine is")
            << QList<RuleSpec>{{QStringLiteral("r-notefi"),
                                RuleCriterion::negate(leaf(F::Architecture, C::Contains, "uefi"))}}
            << QStringLiteral("&platform=efi&buildarch=x86_64") << qint64(0) << QString();
        // 2048 > 512 only as numbers ("2048" < "512" as text).
        QTest::newRow("RAM compares as a number in MB")
            << QList<RuleSpec>{{QStringLiteral("r-big"), leaf(F::RamMb, C::Greater, "4096")},
                               {QStringLiteral("r-mid"), leaf(F::RamMb, C::Greater, "512")}}
            << QString() << qint64(0) << QStringLiteral("r-mid");
        QTest::newRow("RAM bounds are inclusive or not as said")
            << QList<RuleSpec>{{QStringLiteral("r-lt"), leaf(F::RamMb, C::Less, "2048")},
                               {QStringLiteral("r-le"), leaf(F::RamMb, C::LessOrEqual, "2048")}}
            << QString() << qint64(0) << QStringLiteral("r-le");
        QTest::newRow("disk from the device record, numeric")
            << QList<RuleSpec>{{QStringLiteral("r-small"), leaf(F::DiskMb, C::Less, "99999")},
                               {QStringLiteral("r-disk"),
                                RuleCriterion::all({leaf(F::DiskMb, C::GreaterOrEqual, "100000"),
                                                    RuleCriterion::negate(leaf(F::RamMb, C::Less, "1024"))})}}
            << QString() << qint64(120000) << QStringLiteral("r-disk");
        QTest::newRow("MAC prefix") << QList<RuleSpec>{{QStringLiteral("r-mac"),
                                                        leaf(F::Mac, C::StartsWith, "52:54:00:AB")}}
                                    << QString() << qint64(0) << QStringLiteral("r-mac");
        QTest::newRow("nothing matches: no work")
            << QList<RuleSpec>{{QStringLiteral("r-dell"), leaf(F::Manufacturer, C::Equals, "Dell Inc.")},
                               {QStringLiteral("r-off"), any, false}}
            << QString() << qint64(0) << QString();
    }

    void ruleDecision()
    {
        QFETCH(QList<RuleSpec>, rules);
        QFETCH(QString, report);
        QFETCH(qint64, diskMb);
        QFETCH(QString, expected);
        addRules(rules);
        if (QTest::currentTestFailed())
            return;
        hello(report);
        if (diskMb > 0) {
            QString error;
            Device d = *DeviceRepository(*m_fx->store).find(kMac, &error);
            d.diskMb = diskMb;
            QVERIFY2(DeviceRepository(*m_fx->store).update(d, &error), qPrintable(error));
        }
        const bool efi = report.contains(QStringLiteral("platform=efi"));
        const QString script = work(efi ? QStringLiteral("efi") : QStringLiteral("pcbios"));
        const BootEvent answer = events(QStringLiteral("work-answer")).value(0);
        if (expected.isEmpty()) {
            QVERIFY2(script.endsWith(QStringLiteral("\nexit\n")), qPrintable(script));
            QCOMPARE(answer.outcome, Outcome::LocalBoot);
            QVERIFY2(answer.detail.contains(QStringLiteral("no assignment")), qPrintable(answer.detail));
            QVERIFY(events(QStringLiteral("rule-matched"), 0).isEmpty());
            QVERIFY(!assignment());
            return;
        }
        const QString bundle = QStringLiteral("b-") + expected.mid(2);
        QVERIFY2(script.contains(QStringLiteral("z_auto.cfg")) || script.contains(QStringLiteral("boot/kernel")),
                 qPrintable(script));
        const BootEvent matched = events(QStringLiteral("rule-matched")).value(0);
        QCOMPARE(matched.phase, Phase::WorkQuery);
        QVERIFY2(matched.detail.contains(QStringLiteral("\"%1\"").arg(expected)), qPrintable(matched.detail));
        QVERIFY2(answer.detail.contains(QStringLiteral("\"%1\"").arg(bundle)), qPrintable(answer.detail));
        QVERIFY(assignment());
        QCOMPARE(assignment()->bundleName, bundle);
        QVERIFY(!assignment()->persistent);
    }

    void explicitAssignmentBeatsRules()
    {
        addRules({{QStringLiteral("r-any"), leaf(F::Mac, C::StartsWith, "52:54:00")}});
        addBundle(QStringLiteral("chosen"));
        hello();
        QString error;
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, QStringLiteral("chosen"), true, &error),
                 qPrintable(error));
        QVERIFY(work().contains(QStringLiteral("z_auto.cfg")));
        QVERIFY(events(QStringLiteral("work-answer"))
                    .value(0)
                    .detail.contains(QStringLiteral("persistent assignment of bundle \"chosen\"")));
        QVERIFY(events(QStringLiteral("rule-matched"), 0).isEmpty());
    }

    void ruleWorkIsDoneOncePerDeviceAndRetriedAfterFailure()
    {
        addRules({{QStringLiteral("r-any"), leaf(F::Mac, C::StartsWith, "52:54:00")}});
        hello();
        QVERIFY(work().contains(QStringLiteral("z_auto.cfg")));
        QCOMPARE(engineResult(false), 200); // failed: the work stays, with its reason
        QCOMPARE(assignment()->state, AssignmentState::Failed);
        QVERIFY(work().contains(QStringLiteral("z_auto.cfg")));
        QCOMPARE(engineResult(true), 200);
        QVERIFY(!assignment());
        const QString again = work();
        QVERIFY2(again.endsWith(QStringLiteral("\nexit\n")), qPrintable(again));
        QVERIFY(events(QStringLiteral("work-answer"), 3).last().detail.contains(QStringLiteral("already finished")));
        // Another machine matching the same rule still gets the work.
        hello({}, QStringLiteral("52-54-00-ab-cd-02"));
        QVERIFY(get(QStringLiteral("/ipxe/work?mac=52-54-00-ab-cd-02&platform=pcbios"))
                    .contains(QStringLiteral("z_auto.cfg")));
        QVERIFY(assignment(kOther));
    }

    void onceAndPersistentAssignments_data()
    {
        QTest::addColumn<bool>("persistent");
        QTest::newRow("once") << false;
        QTest::newRow("persistent") << true;
    }

    void onceAndPersistentAssignments()
    {
        QFETCH(bool, persistent);
        addBundle(QStringLiteral("restore"));
        hello();
        QString error;
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, QStringLiteral("restore"), persistent, &error),
                 qPrintable(error));
        for (int boot = 1; boot <= 3; ++boot) {
            const QString script = work();
            const bool hasWork = script.contains(QStringLiteral("z_auto.cfg"));
            // once: the first boot images, later boots have no work; persistent: every boot images.
            QVERIFY2(hasWork == (persistent || boot == 1),
                     qPrintable(QStringLiteral("boot %1: %2").arg(boot).arg(script)));
            if (hasWork) {
                QCOMPARE(engineResult(true), 200);
                QCOMPARE(bool(assignment()), persistent);
                if (persistent)
                    QCOMPARE(assignment()->state, AssignmentState::Done);
            } else {
                QCOMPARE(events(QStringLiteral("work-answer"), boot).last().outcome, Outcome::LocalBoot);
            }
        }
        QCOMPARE(events(QStringLiteral("result"), persistent ? 3 : 1).size(), persistent ? 3 : 1);
    }

    void menuPasswordGuardsEveryEntry()
    {
        const QString hash = MenuPassword::hash(QStringLiteral("lab-pw"), 2000);
        addBundle(QStringLiteral("wipe"), BundleKind::Script);
        setMenu(QStringLiteral("title Lab\npassword %1\ndefault exit\n"
                               "item wipe \"Wipe\" bundle wipe\n"
                               "item exit \"Exit\" local\n")
                    .arg(hash));
        const QString settings = hello();
        QVERIFY2(settings.contains(QStringLiteral("/ipxe/menu?")), qPrintable(settings));
        const QString menu = QStringLiteral("/ipxe/menu?mac=%1&platform=pcbios").arg(kHyp);
        // The hash (or any part of it) never reaches the client.
        const QString salt = hash.section(QLatin1Char('$'), 2, 2);
        for (const QString &script : {get(menu), get(menu + QStringLiteral("&attempt=1&password=nope")),
                                      get(menu + QStringLiteral("&attempt=1&password=lab-pw"))})
            QVERIFY2(!script.contains(salt) && !script.contains(QStringLiteral("pbkdf2")), qPrintable(script));
        // An entry cannot be chosen without the session the password opened...
        QString r = get(QStringLiteral("/ipxe/choice?mac=%1&item=wipe").arg(kHyp));
        QVERIFY(!assignment());
        // ...nor with another machine's session.
        const QString own = get(menu + QStringLiteral("&attempt=1&password=lab-pw"));
        const QString ticket = own.section(QStringLiteral("&ticket="), 1).section(QLatin1Char('&'), 0, 0);
        QVERIFY(!ticket.isEmpty());
        hello({}, QStringLiteral("52-54-00-ab-cd-02"));
        r = get(QStringLiteral("/ipxe/choice?mac=52-54-00-ab-cd-02&ticket=%1&item=wipe").arg(ticket));
        QVERIFY2(!r.contains(QStringLiteral("pxelinux.0")), qPrintable(r));
        QVERIFY(!assignment(kOther));
        // The machine that gave the password can choose.
        r = get(QStringLiteral("/ipxe/choice?mac=%1&platform=pcbios&ticket=%2&item=wipe").arg(kHyp, ticket));
        QVERIFY2(r.contains(QStringLiteral("pxelinux.0")), qPrintable(r));
        QCOMPARE(assignment()->bundleName, QStringLiteral("wipe"));
        // A password given as a hash is not a password.
        const QString asHash =
            get(menu + QStringLiteral("&attempt=1&password=") + QString::fromLatin1(QUrl::toPercentEncoding(hash)));
        QVERIFY2(!asHash.contains(QStringLiteral("item ")), qPrintable(asHash));
        QCOMPARE(events(QStringLiteral("menu-shown"), 2).size(), 2);
    }

    void menuWithoutPasswordOpensAtOnce()
    {
        setMenu(QStringLiteral("title Lab\ndefault exit\nitem exit \"Exit\" local\n"));
        hello();
        const QString menu = get(QStringLiteral("/ipxe/menu?mac=%1&platform=pcbios").arg(kHyp));
        QVERIFY2(menu.contains(QStringLiteral("item i_exit Exit")) && !menu.contains(QStringLiteral("login")),
                 qPrintable(menu));
        QCOMPARE(events(QStringLiteral("menu-password-asked"), 0).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPolicyRules)
#include "tst_policyrules.moc"
