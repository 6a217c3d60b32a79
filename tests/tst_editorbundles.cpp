// The bundles editor: valid input saves and round-trips through the store; invalid input shows the
// error next to the field and saves nothing; deleting a bundle in use asks and names the users.
#include "tst_editorfixture.h"

#include "editors/actioneditor.h"
#include "editors/bundleform.h"
#include "editors/bundleseditor.h"
#include "editors/fielderror.h"
#include "editors/imageactioneditors.h"
#include "editors/imagechecksummer.h"
#include "editors/imagepicker.h"
#include "editors/scriptactioneditor.h"
#include "editors/scripthighlighter.h"
#include "editors/winpeactioneditor.h"
#include "store/assignmentrepository.h"
#include "store/rulerepository.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>

using namespace bootbench;
using namespace bootbench::test;

namespace {
FieldError *errorOf(QWidget *root, const QString &fieldName)
{
    return root->findChild<FieldError *>(fieldName + QStringLiteral("Error"));
}

// The error label of a field inside the editor currently shown.
FieldError *visibleErrorOf(QWidget *root, const QString &fieldName)
{
    const QList<FieldError *> all = root->findChildren<FieldError *>(fieldName + QStringLiteral("Error"));
    for (FieldError *e : all) {
        if (e->isVisibleTo(root))
            return e;
    }
    return nullptr;
}

void chooseImage(ImagePicker *picker, const QString &relative)
{
    picker->refresh();
    const int index = picker->combo()->findText(relative);
    QVERIFY2(index > 0, qPrintable(relative));
    picker->combo()->setCurrentIndex(index);
}

ScriptHighlighter::Kind kindAt(const QTextBlock &block, int position)
{
    for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
        if (position >= r.start && position < r.start + r.length)
            return ScriptHighlighter::kindOf(r.format);
    }
    return ScriptHighlighter::Kind::Plain;
}
} // namespace

class TestEditorBundles : public QObject
{
    Q_OBJECT
private slots:
    void restoreBundleSavesAndRoundTrips()
    {
        EditorFixture fx;
        fx.writeFile(QStringLiteral("images/win11.img"), "abc");
        BundlesEditor editor(*fx.store, fx.images());
        editor.show();
        editor.newBundle();
        BundleForm *form = editor.form();
        form->nameEdit()->setText(QStringLiteral("win11-lab"));
        form->kindCombo()->setCurrentIndex(form->kindCombo()->findData(int(BundleKind::ImageRestore)));
        form->kernelParamsEdit()->setText(QStringLiteral("quiet nomodeset"));
        auto *restore = qobject_cast<RestoreActionEditor *>(form->editorFor(QStringLiteral("restore")));
        QVERIFY(restore && restore->isVisibleTo(&editor));
        chooseImage(restore->picker(), QStringLiteral("win11.img"));
        // The checksum is computed in the background; until then saving is refused with a reason.
        QTRY_VERIFY(form->isValid());
        QVERIFY(restore->findChild<QLabel *>(QStringLiteral("imageInfo"))
                    ->text()
                    .contains(QLatin1String("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));
        restore->findChild<QLineEdit *>(QStringLiteral("partitions"))->setText(QStringLiteral("1,2"));
        QVERIFY(editor.findChild<QPushButton *>(QStringLiteral("saveBundle"))->isEnabled());
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));

        QString error;
        const std::optional<Bundle> saved = BundleRepository(*fx.store).find(QStringLiteral("win11-lab"), &error);
        QVERIFY(saved);
        QCOMPARE(saved->kind, BundleKind::ImageRestore);
        QCOMPARE(saved->kernelParams, QStringLiteral("quiet nomodeset"));
        QCOMPARE(saved->actions.size(), 1);
        const QJsonObject p = saved->actions[0].params;
        QCOMPARE(saved->actions[0].type, QStringLiteral("restore"));
        QCOMPARE(p.value(QStringLiteral("image")).toString(), QStringLiteral("win11.img"));
        QCOMPARE(p.value(QStringLiteral("size")).toInteger(), qint64(3));
        QCOMPARE(p.value(QStringLiteral("sha256")).toString(),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(p.value(QStringLiteral("disk")).toString(), QStringLiteral("/dev/sda"));
        QCOMPARE(p.value(QStringLiteral("partitions")).toString(), QStringLiteral("1,2"));

        // A fresh editor shows exactly what was saved, and it is not "changed".
        BundlesEditor again(*fx.store, fx.images());
        QVERIFY(again.selectBundle(QStringLiteral("win11-lab")));
        QCOMPARE(again.form()->bundle(), *saved);
        QVERIFY(!again.form()->isDirty());
        QVERIFY(!again.findChild<QPushButton *>(QStringLiteral("saveBundle"))->isEnabled());
    }

    void invalidInputShowsErrorNextToFieldAndSavesNothing()
    {
        EditorFixture fx;
        fx.addBundle(QStringLiteral("taken"));
        BundlesEditor editor(*fx.store, fx.images());
        editor.show();
        editor.newBundle();
        BundleForm *form = editor.form();
        // Empty name.
        FieldError *nameError = errorOf(&editor, QStringLiteral("bundleName"));
        QVERIFY(nameError);
        QVERIFY(nameError->isVisibleTo(&editor));
        QCOMPARE(nameError->text(), QStringLiteral("Enter a name for the bundle."));
        QVERIFY(!editor.findChild<QPushButton *>(QStringLiteral("saveBundle"))->isEnabled());
        QVERIFY(!editor.save());
        // A name in use: said while typing.
        form->nameEdit()->setText(QStringLiteral("taken"));
        QVERIFY(nameError->text().contains(QLatin1String("exists already")));
        form->nameEdit()->setText(QStringLiteral("fresh"));
        QVERIFY(!nameError->isVisibleTo(&editor));
        // An empty script.
        FieldError *scriptError = visibleErrorOf(&editor, QStringLiteral("script"));
        QVERIFY(scriptError);
        QCOMPARE(scriptError->text(), QStringLiteral("Write the script the imaging environment runs."));
        QVERIFY(!editor.save());
        // A bad disk on a take-image bundle.
        form->kindCombo()->setCurrentIndex(form->kindCombo()->findData(int(BundleKind::ImageTake)));
        auto *take = form->editorFor(QStringLiteral("take"));
        take->findChild<QLineEdit *>(QStringLiteral("imageName"))->setText(QStringLiteral("../evil"));
        take->findChild<QLineEdit *>(QStringLiteral("disk"))->setText(QStringLiteral("sda"));
        QVERIFY(visibleErrorOf(&editor, QStringLiteral("disk")));
        QVERIFY(visibleErrorOf(&editor, QStringLiteral("disk"))->text().contains(QLatin1String("/dev/sda")));
        QVERIFY(visibleErrorOf(&editor, QStringLiteral("imageName")));
        QVERIFY(!editor.save());
        QVERIFY(editor.statusText().startsWith(QLatin1String("Not saved")));

        QString error;
        QCOMPARE(BundleRepository(*fx.store).list(&error).size(), 1); // only "taken"

        // Fixed: it saves.
        take->findChild<QLineEdit *>(QStringLiteral("imageName"))->setText(QStringLiteral("lab.img"));
        take->findChild<QLineEdit *>(QStringLiteral("disk"))->setText(QStringLiteral("/dev/nvme0n1"));
        QVERIFY(!visibleErrorOf(&editor, QStringLiteral("disk")));
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));
        QCOMPARE(BundleRepository(*fx.store)
                     .find(QStringLiteral("fresh"), &error)
                     ->actions.at(0)
                     .params.value(QStringLiteral("disk")),
                 QJsonValue(QStringLiteral("/dev/nvme0n1")));
    }

    void orderedActionsAndScriptHighlighting()
    {
        EditorFixture fx;
        fx.writeFile(QStringLiteral("images/base.img"), "base");
        BundlesEditor editor(*fx.store, fx.images());
        editor.show();
        editor.newBundle();
        BundleForm *form = editor.form();
        form->nameEdit()->setText(QStringLiteral("restore-then-script"));
        form->kindCombo()->setCurrentIndex(form->kindCombo()->findData(int(BundleKind::ImageRestore)));
        chooseImage(qobject_cast<RestoreActionEditor *>(form->editorFor(QStringLiteral("restore")))->picker(),
                    QStringLiteral("base.img"));
        form->addAction(QStringLiteral("script"));
        QCOMPARE(form->actionList()->count(), 2);
        QCOMPARE(form->currentAction(), 1);
        auto *script = qobject_cast<ScriptActionEditor *>(form->editorFor(QStringLiteral("script")));
        script->editor()->setPlainText(QStringLiteral("# rename the host\necho \"$HOST\" > /etc/hostname"));
        const QTextBlock first = script->editor()->document()->firstBlock();
        QCOMPARE(kindAt(first, 2), ScriptHighlighter::Kind::Comment);
        const QTextBlock second = first.next();
        QCOMPARE(kindAt(second, 0), ScriptHighlighter::Kind::Builtin);  // echo
        QCOMPARE(kindAt(second, 6), ScriptHighlighter::Kind::Variable); // $HOST inside the string
        QCOMPARE(kindAt(second, 5), ScriptHighlighter::Kind::String);   // the opening quote

        // Move the script first: the order is saved.
        form->findChild<QToolButton *>(QStringLiteral("moveActionUp"))->click();
        QCOMPARE(form->currentAction(), 0);
        QTRY_VERIFY(form->isValid());
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));
        QString error;
        const Bundle saved = *BundleRepository(*fx.store).find(QStringLiteral("restore-then-script"), &error);
        QCOMPARE(saved.actions.size(), 2);
        QCOMPARE(saved.actions[0].type, QStringLiteral("script"));
        QCOMPARE(saved.actions[0].params.value(QStringLiteral("script")).toString(),
                 QStringLiteral("# rename the host\necho \"$HOST\" > /etc/hostname"));
        QCOMPARE(saved.actions[1].type, QStringLiteral("restore"));
        QCOMPARE(saved.actions[1].params.value(QStringLiteral("image")).toString(), QStringLiteral("base.img"));

        // A change elsewhere in the store (a device boots) does not reset what is being looked at.
        form->selectAction(1);
        fx.addDevice(QStringLiteral("52:54:00:00:00:42"));
        editor.reload();
        QCOMPARE(form->currentAction(), 1);
    }

    void winPeFolderCheck()
    {
        EditorFixture fx;
        fx.writeFile(QStringLiteral("winpe/bootmgr.exe"), "b");
        fx.writeFile(QStringLiteral("winpe/Boot/BCD"), "b");
        fx.writeFile(QStringLiteral("winpe/sources/boot.wim"), "w");
        BundlesEditor editor(*fx.store, fx.images());
        editor.show();
        editor.newBundle();
        BundleForm *form = editor.form();
        form->nameEdit()->setText(QStringLiteral("winpe"));
        form->kindCombo()->setCurrentIndex(form->kindCombo()->findData(int(BundleKind::WinPe)));
        auto *winpe = qobject_cast<WinPeActionEditor *>(form->editorFor(QStringLiteral("winpe")));
        QVERIFY(winpe->isVisibleTo(&editor));
        winpe->folderEdit()->setText(fx.dir.filePath(QStringLiteral("nowhere")));
        QCOMPARE(visibleErrorOf(&editor, QStringLiteral("folder"))->text(),
                 QStringLiteral("This folder does not exist."));
        winpe->folderEdit()->setText(fx.dir.filePath(QStringLiteral("winpe")));
        QVERIFY(!visibleErrorOf(&editor, QStringLiteral("folder")));
        QCOMPARE(winpe->findChild<QComboBox *>(QStringLiteral("bcd"))->currentData().toString(),
                 QStringLiteral("Boot/BCD"));
        QVERIFY(winpe->checkLabel()->text().contains(QLatin1String("boot.sdi")));
        QVERIFY(visibleErrorOf(&editor, QStringLiteral("bootSdi")));
        QVERIFY(!editor.save());
        // The technician copies the missing file in and picks the folder again.
        fx.writeFile(QStringLiteral("winpe/Boot/boot.sdi"), "s");
        winpe->folderEdit()->setText(fx.dir.filePath(QStringLiteral("winpe/")));
        QVERIFY2(winpe->checkLabel()->text().contains(QLatin1String("All four")),
                 qPrintable(winpe->checkLabel()->text()));
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));
        QString error;
        const Bundle saved = *BundleRepository(*fx.store).find(QStringLiteral("winpe"), &error);
        QCOMPARE(saved.actions[0].params.value(QStringLiteral("bootSdi")).toString(), QStringLiteral("Boot/boot.sdi"));
        QCOMPARE(saved.actions[0].params.value(QStringLiteral("bootManager")).toString(),
                 QStringLiteral("bootmgr.exe"));
    }

    void multicastSaves()
    {
        EditorFixture fx;
        fx.writeFile(QStringLiteral("images/class.img"), "class");
        BundlesEditor editor(*fx.store, fx.images());
        editor.newBundle();
        BundleForm *form = editor.form();
        form->nameEdit()->setText(QStringLiteral("class-room"));
        form->kindCombo()->setCurrentIndex(form->kindCombo()->findData(int(BundleKind::Multicast)));
        auto *mc = qobject_cast<MulticastActionEditor *>(form->editorFor(QStringLiteral("multicast")));
        chooseImage(mc->picker(), QStringLiteral("class.img"));
        mc->findChild<QSpinBox *>(QStringLiteral("expected"))->setValue(24);
        mc->findChild<QSpinBox *>(QStringLiteral("timeout"))->setValue(300);
        QTRY_VERIFY(form->isValid());
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));
        QString error;
        const QJsonObject p =
            BundleRepository(*fx.store).find(QStringLiteral("class-room"), &error)->actions.at(0).params;
        QCOMPARE(p.value(QStringLiteral("expected")).toInt(), 24);
        QCOMPARE(p.value(QStringLiteral("timeoutSeconds")).toInt(), 300);
        QCOMPARE(p.value(QStringLiteral("size")).toInteger(), qint64(5));
    }

    void renameKeepsAssignment()
    {
        EditorFixture fx;
        fx.addDevice(QStringLiteral("52:54:00:00:00:01"));
        fx.addBundle(QStringLiteral("old"), BundleKind::Script);
        QString error;
        QVERIFY(AssignmentRepository(*fx.store).assign(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("old"),
                                                       false, &error));
        BundlesEditor editor(*fx.store, fx.images());
        QVERIFY(editor.selectBundle(QStringLiteral("old")));
        editor.form()->nameEdit()->setText(QStringLiteral("new"));
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));
        QCOMPARE(AssignmentRepository(*fx.store).forDevice(QStringLiteral("52:54:00:00:00:01"), &error)->bundleName,
                 QStringLiteral("new"));
        QCOMPARE(editor.list()->currentItem()->text().section(QLatin1Char('\n'), 0, 0), QStringLiteral("new"));
    }

    void deleteAsksAndNamesDevicesAndRules()
    {
        EditorFixture fx;
        fx.addDevice(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("lab-pc-1"));
        fx.addBundle(QStringLiteral("win11"), BundleKind::Script);
        QString error;
        QVERIFY(AssignmentRepository(*fx.store).assign(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("win11"),
                                                       true, &error));
        HardwareRule rule;
        rule.name = QStringLiteral("Dell desktops");
        rule.bundleName = QStringLiteral("win11");
        rule.criteria = RuleCriterion::leaf(RuleCriterion::Field::Manufacturer, RuleCriterion::Compare::Contains,
                                            QStringLiteral("Dell"));
        QVERIFY2(RuleRepository(*fx.store).add(rule, &error), qPrintable(error));

        BundlesEditor editor(*fx.store, fx.images());
        QString asked;
        bool answer = false;
        editor.setConfirm([&](QWidget *, const QString &, const QString &text) {
            asked = text;
            return answer;
        });
        QVERIFY(editor.selectBundle(QStringLiteral("win11")));
        QVERIFY(!editor.deleteSelected());
        QVERIFY2(asked.contains(QLatin1String("lab-pc-1 (52:54:00:00:00:01)")), qPrintable(asked));
        QVERIFY2(asked.contains(QLatin1String("Dell desktops")), qPrintable(asked));
        QVERIFY(BundleRepository(*fx.store).find(QStringLiteral("win11"), &error)); // declined: still there

        answer = true;
        QVERIFY2(editor.deleteSelected(), qPrintable(editor.statusText()));
        QVERIFY(!BundleRepository(*fx.store).find(QStringLiteral("win11"), &error));
        QVERIFY(!AssignmentRepository(*fx.store).forDevice(QStringLiteral("52:54:00:00:00:01"), &error));
        QVERIFY(RuleRepository(*fx.store).list(&error).isEmpty());
        QCOMPARE(editor.list()->count(), 0);
    }
};

QTEST_MAIN(TestEditorBundles)
#include "tst_editorbundles.moc"
