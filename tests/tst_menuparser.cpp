#include "menu/menuparser.h"
#include "menu/menupassword.h"
#include "menu/menuserialiser.h"

#include <QFile>
#include <QTest>

using namespace bootbench;

Q_DECLARE_METATYPE(bootbench::MenuDiagnosticCode)
Q_DECLARE_METATYPE(bootbench::MenuDiagnostic::Severity)

namespace {

const char *const kHash = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$"
                          "0e1wH7BfGvqP0UEZ0m4h8R4fS2j1JkD9w5c7x6y0z1A";

QString describeAll(const QList<MenuDiagnostic> &diagnostics)
{
    QStringList lines;
    for (const MenuDiagnostic &d : diagnostics)
        lines << d.toString();
    return lines.join(QLatin1Char('\n'));
}

QString defaultMenuText()
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/resources/default/pxemenu.txt"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

} // namespace

class TestMenuParser : public QObject
{
    Q_OBJECT

private slots:
    void diagnostics_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<MenuDiagnosticCode>("code");
        QTest::addColumn<MenuDiagnostic::Severity>("severity");
        using C = MenuDiagnosticCode;
        const auto E = MenuDiagnostic::Severity::Error;
        const auto W = MenuDiagnostic::Severity::Warning;
        const QString ok = QStringLiteral("item a \"A\" local\n");
        // clang-format off
        QTest::newRow("unterminated-string") << ok + "item b \"B local\n" << 2 << 8 << C::UnterminatedString << E;
        QTest::newRow("invalid-escape") << ok + "item b \"B\\n\" local\n" << 2 << 10 << C::InvalidEscape << E;
        QTest::newRow("unknown-directive") << ok + "  itme b \"B\" local\n" << 2 << 3 << C::UnknownDirective << E;
        QTest::newRow("quoted-directive") << ok + "\"item\" b \"B\" local\n" << 2 << 1 << C::UnknownDirective << E;
        QTest::newRow("missing-argument timeout") << "timeout\n" + ok << 1 << 8 << C::MissingArgument << E;
        QTest::newRow("missing-argument title") << "title   \n" + ok << 1 << 9 << C::MissingArgument << E;
        QTest::newRow("missing-argument default") << "default\n" + ok << 1 << 8 << C::MissingArgument << E;
        QTest::newRow("missing-argument password") << "password\n" + ok << 1 << 9 << C::MissingArgument << E;
        QTest::newRow("missing-argument menu") << ok + "menu\n" << 2 << 5 << C::MissingArgument << E;
        QTest::newRow("missing-argument item id") << ok + "item\n" << 2 << 5 << C::MissingArgument << E;
        QTest::newRow("missing-argument item label") << ok + "item b\n" << 2 << 7 << C::MissingArgument << E;
        QTest::newRow("missing-argument item action") << ok + "item b \"B\"\n" << 2 << 11 << C::MissingArgument << E;
        QTest::newRow("missing-argument bundle") << ok + "item b \"B\" bundle\n" << 2 << 18 << C::MissingArgument << E;
        QTest::newRow("missing-argument submenu") << ok + "item b \"B\" submenu\n" << 2 << 19 << C::MissingArgument << E;
        QTest::newRow("unexpected-argument label") << ok + "item b Start imaging imaging\n" << 2 << 22 << C::UnexpectedArgument << E;
        QTest::newRow("unexpected-argument local") << ok + "item b \"B\" local now\n" << 2 << 18 << C::UnexpectedArgument << E;
        QTest::newRow("unexpected-argument bundle") << ok + "item b \"B\" bundle x y\n" << 2 << 21 << C::UnexpectedArgument << E;
        QTest::newRow("unexpected-argument timeout") << "timeout 3 s\n" + ok << 1 << 11 << C::UnexpectedArgument << E;
        QTest::newRow("unexpected-argument title") << "title \"T\" more\n" + ok << 1 << 11 << C::UnexpectedArgument << E;
        QTest::newRow("duplicate-directive title") << "title A\ntitle B\n" + ok << 2 << 1 << C::DuplicateDirective << E;
        QTest::newRow("duplicate-directive timeout") << "timeout 1\n" + ok + "timeout 2\n" << 3 << 1 << C::DuplicateDirective << E;
        QTest::newRow("duplicate-directive submenu title") << ok + "item s \"S\" submenu m\nmenu m \"M\"\ntitle X\nitem c \"C\" back\n" << 4 << 1 << C::DuplicateDirective << E;
        QTest::newRow("invalid-timeout text") << "timeout ten\n" + ok << 1 << 9 << C::InvalidTimeout << E;
        QTest::newRow("invalid-timeout negative") << "timeout -1\n" + ok << 1 << 9 << C::InvalidTimeout << E;
        QTest::newRow("invalid-timeout large") << "timeout 3601\n" + ok << 1 << 9 << C::InvalidTimeout << E;
        QTest::newRow("invalid-id item") << ok + "item b.c \"B\" local\n" << 2 << 6 << C::InvalidId << E;
        QTest::newRow("invalid-id long") << ok + "item " + QString(33, QLatin1Char('x')) + " \"B\" local\n" << 2 << 6 << C::InvalidId << E;
        QTest::newRow("invalid-id menu") << ok + "menu m/n\n" << 2 << 6 << C::InvalidId << E;
        QTest::newRow("invalid-id submenu") << ok + "item b \"B\" submenu m:n\n" << 2 << 20 << C::InvalidId << E;
        QTest::newRow("duplicate-id") << ok + "item a \"Again\" reboot\n" << 2 << 6 << C::DuplicateId << E;
        QTest::newRow("duplicate-id across menus") << ok + "item s \"S\" submenu m\nmenu m\nitem a \"A\" back\nitem c \"C\" back\n" << 4 << 6 << C::DuplicateId << E;
        QTest::newRow("duplicate-menu") << ok + "item s \"S\" submenu m\nmenu m\nitem b \"B\" back\nmenu m\nitem c \"C\" back\n" << 5 << 6 << C::DuplicateMenu << E;
        QTest::newRow("duplicate-menu main") << ok + "menu main\nitem b \"B\" reboot\n" << 2 << 6 << C::DuplicateMenu << E;
        QTest::newRow("unknown-action") << ok + "item b \"B\" locl\n" << 2 << 12 << C::UnknownAction << E;
        QTest::newRow("unknown-action quoted") << ok + "item b \"B\" \"local\"\n" << 2 << 12 << C::UnknownAction << E;
        QTest::newRow("unknown-default") << "default nope\n" + ok << 1 << 9 << C::UnknownDefault << E;
        QTest::newRow("unknown-default other menu") << "default c\n" + ok + "item s \"S\" submenu m\nmenu m\nitem c \"C\" back\n" << 1 << 9 << C::UnknownDefault << E;
        QTest::newRow("unknown-submenu") << ok + "item s \"S\" submenu tools\n" << 2 << 20 << C::UnknownSubmenu << E;
        QTest::newRow("unknown-submenu main") << ok + "item s \"S\" submenu main\n" << 2 << 20 << C::UnknownSubmenu << E;
        QTest::newRow("password-outside-main") << ok + "item s \"S\" submenu m\nmenu m\n  password " + kHash + "\nitem b \"B\" back\n" << 4 << 3 << C::PasswordOutsideMain << E;
        QTest::newRow("invalid-password-hash plain") << "password secret\n" + ok << 1 << 10 << C::InvalidPasswordHash << E;
        QTest::newRow("invalid-password-hash iterations") << "password pbkdf2-sha256$1$c2FsdHNhbHRzYWx0$0e1wH7BfGvqP0UEZ0m4h8R4fS2j1JkD9w5c7x6y0z1A\n" + ok << 1 << 10 << C::InvalidPasswordHash << E;
        QTest::newRow("invalid-password-hash short") << "password pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$AAAA\n" + ok << 1 << 10 << C::InvalidPasswordHash << E;
        QTest::newRow("empty-menu main") << "title T\n# nothing\n" << 1 << 1 << C::EmptyMenu << E;
        QTest::newRow("empty-menu only separators") << "separator \"x\"\n" << 1 << 1 << C::EmptyMenu << E;
        QTest::newRow("empty-menu submenu") << ok + "item s \"S\" submenu m\nmenu m \"M\"\nseparator\n" << 3 << 1 << C::EmptyMenu << E;
        QTest::newRow("empty-label") << ok + "item b \"  \" local\n" << 2 << 8 << C::EmptyLabel << E;
        QTest::newRow("unused-menu") << ok + "menu m \"M\"\nitem b \"B\" back\n" << 2 << 1 << C::UnusedMenu << W;
        QTest::newRow("long-label") << ok + "item b \"" + QString(71, QLatin1Char('x')) + "\" local\n" << 2 << 8 << C::LongLabel << W;
        QTest::newRow("back-in-main") << ok + "item b \"B\" back\n" << 2 << 12 << C::BackInMain << W;
        // clang-format on
    }

    void diagnostics()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(MenuDiagnosticCode, code);
        QFETCH(MenuDiagnostic::Severity, severity);
        const MenuParseResult result = MenuParser::parse(text);
        QVERIFY2(result.diagnostics.size() == 1, qPrintable(describeAll(result.diagnostics)));
        const MenuDiagnostic &d = result.diagnostics.first();
        QCOMPARE(diagnosticCodeKey(d.code), diagnosticCodeKey(code));
        QCOMPARE(d.line, line);
        QCOMPARE(d.column, column);
        QCOMPARE(d.severity, severity);
        QCOMPARE(result.hasErrors(), severity == MenuDiagnostic::Severity::Error);
        QVERIFY(!d.message.isEmpty());
        QVERIFY2(d.toString().endsWith(QStringLiteral("[%1]").arg(diagnosticCodeKey(code))), qPrintable(d.toString()));
    }

    void everyCodeHasAKeyAndAMessage()
    {
        QSet<QString> keys;
        for (int c = int(MenuDiagnosticCode::UnterminatedString); c <= int(MenuDiagnosticCode::UnknownBundle); ++c) {
            const auto code = MenuDiagnosticCode(c);
            const QString key = diagnosticCodeKey(code);
            QVERIFY2(key != QLatin1String("unknown") && !keys.contains(key), qPrintable(key));
            keys.insert(key);
            QVERIFY(!MenuParser::describe(code, {QStringLiteral("a"), QStringLiteral("b")}).isEmpty());
        }
    }

    void reportsAllProblemsAndKeepsTheRest()
    {
        const MenuParseResult r = MenuParser::parse(QStringLiteral("title T\n"
                                                                   "timeout x\n"
                                                                   "item a \"A\" local\n"
                                                                   "item b \"B\" nope\n"
                                                                   "item c \"C\" reboot\n"
                                                                   "bogus\n"));
        QCOMPARE(r.errorCount(), 3);
        QCOMPARE(r.diagnostics[0].line, 2);
        QCOMPARE(r.diagnostics[1].line, 4);
        QCOMPARE(r.diagnostics[2].line, 6);
        QCOMPARE(r.menu.main()->items.size(), 2);
        QCOMPARE(r.menu.main()->items[1].id, QStringLiteral("c"));
        QCOMPARE(r.menu.main()->items[1].line, 5);
    }

    void parsesTheShippedDefault()
    {
        const QString text = defaultMenuText();
        QVERIFY(!text.isEmpty());
        const MenuParseResult r = MenuParser::parse(text);
        QVERIFY2(r.diagnostics.isEmpty(), qPrintable(describeAll(r.diagnostics)));
        const Menu &m = r.menu;
        QCOMPARE(m.pages.size(), 2);
        QCOMPARE(m.main()->title, QStringLiteral("Preboot Services Menu"));
        QCOMPARE(m.main()->timeoutSeconds, 30);
        QCOMPARE(m.main()->defaultEntry()->id, QStringLiteral("exit"));
        QVERIFY(m.passwordHash.isEmpty());
        // The source suite's entries: start imaging, maintenance, disable/enable partition, exit.
        QCOMPARE(m.findItem(QStringLiteral("start"))->action.type, MenuAction::Type::Imaging);
        QCOMPARE(m.findItem(QStringLiteral("maintenance"))->action.type, MenuAction::Type::Maintenance);
        QCOMPARE(m.findItem(QStringLiteral("disable"))->action,
                 (MenuAction{MenuAction::Type::Bundle, QStringLiteral("disable-imaging-partition")}));
        QCOMPARE(m.findItem(QStringLiteral("enable"))->action.type, MenuAction::Type::Bundle);
        QCOMPARE(m.findItem(QStringLiteral("exit"))->action.type, MenuAction::Type::LocalBoot);
        const MenuPage *page = nullptr;
        QCOMPARE(m.findItem(QStringLiteral("poweroff"), &page)->action.type, MenuAction::Type::PowerOff);
        QCOMPARE(page->id, QStringLiteral("power"));
        QCOMPARE(page->title, QStringLiteral("Reboot or power off"));
        QCOMPARE(
            m.findItem(QStringLiteral("start"))->comments,
            QStringList{QStringLiteral(" Runs the bundle assigned to this device (or matched by a hardware rule).")});
    }

    void syntaxDetails()
    {
        const MenuParseResult r = MenuParser::parse(QStringLiteral("\xFEFF"
                                                                   "title   Menu with  spaces # not a comment \r\n"
                                                                   "\titem a \"say \\\"hi\\\" \\\\ \" local\r\n"
                                                                   "item b B bundle \"two words\"\r\n"
                                                                   "separator\n"
                                                                   "separator Heading text\n"
                                                                   "default b\n"
                                                                   "timeout 0\n"));
        QVERIFY2(r.diagnostics.isEmpty(), qPrintable(describeAll(r.diagnostics)));
        const MenuPage &main = *r.menu.main();
        QCOMPARE(main.title, QStringLiteral("Menu with  spaces # not a comment"));
        QCOMPARE(main.items.size(), 4);
        QCOMPARE(main.items[0].label, QStringLiteral("say \"hi\" \\ "));
        QCOMPARE(main.items[1].label, QStringLiteral("B"));
        QCOMPARE(main.items[1].action.argument, QStringLiteral("two words"));
        QVERIFY(main.items[2].separator);
        QCOMPARE(main.items[3].label, QStringLiteral("Heading text"));
        QCOMPARE(main.defaultEntry()->id, QStringLiteral("b"));
        QCOMPARE(main.timeoutSeconds, 0);
    }

    void serialiseRoundTrips_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("default") << defaultMenuText();
        QTest::newRow("password and comments")
            << QStringLiteral("# head\npassword %1\ntitle \"T\"\n# about a\nitem a \"A\" imaging\n"
                              "# before menu\nmenu m \"Sub \\\"x\\\"\"\n# inside\ntimeout 5\ndefault z\n"
                              "item z \"Z\" bundle \"my bundle\"\nitem s \"S\" submenu m\n# tail\n")
                   .arg(QLatin1String(kHash));
        QTest::newRow("minimal") << QStringLiteral("item a a local");
        QTest::newRow("control characters") << QStringLiteral("title a\tb\x01c\nitem a \"x\ty\" bundle p\x02q\n");
    }

    void serialiseRoundTrips()
    {
        QFETCH(QString, text);
        const MenuParseResult first = MenuParser::parse(text);
        QVERIFY2(!first.hasErrors(), qPrintable(describeAll(first.diagnostics)));
        const QString canonical = MenuSerialiser::serialise(first.menu);
        const MenuParseResult second = MenuParser::parse(canonical);
        QVERIFY2(!second.hasErrors(), qPrintable(canonical + describeAll(second.diagnostics)));
        QCOMPARE(second.menu, first.menu);
        QCOMPARE(MenuSerialiser::serialise(second.menu), canonical); // stable
    }

    void serialiseMenuBuiltInCode()
    {
        Menu m;
        MenuPage main;
        main.id = Menu::mainId();
        main.title = QStringLiteral("Built");
        main.timeoutSeconds = 7;
        main.defaultItem = QStringLiteral("x");
        main.items << MenuItem::entry(QStringLiteral("x"), QStringLiteral("Line\nbreak"), MenuAction::Type::Reboot)
                   << MenuItem::separatorLine()
                   << MenuItem::entry(QStringLiteral("y"), QStringLiteral("Tab\tbundle"), MenuAction::Type::Bundle,
                                      QStringLiteral("name\twith tab"));
        m.pages << main;
        const MenuParseResult r = MenuParser::parse(MenuSerialiser::serialise(m));
        QVERIFY2(r.diagnostics.isEmpty(), qPrintable(describeAll(r.diagnostics)));
        QCOMPARE(r.menu.main()->items[0].label, QStringLiteral("Line break"));
        QCOMPARE(r.menu.main()->items[2].action.argument, QStringLiteral("name with tab"));
        QCOMPARE(r.menu.main()->timeoutSeconds, 7);
    }

    void checkBundles()
    {
        const MenuParseResult r = MenuParser::parse(defaultMenuText());
        const auto diags = MenuParser::checkBundles(r.menu, {QStringLiteral("enable-imaging-partition")});
        QCOMPARE(diags.size(), 1);
        QCOMPARE(diags[0].code, MenuDiagnosticCode::UnknownBundle);
        QCOMPARE(diags[0].severity, MenuDiagnostic::Severity::Warning);
        QCOMPARE(diags[0].line, r.menu.findItem(QStringLiteral("disable"))->line);
        QVERIFY(MenuParser::checkBundles(
                    r.menu, {QStringLiteral("enable-imaging-partition"), QStringLiteral("disable-imaging-partition")})
                    .isEmpty());
    }

    void passwordHash()
    {
        const QString h = MenuPassword::hash(QStringLiteral("s3cret"), 2000);
        QVERIFY2(h.startsWith(QStringLiteral("pbkdf2-sha256$2000$")), qPrintable(h));
        QVERIFY(MenuPassword::isWellFormed(h));
        QVERIFY(MenuPassword::verify(QStringLiteral("s3cret"), h));
        QVERIFY(!MenuPassword::verify(QStringLiteral("s3cret "), h));
        QVERIFY(!MenuPassword::verify(QString(), h));
        QVERIFY(h != MenuPassword::hash(QStringLiteral("s3cret"), 2000)); // salted
        QVERIFY(!MenuPassword::verify(QStringLiteral("s3cret"), QStringLiteral("s3cret")));
        // Known answer: the published PBKDF2-HMAC-SHA256 vector (RFC 6070's inputs, 4096 rounds).
        QVERIFY(
            MenuPassword::verify(QStringLiteral("passwordPASSWORDpassword"),
                                 QStringLiteral("pbkdf2-sha256$4096$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$"
                                                "NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU-E")));
        const MenuParseResult r = MenuParser::parse(QStringLiteral("password %1\nitem a A local\n").arg(h));
        QVERIFY(r.diagnostics.isEmpty());
        QCOMPARE(r.menu.passwordHash, h);
    }
};

QTEST_GUILESS_MAIN(TestMenuParser)
#include "tst_menuparser.moc"
