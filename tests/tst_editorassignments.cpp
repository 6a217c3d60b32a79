// The assignments editor: drag devices onto a bundle or use the dialog, once or persistent; see
// and reset each assignment's state.
#include "tst_editorfixture.h"

#include "editors/assigndialog.h"
#include "editors/assignmentseditor.h"
#include "editors/assignmentwidgets.h"
#include "store/assignmentrepository.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QTimer>

using namespace bootbench;
using namespace bootbench::test;

namespace {
const QString kMac1 = QStringLiteral("52:54:00:00:00:01");
const QString kMac2 = QStringLiteral("52:54:00:00:00:02");
const QString kMac3 = QStringLiteral("52:54:00:00:00:03");

void setUp(const EditorFixture &fx)
{
    fx.addDevice(kMac1, QStringLiteral("pc1"));
    fx.addDevice(kMac2, QStringLiteral("pc2"));
    fx.addDevice(kMac3, QStringLiteral("pc3"));
    fx.addBundle(QStringLiteral("win11"), BundleKind::Script);
    fx.addBundle(QStringLiteral("ubuntu"), BundleKind::Script);
}

// Drags the selected devices onto the bundle the way Qt delivers a drop: enter, move, drop.
bool dropSelectedOnBundle(AssignmentsEditor &editor, const QString &bundle)
{
    DeviceDragTable *devices = editor.deviceTable();
    BundleDropList *bundles = editor.bundleList();
    QListWidgetItem *target = nullptr;
    for (int i = 0; i < bundles->count(); ++i) {
        if (bundles->item(i)->data(Qt::UserRole).toString() == bundle)
            target = bundles->item(i);
    }
    if (!target)
        return false;
    std::unique_ptr<QMimeData> data(devices->mimeDataFor(devices->selectedItems()));
    const QPointF pos = bundles->visualItemRect(target).center();
    QWidget *viewport = bundles->viewport();
    QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(pos.toPoint(), Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
    if (!move.isAccepted())
        return false;
    QDropEvent drop(pos, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &drop);
    return drop.isAccepted();
}
} // namespace

class TestEditorAssignments : public QObject
{
    Q_OBJECT
private slots:
    void dragDevicesOntoBundle()
    {
        EditorFixture fx;
        setUp(fx);
        AssignmentsEditor editor(*fx.store);
        editor.resize(900, 700);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QVERIFY(editor.selectDevices({kMac1, kMac2}));
        QVERIFY(dropSelectedOnBundle(editor, QStringLiteral("win11")));
        QString error;
        const AssignmentRepository repo(*fx.store);
        QCOMPARE(repo.list(&error).size(), 2);
        QCOMPARE(repo.forDevice(kMac1, &error)->bundleName, QStringLiteral("win11"));
        QVERIFY(!repo.forDevice(kMac1, &error)->persistent); // once is the default
        QCOMPARE(repo.forDevice(kMac2, &error)->state, AssignmentState::Pending);
        QCOMPARE(editor.assignmentTable()->rowCount(), 2);

        // Persistent drop of a third device.
        editor.dropPersistent()->setChecked(true);
        QVERIFY(editor.selectDevices({kMac3}));
        QVERIFY(dropSelectedOnBundle(editor, QStringLiteral("ubuntu")));
        QVERIFY(repo.forDevice(kMac3, &error)->persistent);
        QCOMPARE(repo.forDevice(kMac3, &error)->bundleName, QStringLiteral("ubuntu"));
    }

    void assignWithTheDialog()
    {
        EditorFixture fx;
        setUp(fx);
        AssignmentsEditor editor(*fx.store);
        editor.show();
        QVERIFY(editor.selectDevices({kMac2}));
        QVERIFY(editor.findChild<QPushButton *>(QStringLiteral("openAssignDialog"))->isEnabled());
        bool seen = false;
        QTimer::singleShot(0, this, [&seen] {
            auto *dialog = qobject_cast<AssignDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            seen = true;
            dialog->setBundle(QStringLiteral("ubuntu"));
            dialog->setPersistent(true);
            dialog->accept();
        });
        editor.openAssignDialog();
        QVERIFY(seen);
        QString error;
        const std::optional<Assignment> a = AssignmentRepository(*fx.store).forDevice(kMac2, &error);
        QVERIFY(a);
        QCOMPARE(a->bundleName, QStringLiteral("ubuntu"));
        QVERIFY(a->persistent);
    }

    void replacingWorkAsksFirst()
    {
        EditorFixture fx;
        setUp(fx);
        QString error;
        QVERIFY(AssignmentRepository(*fx.store).assign(kMac1, QStringLiteral("win11"), false, &error));
        AssignmentsEditor editor(*fx.store);
        QString asked;
        editor.setConfirm([&asked](QWidget *, const QString &, const QString &text) {
            asked = text;
            return false;
        });
        QVERIFY(!editor.assign({kMac1, kMac2}, QStringLiteral("ubuntu"), false));
        QVERIFY2(asked.contains(QLatin1String("pc1 (52:54:00:00:00:01): win11 (pending)")), qPrintable(asked));
        // Declined: nothing changed, not even for the device that had no work.
        QCOMPARE(AssignmentRepository(*fx.store).forDevice(kMac1, &error)->bundleName, QStringLiteral("win11"));
        QVERIFY(!AssignmentRepository(*fx.store).forDevice(kMac2, &error));
    }

    void seeAndResetState()
    {
        EditorFixture fx;
        setUp(fx);
        QString error;
        const AssignmentRepository repo(*fx.store);
        QVERIFY(repo.assign(kMac1, QStringLiteral("win11"), true, &error));
        QVERIFY(repo.assign(kMac2, QStringLiteral("win11"), false, &error));
        QVERIFY(repo.setState(kMac1, AssignmentState::Running, QString(), &error));
        QVERIFY(repo.setState(kMac1, AssignmentState::Failed, QStringLiteral("disk /dev/sda not found"), &error));
        AssignmentsEditor editor(*fx.store);
        editor.show();
        QTableWidget *table = editor.assignmentTable();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), kMac1);
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("persistent"));
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("failed"));
        QCOMPARE(table->item(0, 5)->text(), QStringLiteral("disk /dev/sda not found"));
        QCOMPARE(table->item(1, 3)->text(), QStringLiteral("once"));
        QCOMPARE(table->item(1, 4)->text(), QStringLiteral("pending"));
        // Dates in ISO with a four-digit year.
        const QString created = table->item(0, 6)->text();
        QVERIFY2(QDateTime::fromString(created, QStringLiteral("yyyy-MM-dd HH:mm")).isValid(), qPrintable(created));
        QCOMPARE(created,
                 repo.forDevice(kMac1, &error)->created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));

        QVERIFY(editor.selectAssignments({kMac2}));
        QVERIFY(!editor.findChild<QPushButton *>(QStringLiteral("resetAssignment"))->isEnabled()); // pending already
        QVERIFY(editor.selectAssignments({kMac1}));
        QVERIFY(editor.findChild<QPushButton *>(QStringLiteral("resetAssignment"))->isEnabled());
        QVERIFY2(editor.resetSelected(), qPrintable(editor.statusText()));
        const Assignment a = *repo.forDevice(kMac1, &error);
        QCOMPARE(a.state, AssignmentState::Pending);
        QVERIFY(a.reason.isEmpty());
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("pending"));

        // Unassign asks, then removes.
        editor.setConfirm([](QWidget *, const QString &, const QString &) { return true; });
        QVERIFY(editor.selectAssignments({kMac1, kMac2}));
        QVERIFY(editor.unassignSelected());
        QVERIFY(repo.list(&error).isEmpty());
        QCOMPARE(table->rowCount(), 0);
    }
};

QTEST_MAIN(TestEditorAssignments)
#include "tst_editorassignments.moc"
