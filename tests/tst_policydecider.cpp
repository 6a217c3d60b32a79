#include "menu/menuparser.h"
#include "policy/configfile.h"
#include "policy/devicetoken.h"
#include "policy/ipxescript.h"
#include "policy/policydecider.h"

#include <QTest>

using namespace bootbench;

Q_DECLARE_METATYPE(bootbench::WorkDecision::Source)

namespace {

using F = RuleCriterion::Field;
using C = RuleCriterion::Compare;

const QString kMac = QStringLiteral("52:54:00:12:34:56");

Device device(const QString &mac = kMac)
{
    Device d;
    d.mac = mac;
    d.manufacturer = QStringLiteral("LENOVO");
    d.model = QStringLiteral("ThinkPad T14 Gen 3");
    d.serial = QStringLiteral("PF3ABC12");
    d.ramMb = 16384;
    d.diskMb = 512000;
    d.architecture = QStringLiteral("x64-uefi");
    return d;
}

Bundle bundle(const QString &name, BundleKind kind)
{
    Bundle b;
    b.name = name;
    b.kind = kind;
    return b;
}

HardwareRule rule(const QString &name, const QString &bundleName, const RuleCriterion &criteria, bool enabled = true)
{
    HardwareRule r;
    r.name = name;
    r.bundleName = bundleName;
    r.criteria = criteria;
    r.enabled = enabled;
    return r;
}

Assignment assignment(const QString &bundleName, bool persistent, AssignmentState state)
{
    Assignment a;
    a.mac = kMac;
    a.bundleName = bundleName;
    a.persistent = persistent;
    a.state = state;
    return a;
}

std::shared_ptr<PolicySnapshot> baseSnapshot()
{
    auto s = std::make_shared<PolicySnapshot>();
    for (const Bundle &b :
         {bundle(QStringLiteral("restore"), BundleKind::ImageRestore),
          bundle(QStringLiteral("script"), BundleKind::Script), bundle(QStringLiteral("wim"), BundleKind::WinPe),
          bundle(QStringLiteral("nothing"), BundleKind::Empty)})
        s->bundles.insert(b.name, b);
    s->setMenuText(QStringLiteral("item a A local\n"));
    return s;
}

} // namespace

class TestPolicyDecider : public QObject
{
    Q_OBJECT

private slots:
    void work_data()
    {
        QTest::addColumn<QList<HardwareRule>>("rules");
        QTest::addColumn<QList<Assignment>>("assignments");
        QTest::addColumn<QString>("ruleWorkDone"); // "rule/bundle" finished by this device, or empty
        QTest::addColumn<WorkDecision::Source>("source");
        QTest::addColumn<QString>("bundle");
        QTest::addColumn<QString>("configFile");
        using S = WorkDecision::Source;
        const auto lenovo = RuleCriterion::leaf(F::Manufacturer, C::Equals, QStringLiteral("lenovo"));
        const auto dell = RuleCriterion::leaf(F::Manufacturer, C::Equals, QStringLiteral("Dell Inc."));
        const auto bigRam = RuleCriterion::leaf(F::RamMb, C::GreaterOrEqual, QStringLiteral("16384"));
        const auto hugeRam = RuleCriterion::leaf(F::RamMb, C::Greater, QStringLiteral("16384"));
        const auto thinkpad = RuleCriterion::leaf(F::Model, C::StartsWith, QStringLiteral("thinkpad"));
        const auto t14 = RuleCriterion::leaf(F::Model, C::Contains, QStringLiteral("T14"));
        const auto macPrefix = RuleCriterion::leaf(F::Mac, C::StartsWith, QStringLiteral("52-54-00"));
        const QList<Assignment> none;
        const QList<HardwareRule> noRules;
        // clang-format off
        QTest::newRow("nothing") << noRules << none << QString() << S::None << QString() << QString();
        QTest::newRow("once pending") << noRules << QList<Assignment>{assignment("restore", false, AssignmentState::Pending)} << QString() << S::Assignment << "restore" << "z_auto.cfg";
        QTest::newRow("once running (rebooted mid-imaging)") << noRules << QList<Assignment>{assignment("script", false, AssignmentState::Running)} << QString() << S::Assignment << "script" << "z_auto.cfg";
        QTest::newRow("once failed is retried") << noRules << QList<Assignment>{assignment("restore", false, AssignmentState::Failed)} << QString() << S::Assignment << "restore" << "z_auto.cfg";
        QTest::newRow("persistent done") << noRules << QList<Assignment>{assignment("restore", true, AssignmentState::Done)} << QString() << S::Assignment << "restore" << "z_auto.cfg";
        QTest::newRow("winpe") << noRules << QList<Assignment>{assignment("wim", false, AssignmentState::Pending)} << QString() << S::Assignment << "wim" << "winpe.cfg";
        QTest::newRow("empty bundle") << noRules << QList<Assignment>{assignment("nothing", false, AssignmentState::Pending)} << QString() << S::None << QString() << QString();
        QTest::newRow("missing bundle") << noRules << QList<Assignment>{assignment("gone", false, AssignmentState::Pending)} << QString() << S::None << QString() << QString();
        QTest::newRow("assignment beats rule") << QList<HardwareRule>{rule("r", "wim", lenovo)} << QList<Assignment>{assignment("restore", false, AssignmentState::Pending)} << QString() << S::Assignment << "restore" << "z_auto.cfg";
        QTest::newRow("rule equals, case-insensitive") << QList<HardwareRule>{rule("r", "wim", lenovo)} << none << QString() << S::Rule << "wim" << "winpe.cfg";
        QTest::newRow("first match wins") << QList<HardwareRule>{rule("a", "script", thinkpad), rule("b", "wim", lenovo)} << none << QString() << S::Rule << "script" << "z_auto.cfg";
        QTest::newRow("disabled rule skipped") << QList<HardwareRule>{rule("a", "script", thinkpad, false), rule("b", "wim", lenovo)} << none << QString() << S::Rule << "wim" << "winpe.cfg";
        QTest::newRow("no rule matches") << QList<HardwareRule>{rule("a", "script", dell)} << none << QString() << S::None << QString() << QString();
        QTest::newRow("ram numeric >=") << QList<HardwareRule>{rule("a", "script", bigRam)} << none << QString() << S::Rule << "script" << "z_auto.cfg";
        QTest::newRow("ram numeric > fails") << QList<HardwareRule>{rule("a", "script", hugeRam)} << none << QString() << S::None << QString() << QString();
        QTest::newRow("AND") << QList<HardwareRule>{rule("a", "script", RuleCriterion::all({lenovo, t14, bigRam}))} << none << QString() << S::Rule << "script" << "z_auto.cfg";
        QTest::newRow("AND fails") << QList<HardwareRule>{rule("a", "script", RuleCriterion::all({lenovo, dell}))} << none << QString() << S::None << QString() << QString();
        QTest::newRow("OR") << QList<HardwareRule>{rule("a", "script", RuleCriterion::any({dell, t14}))} << none << QString() << S::Rule << "script" << "z_auto.cfg";
        QTest::newRow("NOT") << QList<HardwareRule>{rule("a", "script", RuleCriterion::negate(dell))} << none << QString() << S::Rule << "script" << "z_auto.cfg";
        QTest::newRow("NOT fails") << QList<HardwareRule>{rule("a", "script", RuleCriterion::negate(lenovo))} << none << QString() << S::None << QString() << QString();
        QTest::newRow("MAC typed with dashes") << QList<HardwareRule>{rule("a", "script", macPrefix)} << none << QString() << S::Rule << "script" << "z_auto.cfg";
        QTest::newRow("rule already finished") << QList<HardwareRule>{rule("a", "script", lenovo)} << none << "a/script" << S::None << QString() << QString();
        QTest::newRow("finished rule, next rule") << QList<HardwareRule>{rule("a", "script", lenovo), rule("b", "wim", t14)} << none << "a/script" << S::Rule << "wim" << "winpe.cfg";
        QTest::newRow("rule re-armed by new bundle") << QList<HardwareRule>{rule("a", "restore", lenovo)} << none << "a/script" << S::Rule << "restore" << "z_auto.cfg";
        QTest::newRow("rule with empty bundle") << QList<HardwareRule>{rule("a", "nothing", lenovo)} << none << QString() << S::None << QString() << QString();
        // clang-format on
    }

    void work()
    {
        QFETCH(QList<HardwareRule>, rules);
        QFETCH(QList<Assignment>, assignments);
        QFETCH(QString, ruleWorkDone);
        QFETCH(WorkDecision::Source, source);
        QFETCH(QString, bundle);
        QFETCH(QString, configFile);
        auto snap = baseSnapshot();
        for (int i = 0; i < rules.size(); ++i)
            rules[i].position = i;
        snap->rules = rules;
        for (const Assignment &a : assignments)
            snap->assignments.insert(a.mac, a);
        if (!ruleWorkDone.isEmpty())
            snap->ruleWork.insert(kMac, RuleWork{ruleWorkDone.section(QLatin1Char('/'), 0, 0),
                                                 ruleWorkDone.section(QLatin1Char('/'), 1), true});
        const PolicyDecider decider(snap);
        const WorkDecision w = decider.workFor(device());
        QVERIFY2(!w.why.isEmpty(), "every decision says why");
        QCOMPARE(workSourceKey(w.source), workSourceKey(source));
        QCOMPARE(w.hasWork() ? w.bundle.name : QString(), bundle);
        QCOMPARE(w.configFile.isEmpty() || !w.hasWork() ? QString() : w.configFile, configFile);
        // Another device is never affected by this one's assignment.
        if (source == WorkDecision::Source::Assignment)
            QVERIFY(decider.workFor(::device(QStringLiteral("52:54:00:00:00:01"))).source !=
                    WorkDecision::Source::Assignment);
    }

    void menuSettings()
    {
        auto snap = baseSnapshot();
        snap->menuSettings.mode = MenuMode::Hotkey;
        snap->menuSettings.timeoutSeconds = 5;
        Device override = device(QStringLiteral("52:54:00:00:00:02"));
        override.hasMenuOverride = true;
        override.menuOverride = MenuMode::Always;
        snap->devices.insert(override.mac, override);
        PolicyDecider d(snap);
        MenuDecision m = d.menuFor(device());
        QCOMPARE(m.mode, MenuMode::Hotkey);
        QCOMPARE(m.promptSeconds, 5);
        QVERIFY(!m.perDevice);
        QVERIFY(m.passwordHash.isEmpty());
        m = d.menuFor(override);
        QCOMPARE(m.mode, MenuMode::Always);
        QVERIFY(m.perDevice);

        snap->menuSettings.passwordHash = QStringLiteral("from-settings");
        QCOMPARE(PolicyDecider(snap).menuFor(device()).passwordHash, QStringLiteral("from-settings"));
        snap->setMenuText(QStringLiteral("password pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$"
                                         "0e1wH7BfGvqP0UEZ0m4h8R4fS2j1JkD9w5c7x6y0z1A\nitem a A local\n"));
        QVERIFY(PolicyDecider(snap).menuFor(device()).passwordHash.startsWith(QStringLiteral("pbkdf2-sha256$1000$")));
        snap->menuSettings.mode = MenuMode::Never;
        QCOMPARE(PolicyDecider(snap).menuFor(device()).mode, MenuMode::Never);
    }

    void effectiveDeviceMergesReport()
    {
        auto snap = baseSnapshot();
        Device known = device();
        known.name = QStringLiteral("bench-7");
        snap->devices.insert(known.mac, known);
        Device reported;
        reported.mac = kMac;
        reported.ramMb = 32768;
        const Device d = PolicyDecider(snap).effectiveDevice(reported);
        QCOMPARE(d.name, QStringLiteral("bench-7"));
        QCOMPARE(d.manufacturer, QStringLiteral("LENOVO"));
        QCOMPARE(d.ramMb, 32768);
    }

    void deviceName_data()
    {
        QTest::addColumn<QString>("serial");
        QTest::addColumn<QString>("asset");
        QTest::addColumn<QString>("name");
        QTest::newRow("serial") << "PF3ABC12"
                                << "A-1"
                                << "pxe-PF3ABC12";
        QTest::newRow("serial with spaces") << " SN 12/34 "
                                            << ""
                                            << "pxe-SN-12-34";
        QTest::newRow("placeholder serial, asset") << "To be filled by O.E.M."
                                                   << "LAB-042"
                                                   << "pxe-LAB-042";
        QTest::newRow("placeholders → MAC") << "System Serial Number"
                                            << "Default string"
                                            << "pxe-525400123456";
        QTest::newRow("zeros → MAC") << "0000000"
                                     << ""
                                     << "pxe-525400123456";
        QTest::newRow("nothing → MAC") << ""
                                       << ""
                                       << "pxe-525400123456";
    }

    void deviceName()
    {
        QFETCH(QString, serial);
        QFETCH(QString, asset);
        QFETCH(QString, name);
        Device d;
        d.mac = kMac;
        d.serial = serial;
        d.assetTag = asset;
        QCOMPARE(PolicyDecider::deviceName(QStringLiteral("pxe-"), d), name);
    }

    void configFiles()
    {
        QCOMPARE(ConfigFile::deviceFolder(kMac), QStringLiteral("bootbench/01-52-54-00-12-34-56"));
        QCOMPARE(ConfigFile::devicePath(kMac, QStringLiteral("z_auto.cfg")),
                 QStringLiteral("bootbench/01-52-54-00-12-34-56/z_auto.cfg"));
        QCOMPARE(configFileForKind(BundleKind::ImageRestore), ConfigFile::zAutoName());
        QCOMPARE(configFileForKind(BundleKind::WinPe), ConfigFile::winpeName());
        ImagingBoot boot;
        boot.mac = kMac;
        boot.serverUrl = QStringLiteral("http://192.0.2.1:8080");
        boot.token = QStringLiteral("TOKEN");
        boot.kernelParams = QStringLiteral(" console=ttyS0  quiet ");
        const QString z = ConfigFile::render(QStringLiteral("z_auto.cfg"), boot, QStringLiteral("bundle \"x\""));
        QVERIFY2(z.contains(QStringLiteral("\n  KERNEL /boot/kernel\n  INITRD /boot/initrd,/boot/root\n")),
                 qPrintable(z));
        QVERIFY2(
            z.contains(QStringLiteral("  APPEND bootbench.server=http://192.0.2.1:8080 bootbench.mac=52:54:00:12:34:56 "
                                      "bootbench.token=TOKEN bootbench.mode=work console=ttyS0 quiet\n")),
            qPrintable(z));
        QVERIFY(z.contains(QStringLiteral("DEFAULT bootbench\n")));
        QVERIFY(z.contains(QStringLiteral("PROMPT 0\n")));
        // pxelinux abandons the boot when a listed initrd is missing: never list updateDrivers.tgz.
        QVERIFY(!z.contains(QStringLiteral("updateDrivers")));
        boot.mode = ImagingBoot::Mode::Maintenance;
        QVERIFY(ConfigFile::zAuto(boot, {}).contains(QStringLiteral("bootbench.mode=maintenance")));
        // Maintenance: the shell on the screen and on the serial port, the settings' parameters after.
        QVERIFY2(ConfigFile::kernelCommandLine(boot).endsWith(QStringLiteral(
                     " bootbench.mode=maintenance console=tty0 console=ttyS0,115200 console=ttyS0 quiet")),
                 qPrintable(ConfigFile::kernelCommandLine(boot)));
        const QString w = ConfigFile::render(QStringLiteral("winpe.cfg"), boot, {});
        QVERIFY2(w.contains(QStringLiteral("KERNEL /boot/preboot.0")), qPrintable(w));
        QVERIFY(ConfigFile::render(QStringLiteral("other.cfg"), boot, {}).isEmpty());
    }

    void tokens()
    {
        const QByteArray secret = DeviceToken::newSecret();
        QVERIFY(secret.size() >= 40);
        QVERIFY(secret != DeviceToken::newSecret());
        const QString t = DeviceToken::make(secret, kMac);
        QCOMPARE(DeviceToken::make(secret, QStringLiteral("52-54-00-12-34-56")), t); // any MAC spelling
        QVERIFY(DeviceToken::check(secret, kMac, t));
        QVERIFY(!DeviceToken::check(secret, QStringLiteral("52:54:00:12:34:57"), t));
        QVERIFY(!DeviceToken::check(DeviceToken::newSecret(), kMac, t));
        QVERIFY(!DeviceToken::check(secret, kMac, t.left(t.size() - 1)));
        QVERIFY(!DeviceToken::check({}, kMac, t));
    }

    void scriptText()
    {
        QCOMPARE(IpxeScript::text(QStringLiteral("Rock && ${roll} || x\t#y")),
                 QStringLiteral("Rock & $ {roll} | x #y"));
        QCOMPARE(IpxeScript::text(QStringLiteral("#:label")), QStringLiteral("label"));
    }

    void scriptMenuSettings()
    {
        MenuDecision m;
        m.promptSeconds = 4;
        const QString base = QStringLiteral("http://192.0.2.1:8080");
        QString s = IpxeScript::menuSettings(base, kMac, m);
        QVERIFY(s.startsWith(QStringLiteral("#!ipxe\n")));
        QVERIFY2(s.contains(QStringLiteral("prompt --timeout 4000 ")), qPrintable(s));
        QVERIFY(s.contains(QStringLiteral(
            "chain --replace http://192.0.2.1:8080/ipxe/menu?mac=52-54-00-12-34-56&platform=${platform}\n")));
        QVERIFY(s.contains(QStringLiteral("chain --replace http://192.0.2.1:8080/ipxe/work?mac=")));
        m.mode = MenuMode::Never;
        s = IpxeScript::menuSettings(base, kMac, m);
        QVERIFY(!s.contains(QStringLiteral("prompt")) && !s.contains(QStringLiteral("/ipxe/menu")));
        m.mode = MenuMode::Always;
        s = IpxeScript::menuSettings(base, kMac, m);
        QVERIFY(!s.contains(QStringLiteral("prompt")) && !s.contains(QStringLiteral("/ipxe/work")));
    }

    void scriptMenu()
    {
        const MenuParseResult r = MenuParser::parse(QStringLiteral("title Main ${x}\ntimeout 7\ndefault b\n"
                                                                   "item a \"Start imaging\" imaging\n"
                                                                   "separator \"-- tools --\"\n"
                                                                   "item b \"Exit\" local\n"
                                                                   "item s \"More\" submenu more\n"
                                                                   "menu more \"More things\"\n"
                                                                   "item r Reboot reboot\n"
                                                                   "item z Back back\n"));
        QVERIFY(r.diagnostics.isEmpty());
        const QString s = IpxeScript::menu(QStringLiteral("http://h:1"), kMac, r.menu, QStringLiteral("T1"));
        const QStringList expected{
            QStringLiteral(":m_main\nmenu Main $ {x}\nitem i_a Start imaging\nitem --gap -- -- tools --\n"
                           "item i_b Exit\nitem i_s More\nchoose --timeout 7000 --default i_b selected || goto "
                           "m_main_esc\ngoto ${selected}\n:m_main_esc\nchain --replace http://h:1/ipxe/work?"),
            QStringLiteral(":m_more\nmenu More things\nitem i_r Reboot\nitem i_z Back\nchoose --default i_r "
                           "selected || goto m_more_esc\ngoto ${selected}\n:m_more_esc\ngoto m_main\n"),
            QStringLiteral(":i_a\nchain --replace http://h:1/ipxe/choice?mac=52-54-00-12-34-56&platform=${platform}"
                           "&ticket=T1&item=a\n"),
            QStringLiteral(":i_s\ngoto m_more\n"),
            QStringLiteral(":i_z\ngoto m_main\n"),
            QStringLiteral(":i_r\nchain --replace http://h:1/ipxe/choice?"),
        };
        for (const QString &part : expected)
            QVERIFY2(s.contains(part), qPrintable(QStringLiteral("missing:\n%1\nin:\n%2").arg(part, s)));
    }

    void scriptBoot()
    {
        const QString s = IpxeScript::chainLoader(QStringLiteral("192.0.2.1"), QStringLiteral("pxelinux.0"),
                                                  QStringLiteral("bootbench/01-52-54-00-12-34-56/z_auto.cfg"), {});
        QVERIFY2(s.contains(QStringLiteral("set 209:string bootbench/01-52-54-00-12-34-56/z_auto.cfg\n"
                                           "set 210:string tftp://192.0.2.1/\n"
                                           "chain --replace tftp://192.0.2.1/pxelinux.0 || goto failed\n")),
                 qPrintable(s));
        const QString off = IpxeScript::powerOff({}, QStringLiteral("192.0.2.1"), QStringLiteral("pxelinux.0"),
                                                 QStringLiteral("bootbench/01-52-54-00-12-34-56/poweroff.cfg"));
        QVERIFY2(off.contains(QStringLiteral("poweroff || goto loader\n")) &&
                     off.contains(QStringLiteral("set 209:string bootbench/01-52-54-00-12-34-56/poweroff.cfg\n")),
                 qPrintable(off));
        QVERIFY(ConfigFile::powerOff(kMac).contains(QStringLiteral("COM32 poweroff.c32")));
        // Never a plain chain: a script that returns would fall into the caller's next lines.
        for (const QString &script : {s, off, IpxeScript::identify(QStringLiteral("http://h:1"))}) {
            for (const QString &line : script.split(QLatin1Char('\n')))
                QVERIFY2(!line.startsWith(QStringLiteral("chain ")) ||
                             line.startsWith(QStringLiteral("chain --replace ")),
                         qPrintable(line));
        }
        QVERIFY(IpxeScript::localBoot(ExitMethod::IpxeExit, {}).endsWith(QStringLiteral("\nexit\n")));
        QVERIFY(IpxeScript::localBoot(ExitMethod::Sanboot, {})
                    .contains(QStringLiteral("sanboot --no-describe --drive 0x80")));
        QVERIFY(IpxeScript::identify(QStringLiteral("http://h:1"))
                    .contains(QStringLiteral("chain --replace http://h:1/ipxe/hello?mac=${netX/mac:hexhyp}&uuid=${uuid}"
                                             "&serial=${serial:uristring}")));
    }
};

QTEST_GUILESS_MAIN(TestPolicyDecider)
#include "tst_policydecider.moc"
