// The devices editor: adding with MAC validation and normalisation, editing name, image-safe data
// and the per-device menu setting, and importing a CSV.
#include "tst_editorfixture.h"

#include "editors/csvimportdialog.h"
#include "editors/deviceform.h"
#include "editors/deviceseditor.h"
#include "editors/fielderror.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>

using namespace bootbench;
using namespace bootbench::test;

namespace {
FieldError *errorOf(QWidget *root, const QString &fieldName)
{
    return root->findChild<FieldError *>(fieldName + QStringLiteral("Error"));
}
} // namespace

class TestEditorDevices : public QObject
{
    Q_OBJECT
private slots:
    void addNormalisesTheMac()
    {
        EditorFixture fx;
        DevicesEditor editor(*fx.store);
        editor.show();
        QTest::keyClicks(editor.newMacEdit(), QStringLiteral("52-54-00-AB-CD-EF"));
        QTest::keyClicks(editor.newNameEdit(), QStringLiteral("lab-pc-1"));
        QVERIFY(editor.findChild<QPushButton *>(QStringLiteral("addDevice"))->isEnabled());
        QVERIFY2(editor.addDevice(), qPrintable(editor.statusText()));
        QString error;
        const std::optional<Device> d = DeviceRepository(*fx.store).find(QStringLiteral("52:54:00:ab:cd:ef"), &error);
        QVERIFY(d);
        QCOMPARE(d->name, QStringLiteral("lab-pc-1"));
        QCOMPARE(editor.table()->rowCount(), 1);
        QCOMPARE(editor.table()->item(0, 0)->text(), QStringLiteral("52:54:00:ab:cd:ef"));
        QVERIFY(editor.newMacEdit()->text().isEmpty());
        // The new device is selected for editing.
        QCOMPARE(editor.form()->device().mac, QStringLiteral("52:54:00:ab:cd:ef"));
    }

    void badMacOrEmptyNameSavesNothing()
    {
        EditorFixture fx;
        fx.addDevice(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("known"));
        DevicesEditor editor(*fx.store);
        editor.show();
        FieldError *macError = errorOf(&editor, QStringLiteral("newMac"));
        FieldError *nameError = errorOf(&editor, QStringLiteral("newName"));
        QVERIFY(!macError->isVisibleTo(&editor)); // nothing typed: nothing said
        QTest::keyClicks(editor.newMacEdit(), QStringLiteral("52:54:00:zz:00:02"));
        QVERIFY(macError->isVisibleTo(&editor));
        QCOMPARE(macError->text(), QStringLiteral("Not a MAC address: expected six hex pairs like 52:54:00:12:34:56."));
        QVERIFY(!editor.findChild<QPushButton *>(QStringLiteral("addDevice"))->isEnabled());
        QVERIFY(!editor.addDevice());

        editor.newMacEdit()->setText(QStringLiteral("5254.0000.0001"));
        QCOMPARE(macError->text(), QStringLiteral("A device with MAC 52:54:00:00:00:01 exists already."));
        QVERIFY(!editor.addDevice());

        editor.newMacEdit()->setText(QStringLiteral("52:54:00:00:00:02"));
        QVERIFY(!macError->isVisibleTo(&editor));
        QCOMPARE(nameError->text(), QStringLiteral("Enter a name for the device."));
        QVERIFY(!editor.addDevice());
        QString error;
        QCOMPARE(DeviceRepository(*fx.store).list(&error).size(), 1);
    }

    void editNameImageSafeDataAndMenu()
    {
        EditorFixture fx;
        fx.addDevice(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("pc1"));
        DevicesEditor editor(*fx.store);
        editor.show();
        QVERIFY(editor.selectDevice(QStringLiteral("52:54:00:00:00:01")));
        DeviceForm *form = editor.form();
        QVERIFY(!form->isDirty());
        // An empty name: error next to the field, nothing saved.
        form->nameEdit()->clear();
        QCOMPARE(errorOf(form, QStringLiteral("deviceName"))->text(), QStringLiteral("Enter a name for the device."));
        QVERIFY(!editor.save());
        QString error;
        QCOMPARE(DeviceRepository(*fx.store).find(QStringLiteral("52:54:00:00:00:01"), &error)->name,
                 QStringLiteral("pc1"));

        form->nameEdit()->setText(QStringLiteral("reception"));
        form->staticButton()->setChecked(true);
        QCOMPARE(errorOf(form, QStringLiteral("ip"))->text(), QStringLiteral("A static address needs an IP address."));
        form->field(QStringLiteral("ip"))->setText(QStringLiteral("192.168.10.300"));
        QVERIFY(errorOf(form, QStringLiteral("ip"))->text().contains(QLatin1String("not an IPv4 address")));
        form->field(QStringLiteral("ip"))->setText(QStringLiteral("192.168.10.21"));
        form->field(QStringLiteral("mask"))->setText(QStringLiteral("255.0.255.0"));
        QVERIFY(errorOf(form, QStringLiteral("mask"))->isVisibleTo(&editor));
        form->field(QStringLiteral("mask"))->setText(QStringLiteral("/24"));
        form->field(QStringLiteral("gateway"))->setText(QStringLiteral("192.168.11.1"));
        QCOMPARE(errorOf(form, QStringLiteral("gateway"))->text(),
                 QStringLiteral("The gateway 192.168.11.1 is not in the device's subnet."));
        QVERIFY(!editor.save());
        form->field(QStringLiteral("gateway"))->setText(QStringLiteral("192.168.10.1"));
        form->field(QStringLiteral("dnsServers"))->setText(QStringLiteral("192.168.10.2, 192.168.10.3"));
        form->field(QStringLiteral("hostName"))->setText(QStringLiteral("reception-01"));
        form->field(QStringLiteral("dnsSuffix"))->setText(QStringLiteral("lab.example"));
        form->menuCombo()->setCurrentIndex(form->menuCombo()->findData(int(MenuMode::Always)));
        QVERIFY(form->isValid());
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));

        const Device d = *DeviceRepository(*fx.store).find(QStringLiteral("52:54:00:00:00:01"), &error);
        QCOMPARE(d.name, QStringLiteral("reception"));
        QVERIFY(!d.imageSafe.useDhcp);
        QCOMPARE(d.imageSafe.ip, QStringLiteral("192.168.10.21"));
        QCOMPARE(d.imageSafe.mask, QStringLiteral("/24"));
        QCOMPARE(d.imageSafe.dnsServers, (QStringList{QStringLiteral("192.168.10.2"), QStringLiteral("192.168.10.3")}));
        QCOMPARE(d.imageSafe.hostName, QStringLiteral("reception-01"));
        QVERIFY(d.hasMenuOverride);
        QCOMPARE(d.menuOverride, MenuMode::Always);

        // Round trip: a fresh editor shows what was saved, unchanged.
        DevicesEditor again(*fx.store);
        QVERIFY(again.selectDevice(QStringLiteral("52:54:00:00:00:01")));
        QCOMPARE(again.form()->device(), d);
        QVERIFY(!again.form()->isDirty());
        // Back to the global menu setting.
        again.form()->menuCombo()->setCurrentIndex(0);
        QVERIFY(again.save());
        QVERIFY(!DeviceRepository(*fx.store).find(QStringLiteral("52:54:00:00:00:01"), &error)->hasMenuOverride);
    }

    void csvImportAllOrNothing()
    {
        EditorFixture fx;
        fx.addDevice(QStringLiteral("52:54:00:00:00:09"), QStringLiteral("known"));
        const QString csv = QStringLiteral("mac,name,serial\n"
                                           "52:54:00:00:00:01,pc1,S1\n"
                                           "not-a-mac,pc2,S2\n"
                                           "52-54-00-00-00-03,pc3,S3\n"
                                           "52:54:00:00:00:09,again,S9\n");
        CsvImportDialog dialog(*fx.store, QStringLiteral("bench.csv"), csv);
        QCOMPARE(dialog.table()->rowCount(), 4);
        QCOMPARE(dialog.problemCount(), 2);
        QCOMPARE(dialog.importableCount(), 2);
        QCOMPARE(dialog.table()->item(1, 0)->text(), QStringLiteral("3")); // line numbers of the file
        QVERIFY(dialog.table()->item(1, 4)->text().contains(QLatin1String("not a MAC address")));
        QVERIFY(dialog.table()->item(3, 4)->text().contains(QLatin1String("exists already")));
        // Problems: nothing is imported unless the user chooses to skip them.
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(!dialog.importRows());
        QString error;
        QCOMPARE(DeviceRepository(*fx.store).list(&error).size(), 1);
        dialog.skipProblems()->setChecked(true);
        QVERIFY(dialog.importButton()->isEnabled());
        QVERIFY2(dialog.importRows(), qPrintable(dialog.errorText()));
        const QList<Device> all = DeviceRepository(*fx.store).list(&error);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(1).mac, QStringLiteral("52:54:00:00:00:03"));
        QCOMPARE(all.at(1).serial, QStringLiteral("S3"));
    }

    void csvImportRollsBackWhenTheStoreRefuses()
    {
        EditorFixture fx;
        CsvImportDialog dialog(*fx.store, QStringLiteral("bench.csv"),
                               QStringLiteral("52:54:00:00:00:01,pc1\n52:54:00:00:00:02,pc2\n"));
        QVERIFY(dialog.importButton()->isEnabled());
        // Someone adds the second device between reading the file and importing.
        fx.addDevice(QStringLiteral("52:54:00:00:00:02"), QStringLiteral("meanwhile"));
        QVERIFY(!dialog.importRows());
        QVERIFY2(dialog.errorText().contains(QLatin1String("line 2")), qPrintable(dialog.errorText()));
        QString error;
        QCOMPARE(DeviceRepository(*fx.store).list(&error).size(), 1); // pc1 was not kept either
    }
};

QTEST_MAIN(TestEditorDevices)
#include "tst_editordevices.moc"
