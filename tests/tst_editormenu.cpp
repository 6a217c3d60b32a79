// The pxemenu.txt editor: diagnostics as you type (line-precise), the entries table and the text in
// sync both ways, undo / redo, the 80×25 preview, global settings with a hashed password, atomic
// save to the store and the file, and a change made outside noticed and offered for reload.
#include "tst_editorfixture.h"

#include "editors/codeeditor.h"
#include "editors/menueditor.h"
#include "editors/menuentriesmodel.h"
#include "editors/menuhighlighter.h"
#include "editors/menupreview.h"
#include "editors/menusettingsform.h"
#include "menu/menupassword.h"
#include "store/settingsrepository.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTextBlock>
#include <QTextLayout>
#include <QTimer>

#include <memory>

using namespace bootbench;
using namespace bootbench::test;

namespace {
QString defaultMenu()
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/resources/default/pxemenu.txt"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no default pxemenu.txt");
    return QString::fromUtf8(f.readAll());
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void writeAll(const QString &path, const QString &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

int lineOf(const QString &text, const QString &startsWith)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).trimmed().startsWith(startsWith))
            return i + 1;
    }
    return 0;
}

void replaceText(MenuEditor &editor, const QString &from, const QString &to)
{
    QString text = editor.textEdit()->toPlainText();
    QVERIFY2(text.contains(from), qPrintable(from));
    text.replace(from, to);
    // As typed: through the document, so it is one undo step.
    QTextCursor c(editor.textEdit()->document());
    c.select(QTextCursor::Document);
    c.insertText(text);
}

struct MenuFixture
{
    EditorFixture fx;
    QString file = fx.dir.filePath(QStringLiteral("data/pxemenu.txt"));
};
} // namespace

class TestEditorMenu : public QObject
{
    Q_OBJECT
private slots:
    void loadsTheMenuInUseAndWritesTheFileCopy()
    {
        MenuFixture m;
        MenuEditor editor(*m.fx.store, m.file, defaultMenu());
        QAbstractItemModelTester tester(editor.entries(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(editor.textEdit()->toPlainText(), defaultMenu());
        QCOMPARE(readAll(m.file), defaultMenu());
        QVERIFY(!editor.isModified());
        QVERIFY(!editor.externalChangePending());
        QCOMPARE(editor.entries()->rowCount(), 9);
        QCOMPARE(editor.entries()->index(0, MenuEntriesModel::LabelColumn).data().toString(),
                 QStringLiteral("Start imaging"));
        // "exit" is the default of the main menu.
        const int exitRow = editor.entries()->rowOf(QStringLiteral("exit"));
        QCOMPARE(editor.entries()->index(exitRow, MenuEntriesModel::DefaultColumn).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Checked));
        // Bundles named by "bundle" entries do not exist in this store: warnings, not errors.
        QCOMPARE(editor.diagnostics().size(), 2);
        QCOMPARE(editor.diagnostics().first().severity, MenuDiagnostic::Severity::Warning);
        QCOMPARE(editor.diagnostics().first().code, MenuDiagnosticCode::UnknownBundle);
    }

    void diagnosticsAsYouTypeAreLinePrecise()
    {
        MenuFixture m;
        MenuEditor editor(*m.fx.store, m.file, defaultMenu());
        editor.show();
        replaceText(editor, QStringLiteral("item exit \"Exit (boot the local disk)\" local"),
                    QStringLiteral("item exit \"Exit (boot the local disk)\" locl"));
        const int line = lineOf(editor.textEdit()->toPlainText(), QStringLiteral("item exit"));
        // Parsed shortly after typing stops.
        QTRY_VERIFY(std::any_of(editor.diagnostics().cbegin(), editor.diagnostics().cend(),
                                [](const MenuDiagnostic &d) { return d.code == MenuDiagnosticCode::UnknownAction; }));
        const auto d =
            *std::find_if(editor.diagnostics().cbegin(), editor.diagnostics().cend(),
                          [](const MenuDiagnostic &x) { return x.code == MenuDiagnosticCode::UnknownAction; });
        QCOMPARE(d.line, line);
        QCOMPARE(d.column, 40);
        bool listed = false;
        for (int i = 0; i < editor.diagnosticsList()->count(); ++i)
            listed = listed || editor.diagnosticsList()->item(i)->text().startsWith(
                                   QStringLiteral("Line %1, column 40: error: Unknown action \"locl\"").arg(line));
        QVERIFY(listed);
        // The word is underlined where it is.
        const QTextBlock block = editor.textEdit()->document()->findBlockByNumber(line - 1);
        bool underlined = false;
        for (const QTextLayout::FormatRange &r : block.layout()->formats())
            underlined =
                underlined || (r.start == 39 && MenuHighlighter::kindOf(r.format) == MenuHighlighter::Kind::Error);
        QVERIFY(underlined);
        // The label is a string, the action an action, the entry's id plain, even when it is an action's name.
        const int maintenanceLine = lineOf(editor.textEdit()->toPlainText(), QStringLiteral("item maintenance"));
        const QTextBlock mb = editor.textEdit()->document()->findBlockByNumber(maintenanceLine - 1);
        const auto kindAt = [&mb](int pos) {
            for (const QTextLayout::FormatRange &r : mb.layout()->formats()) {
                if (pos >= r.start && pos < r.start + r.length)
                    return MenuHighlighter::kindOf(r.format);
            }
            return MenuHighlighter::Kind::Plain;
        };
        QCOMPARE(kindAt(0), MenuHighlighter::Kind::Directive);
        QCOMPARE(kindAt(6), MenuHighlighter::Kind::Plain);   // the id "maintenance"
        QCOMPARE(kindAt(27), MenuHighlighter::Kind::String); // "maintenance" inside the label
        QCOMPARE(kindAt(int(mb.text().size()) - 2), MenuHighlighter::Kind::Action);
        // A menu with an error is not saved: neither the store nor the file changes.
        QVERIFY(!editor.findChild<QPushButton *>(QStringLiteral("saveMenu"))->isEnabled());
        QVERIFY(!editor.save());
        QVERIFY2(editor.statusText().startsWith(QLatin1String("Not saved: 2 error")), qPrintable(editor.statusText()));
        QString error;
        QVERIFY(SettingsRepository(*m.fx.store).menuText(&error).isEmpty());
        QCOMPARE(readAll(m.file), defaultMenu());
        // Fixed: the error goes away.
        replaceText(editor, QStringLiteral("locl"), QStringLiteral("local"));
        editor.reparseNow();
        QVERIFY(std::none_of(editor.diagnostics().cbegin(), editor.diagnostics().cend(),
                             [](const MenuDiagnostic &x) { return x.severity == MenuDiagnostic::Severity::Error; }));
    }

    void textAndEntriesStayInSync()
    {
        MenuFixture m;
        MenuEditor editor(*m.fx.store, m.file, defaultMenu());
        editor.show();
        MenuEntriesModel *model = editor.entries();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Text → table.
        replaceText(editor, QStringLiteral("item start \"Start imaging\" imaging"),
                    QStringLiteral("item start \"Start imaging now\" imaging key s"));
        editor.reparseNow();
        QCOMPARE(model->index(0, MenuEntriesModel::LabelColumn).data().toString(), QStringLiteral("Start imaging now"));
        QCOMPARE(model->index(0, MenuEntriesModel::KeyColumn).data().toString(), QStringLiteral("s"));

        // Table → text: label, action, hotkey, default.
        const int maintenance = model->rowOf(QStringLiteral("maintenance"));
        QVERIFY(model->setData(model->index(maintenance, MenuEntriesModel::LabelColumn), QStringLiteral("Shell"),
                               Qt::EditRole));
        QTRY_VERIFY(editor.textEdit()->toPlainText().contains(QLatin1String("item maintenance \"Shell\" maintenance")));
        QVERIFY(
            model->setData(model->index(maintenance, MenuEntriesModel::KeyColumn), QStringLiteral("m"), Qt::EditRole));
        QTRY_VERIFY(
            editor.textEdit()->toPlainText().contains(QLatin1String("item maintenance \"Shell\" maintenance key m")));
        const int power = model->rowOf(QStringLiteral("power"));
        QVERIFY(model->setData(model->index(power, MenuEntriesModel::ActionColumn), int(MenuAction::Type::Reboot),
                               Qt::EditRole));
        QTRY_VERIFY(
            editor.textEdit()->toPlainText().contains(QLatin1String("item power \"Reboot or power off...\" reboot\n")));
        const int start = model->rowOf(QStringLiteral("start"));
        QVERIFY(model->setData(model->index(start, MenuEntriesModel::DefaultColumn), Qt::Checked, Qt::CheckStateRole));
        QTRY_VERIFY(editor.textEdit()->toPlainText().contains(QLatin1String("\ndefault start\n")));
        QVERIFY(!editor.textEdit()->toPlainText().contains(QLatin1String("default exit")));
        // A hotkey used twice is an error on the line of the second.
        QVERIFY(model->setData(model->index(model->rowOf(QStringLiteral("exit")), MenuEntriesModel::KeyColumn),
                               QStringLiteral("S"), Qt::EditRole));
        QTRY_VERIFY(std::any_of(editor.diagnostics().cbegin(), editor.diagnostics().cend(),
                                [](const MenuDiagnostic &d) { return d.code == MenuDiagnosticCode::DuplicateKey; }));
        // Undo takes the table's edits back one by one, in the text.
        editor.textEdit()->undo();
        editor.reparseNow();
        QVERIFY(std::none_of(editor.diagnostics().cbegin(), editor.diagnostics().cend(),
                             [](const MenuDiagnostic &d) { return d.code == MenuDiagnosticCode::DuplicateKey; }));
        editor.textEdit()->undo();
        QVERIFY(editor.textEdit()->toPlainText().contains(QLatin1String("default exit")));
        editor.textEdit()->redo();
        QVERIFY(editor.textEdit()->toPlainText().contains(QLatin1String("default start")));

        // Add, move and remove entries.
        const QString id = editor.addEntry();
        QCOMPARE(id, QStringLiteral("entry1"));
        const QString text = editor.textEdit()->toPlainText();
        QCOMPARE(lineOf(text, QStringLiteral("item entry1")), lineOf(text, QStringLiteral("item exit")) + 1);
        QCOMPARE(model->index(model->rowOf(id), MenuEntriesModel::LabelColumn).data().toString(),
                 QStringLiteral("New entry"));
        QVERIFY(editor.moveEntry(-1));
        const QString moved = editor.textEdit()->toPlainText();
        QCOMPARE(lineOf(moved, QStringLiteral("item entry1")) + 1, lineOf(moved, QStringLiteral("item exit")));
        QVERIFY(editor.removeEntry());
        QVERIFY(!editor.textEdit()->toPlainText().contains(QLatin1String("entry1")));
        QCOMPARE(model->rowOf(id), -1);
    }

    void previewDrawsTheDeviceScreen()
    {
        MenuFixture m;
        MenuEditor editor(*m.fx.store, m.file, defaultMenu());
        MenuPreview *p = editor.preview();
        const QStringList screen = p->screenLines();
        QCOMPARE(screen.size(), 25);
        QCOMPARE(screen.first().size(), 80);
        const QString title = QStringLiteral("Preboot Services Menu");
        QCOMPARE(screen.at(1).indexOf(title), (80 - int(title.size())) / 2);
        QCOMPARE(screen.at(3).mid(1, 15), QStringLiteral("  Start imaging"));
        QCOMPARE(p->backgroundAt(3, 5), MenuPreview::vgaColour(1)); // blue
        // "exit", the default, is the seventh line (separator included): row 9, red, with the count-down.
        const QString exitRow = screen.at(9);
        QVERIFY2(exitRow.contains(QLatin1String("Exit (boot the local disk)")), qPrintable(exitRow));
        QVERIFY2(exitRow.trimmed().endsWith(QLatin1String("(30)")), qPrintable(exitRow));
        QCOMPARE(p->backgroundAt(9, 5), MenuPreview::vgaColour(4)); // red
        QCOMPARE(p->foregroundAt(9, 5), MenuPreview::vgaColour(15));
        QCOMPARE(p->backgroundAt(7, 3), MenuPreview::vgaColour(1)); // the separator row
        // Choosing an entry in the table draws it chosen; the submenu is shown for its entries.
        editor.entriesView()->setCurrentIndex(
            editor.entries()->index(editor.entries()->rowOf(QStringLiteral("reboot")), 1));
        QCOMPARE(p->page(), QStringLiteral("power"));
        QVERIFY(p->screenLines().at(1).contains(QLatin1String("Reboot or power off")));
        QCOMPARE(p->backgroundAt(3, 5), MenuPreview::vgaColour(4));
    }

    void saveIsAtomicWithSettingsAndPassword()
    {
        MenuFixture m;
        MenuEditor editor(*m.fx.store, m.file, defaultMenu());
        replaceText(editor, QStringLiteral("timeout 30"), QStringLiteral("timeout 10"));
        MenuSettingsForm *s = editor.settingsForm();
        s->modeCombo()->setCurrentIndex(s->modeCombo()->findData(int(MenuMode::Always)));
        s->timeoutSpin()->setValue(5);
        // Password: too short, then not confirmed: errors next to the fields, nothing saved.
        s->passwordEdit()->setText(QStringLiteral("abc"));
        QCOMPARE(editor.findChild<QLabel *>(QStringLiteral("menuPasswordError"))->text(),
                 QStringLiteral("Use at least 4 characters."));
        s->passwordEdit()->setText(QStringLiteral("students-out"));
        QCOMPARE(editor.findChild<QLabel *>(QStringLiteral("menuPasswordConfirmError"))->text(),
                 QStringLiteral("The two passwords differ."));
        QVERIFY(!editor.save());
        QString error;
        QVERIFY(SettingsRepository(*m.fx.store).menuText(&error).isEmpty());
        s->confirmEdit()->setText(QStringLiteral("students-out"));
        // The password is hashed on a worker: save() comes back at once and saves when it is ready.
        QSignalSpy savedSpy(&editor, &MenuEditor::saved);
        QVERIFY(!editor.save());
        QVERIFY(editor.savePending());
        QVERIFY(savedSpy.wait(60000));
        QVERIFY2(!editor.statusText().startsWith(QLatin1String("Not saved")), qPrintable(editor.statusText()));

        const SettingsRepository repo(*m.fx.store);
        const QString saved = repo.menuText(&error);
        QVERIFY(saved.contains(QLatin1String("timeout 10")));
        QCOMPARE(readAll(m.file), saved);
        const MenuSettings settings = repo.menuSettings(&error);
        QCOMPARE(settings.mode, MenuMode::Always);
        QCOMPARE(settings.timeoutSeconds, 5);
        QVERIFY(settings.passwordHash.startsWith(QLatin1String("pbkdf2-sha256$")));
        QVERIFY(!settings.passwordHash.contains(QLatin1String("students-out")));
        QVERIFY(MenuPassword::verify(QStringLiteral("students-out"), settings.passwordHash));
        QVERIFY(!editor.isModified());
        QVERIFY(s->passwordEdit()->text().isEmpty()); // never kept in clear
        // No temporary file left behind by the atomic save.
        QCOMPARE(QDir(QFileInfo(m.file).absolutePath()).entryList(QDir::Files),
                 QStringList{QStringLiteral("pxemenu.txt")});

        // Clearing the password.
        s->clearPassword();
        QVERIFY(editor.isModified());
        QVERIFY(editor.save());
        QVERIFY(repo.menuSettings(&error).passwordHash.isEmpty());
    }

    void passwordIsHashedOffTheGuiThread()
    {
        QElapsedTimer clock;
        clock.start();
        QVERIFY(MenuPassword::verify(QStringLiteral("x"), MenuPassword::hash(QStringLiteral("x"))));
        const qint64 hashMs = clock.elapsed() / 2; // one hash (the check hashes too)
        qInfo("one password hash: %lld ms", hashMs);

        MenuFixture m;
        auto editor = std::make_unique<MenuEditor>(*m.fx.store, m.file, defaultMenu());
        MenuSettingsForm *s = editor->settingsForm();
        QSignalSpy saved(editor.get(), &MenuEditor::saved);
        // A password typed, then changed while its hash is being computed: the newer one is saved.
        s->passwordEdit()->setText(QStringLiteral("first-pass"));
        s->confirmEdit()->setText(QStringLiteral("first-pass"));
        QVERIFY(s->isHashing());
        s->hashNow();
        s->passwordEdit()->setText(QStringLiteral("second-pass"));
        s->confirmEdit()->setText(QStringLiteral("second-pass"));
        QVERIFY(s->isHashing());

        // The event loop keeps turning while the hash is computed: the longest gap between two
        // turns stays far below one hash.
        qint64 last = 0, worstGap = 0;
        QElapsedTimer loop;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&] {
            worstGap = qMax(worstGap, loop.elapsed() - last);
            last = loop.elapsed();
        });
        loop.start();
        tick.start();
        clock.restart();
        QVERIFY(!editor->save());
        const qint64 saveCallMs = clock.elapsed();
        QVERIFY(editor->savePending());
        QVERIFY(saved.wait(60000));
        tick.stop();
        qInfo("save() returned after %lld ms, saved after %lld ms, longest event-loop gap %lld ms", saveCallMs,
              clock.elapsed(), worstGap);
        QVERIFY2(saveCallMs < hashMs / 2, qPrintable(QString::number(saveCallMs)));
        QVERIFY2(worstGap < qMax<qint64>(hashMs / 2, 100), qPrintable(QString::number(worstGap)));
        QString error;
        const QString stored = SettingsRepository(*m.fx.store).menuSettings(&error).passwordHash;
        QVERIFY(MenuPassword::verify(QStringLiteral("second-pass"), stored));
        QVERIFY(!MenuPassword::verify(QStringLiteral("first-pass"), stored));

        // Changing the settings while a save waits for the hash cancels that save.
        s->passwordEdit()->setText(QStringLiteral("third-pass"));
        s->confirmEdit()->setText(QStringLiteral("third-pass"));
        QVERIFY(!editor->save());
        s->timeoutSpin()->setValue(s->timeoutSpin()->value() + 1);
        QVERIFY(!editor->savePending());
        QVERIFY(editor->statusText().startsWith(QLatin1String("Not saved")));
        QTRY_VERIFY_WITH_TIMEOUT(!s->isHashing(), 60000); // the hash lands; nothing is saved by itself
        QCoreApplication::processEvents();
        QCOMPARE(saved.size(), 1);
        QVERIFY(MenuPassword::verify(QStringLiteral("second-pass"),
                                     SettingsRepository(*m.fx.store).menuSettings(&error).passwordHash));

        // Closing the editor while a hash runs does not wait for it.
        s->passwordEdit()->setText(QStringLiteral("fourth-pass"));
        s->confirmEdit()->setText(QStringLiteral("fourth-pass"));
        s->hashNow();
        QVERIFY(s->isHashing());
        clock.restart();
        editor.reset();
        QVERIFY2(clock.elapsed() < hashMs / 2, qPrintable(QString::number(clock.elapsed())));
    }

    void outsideChangeIsOfferedForReload()
    {
        MenuFixture m;
        MenuEditor editor(*m.fx.store, m.file, defaultMenu());
        QVERIFY(!editor.externalChangePending());
        const QString edited = defaultMenu().replace(QLatin1String("timeout 30"), QLatin1String("timeout 45"));
        writeAll(m.file, edited);
        QTRY_VERIFY(editor.externalChangePending());
        QVERIFY2(editor.bannerText().contains(QLatin1String("was changed outside Bootbench")),
                 qPrintable(editor.bannerText()));
        editor.reloadOffered();
        QVERIFY(!editor.externalChangePending());
        QVERIFY(editor.textEdit()->toPlainText().contains(QLatin1String("timeout 45")));
        QVERIFY(editor.isModified()); // still to be saved for the devices
        editor.textEdit()->undo();    // the reload is one undo step
        QVERIFY(editor.textEdit()->toPlainText().contains(QLatin1String("timeout 30")));
        editor.textEdit()->redo();
        QVERIFY(editor.save());
        QString error;
        QVERIFY(SettingsRepository(*m.fx.store).menuText(&error).contains(QLatin1String("timeout 45")));
        // Our own save is not reported as an outside change.
        QTest::qWait(200);
        QVERIFY(!editor.externalChangePending());

        // "Keep mine" dismisses one version.
        writeAll(m.file, edited + QStringLiteral("# a comment\n"));
        QTRY_VERIFY(editor.externalChangePending());
        editor.keepMine();
        QVERIFY(!editor.externalChangePending());
        QVERIFY(!editor.textEdit()->toPlainText().contains(QLatin1String("# a comment")));
    }

    void storeChangedElsewhereIsPickedUp()
    {
        MenuFixture m;
        MenuEditor editor(*m.fx.store, m.file, defaultMenu());
        QString error;
        const QString imported = QStringLiteral("title Lab\nitem a \"A\" local\n");
        QVERIFY(SettingsRepository(*m.fx.store).setMenuText(imported, &error));
        editor.storeChanged();
        QCOMPARE(editor.textEdit()->toPlainText(), imported);
        QVERIFY(!editor.isModified());
        // While editing, it is offered instead of replacing the edit.
        replaceText(editor, QStringLiteral("\"A\""), QStringLiteral("\"B\""));
        QVERIFY(
            SettingsRepository(*m.fx.store).setMenuText(QStringLiteral("title Other\nitem a \"A\" local\n"), &error));
        editor.storeChanged();
        QVERIFY(editor.externalChangePending());
        QVERIFY(editor.textEdit()->toPlainText().contains(QLatin1String("\"B\"")));
        editor.reloadOffered();
        QVERIFY(editor.textEdit()->toPlainText().startsWith(QLatin1String("title Other")));
        QVERIFY(!editor.isModified());
    }
};

QTEST_MAIN(TestEditorMenu)
#include "tst_editormenu.moc"
