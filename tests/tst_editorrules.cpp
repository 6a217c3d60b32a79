// The hardware rules editor: criteria builder (AND / OR / NOT, numeric RAM/disk), the "which known
// devices match" preview, order and enabled flag; a rule without criteria is refused.
#include "tst_editorfixture.h"

#include "editors/criteriabuilder.h"
#include "editors/fielderror.h"
#include "editors/ruleform.h"
#include "editors/ruleseditor.h"
#include "store/assignmentrepository.h"
#include "store/rulerepository.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTreeWidget>

using namespace bootbench;
using namespace bootbench::test;
using Field = RuleCriterion::Field;
using Compare = RuleCriterion::Compare;
using Node = RuleCriterion::Node;

namespace {
const QString kDell8 = QStringLiteral("52:54:00:00:00:01");
const QString kDell4 = QStringLiteral("52:54:00:00:00:02");
const QString kHp16 = QStringLiteral("52:54:00:00:00:03");
const QString kLenovo16 = QStringLiteral("52:54:00:00:00:04");

void setUp(const EditorFixture &fx)
{
    fx.addDevice(kDell8, QStringLiteral("d8"), QStringLiteral("Dell Inc."), QStringLiteral("OptiPlex 7090"), 8192);
    fx.addDevice(kDell4, QStringLiteral("d4"), QStringLiteral("Dell Inc."), QStringLiteral("OptiPlex 3000"), 4096);
    fx.addDevice(kHp16, QStringLiteral("h16"), QStringLiteral("HP"), QStringLiteral("EliteDesk 800"), 16384);
    fx.addDevice(kLenovo16, QStringLiteral("l16"), QStringLiteral("LENOVO"), QStringLiteral("ThinkCentre"), 16384);
    fx.addBundle(QStringLiteral("win11"), BundleKind::Script);
    fx.addBundle(QStringLiteral("ubuntu"), BundleKind::Script);
}

void chooseBundle(RuleForm *form, const QString &bundle)
{
    form->bundleCombo()->setCurrentIndex(form->bundleCombo()->findData(bundle));
}

HardwareRule savedRule(const EditorFixture &fx, const QString &name)
{
    QString error;
    for (const HardwareRule &r : RuleRepository(*fx.store).list(&error)) {
        if (r.name == name)
            return r;
    }
    return {};
}
} // namespace

class TestEditorRules : public QObject
{
    Q_OBJECT
private slots:
    void ruleWithoutCriteriaSavesNothing()
    {
        EditorFixture fx;
        setUp(fx);
        RulesEditor editor(*fx.store);
        editor.show();
        editor.newRule();
        RuleForm *form = editor.form();
        form->nameEdit()->setText(QStringLiteral("empty"));
        QCOMPARE(form->findChild<FieldError *>(QStringLiteral("ruleBundleError"))->text(),
                 QStringLiteral("Choose the bundle this rule assigns."));
        chooseBundle(form, QStringLiteral("win11"));
        QVERIFY(!form->findChild<FieldError *>(QStringLiteral("ruleBundleError"))->isVisibleTo(&editor));
        FieldError *criteriaError = form->findChild<FieldError *>(QStringLiteral("criteriaTreeError"));
        QVERIFY(criteriaError->isVisibleTo(&editor));
        QCOMPARE(criteriaError->text(),
                 QStringLiteral("Add at least one condition: a rule without criteria matches nothing."));
        QVERIFY(!editor.findChild<QPushButton *>(QStringLiteral("saveRule"))->isEnabled());
        QVERIFY(!editor.save());
        QString error;
        QVERIFY(RuleRepository(*fx.store).list(&error).isEmpty());

        // A condition without a value, then a RAM that is not a number: said on the row.
        CriteriaBuilder *builder = form->criteria();
        QTreeWidgetItem *ram = builder->addCondition(builder->root(), Field::RamMb, Compare::GreaterOrEqual);
        QCOMPARE(ram->text(CriteriaBuilder::ProblemColumn), QStringLiteral("Enter a value."));
        builder->setValue(ram, QStringLiteral("8 GB"));
        QCOMPARE(ram->text(CriteriaBuilder::ProblemColumn), QStringLiteral("Enter a whole number of MB, e.g. 8192."));
        QCOMPARE(criteriaError->text(), QStringLiteral("Enter a whole number of MB, e.g. 8192."));
        QVERIFY(!editor.save());
        QVERIFY(RuleRepository(*fx.store).list(&error).isEmpty());
        builder->setValue(ram, QStringLiteral("8192"));
        QVERIFY(ram->text(CriteriaBuilder::ProblemColumn).isEmpty());
        QVERIFY(!criteriaError->isVisibleTo(&editor));
        QVERIFY2(editor.save(), qPrintable(editor.statusText()));
        QCOMPARE(RuleRepository(*fx.store).list(&error).size(), 1);
    }

    void andOrNotAndThePreview()
    {
        EditorFixture fx;
        setUp(fx);
        RulesEditor editor(*fx.store);
        editor.show();
        editor.newRule();
        RuleForm *form = editor.form();
        form->nameEdit()->setText(QStringLiteral("big dells"));
        chooseBundle(form, QStringLiteral("win11"));
        CriteriaBuilder *b = form->criteria();
        b->addCondition(b->root(), Field::Manufacturer, Compare::Contains, QStringLiteral("dell"));
        b->addCondition(b->root(), Field::RamMb, Compare::GreaterOrEqual, QStringLiteral("8192"));
        QCOMPARE(form->previewMacs(), QStringList{kDell8});
        // Any of: every Dell, and everything with 8 GB or more.
        b->setNode(b->root(), Node::Or);
        QCOMPARE(form->previewMacs(), (QStringList{kDell8, kDell4, kHp16, kLenovo16}));
        // All of: NOT (manufacturer equals HP) and RAM >= 8192.
        b->setNode(b->root(), Node::And);
        delete b->root()->child(0);
        QTreeWidgetItem *notGroup = b->addGroup(b->root(), Node::Not);
        QCOMPARE(notGroup->text(CriteriaBuilder::ProblemColumn),
                 QStringLiteral("NOT takes exactly one condition (put a group inside it for more)."));
        QVERIFY(form->previewMacs().isEmpty()); // incomplete criteria: no preview
        b->addCondition(notGroup, Field::Manufacturer, Compare::Equals, QStringLiteral("hp"));
        QCOMPARE(form->previewMacs(), (QStringList{kDell8, kLenovo16}));

        QVERIFY2(editor.save(), qPrintable(editor.statusText()));
        const HardwareRule saved = savedRule(fx, QStringLiteral("big dells"));
        const RuleCriterion expected = RuleCriterion::all(
            {RuleCriterion::leaf(Field::RamMb, Compare::GreaterOrEqual, QStringLiteral("8192")),
             RuleCriterion::negate(RuleCriterion::leaf(Field::Manufacturer, Compare::Equals, QStringLiteral("hp")))});
        QCOMPARE(saved.criteria, expected);
        QCOMPARE(saved.bundleName, QStringLiteral("win11"));
        // What the policy service will use agrees with the preview.
        QString error;
        Device lenovo = *DeviceRepository(*fx.store).find(kLenovo16, &error);
        QCOMPARE(RuleRepository(*fx.store).firstMatch(lenovo, &error)->name, QStringLiteral("big dells"));

        // Round trip: a fresh editor shows the same rule, unchanged.
        RulesEditor again(*fx.store);
        QVERIFY(again.selectRule(saved.id));
        QCOMPARE(again.form()->rule(), saved);
        QVERIFY(!again.form()->isDirty());
        QCOMPARE(again.form()->previewMacs(), (QStringList{kDell8, kLenovo16}));
    }

    void previewSaysWhatComesFirst()
    {
        EditorFixture fx;
        setUp(fx);
        QString error;
        HardwareRule first;
        first.name = QStringLiteral("all HP");
        first.bundleName = QStringLiteral("ubuntu");
        first.criteria = RuleCriterion::leaf(Field::Manufacturer, Compare::Equals, QStringLiteral("HP"));
        QVERIFY(RuleRepository(*fx.store).add(first, &error));
        QVERIFY(AssignmentRepository(*fx.store).assign(kDell8, QStringLiteral("ubuntu"), false, &error));

        RulesEditor editor(*fx.store);
        editor.newRule();
        RuleForm *form = editor.form();
        chooseBundle(form, QStringLiteral("win11"));
        CriteriaBuilder *b = form->criteria();
        b->addCondition(b->root(), Field::RamMb, Compare::Greater, QStringLiteral("4096"));
        QCOMPARE(form->previewMacs(), (QStringList{kDell8, kHp16, kLenovo16}));
        QListWidget *preview = form->preview();
        QVERIFY2(preview->item(0)->text().contains(QLatin1String("has its own assignment")),
                 qPrintable(preview->item(0)->text()));
        QVERIFY2(preview->item(1)->text().contains(QLatin1String("rule \"all HP\" comes first")),
                 qPrintable(preview->item(1)->text()));
        QVERIFY(!preview->item(2)->text().contains(QLatin1Char('[')));
        // (Plural forms come from the catalogue; the test runs without one.)
        const QString summary = form->findChild<QLabel *>(QStringLiteral("matchSummary"))->text();
        QVERIFY2(summary.startsWith(QLatin1String("3 of 4 known device")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("decides the work of 1 of them")), qPrintable(summary));
    }

    void orderAndEnabledFlag()
    {
        EditorFixture fx;
        setUp(fx);
        QString error;
        for (const QString &name : {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}) {
            HardwareRule r;
            r.name = name;
            r.bundleName = QStringLiteral("win11");
            r.criteria = RuleCriterion::leaf(Field::Mac, Compare::StartsWith, QStringLiteral("52:54"));
            QVERIFY(RuleRepository(*fx.store).add(r, &error));
        }
        RulesEditor editor(*fx.store);
        editor.show();
        QCOMPARE(editor.list()->count(), 3);
        QVERIFY(editor.selectRule(savedRule(fx, QStringLiteral("C")).id));
        QVERIFY(editor.moveSelected(-1));
        QVERIFY(editor.moveSelected(-1));
        QVERIFY(!editor.moveSelected(-1)); // first already
        QStringList order;
        for (const HardwareRule &r : RuleRepository(*fx.store).list(&error))
            order << r.name;
        QCOMPARE(order, (QStringList{QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("B")}));
        QCOMPARE(editor.list()->item(0)->text(), QStringLiteral("1. C → win11"));
        QCOMPARE(editor.list()->currentRow(), 0); // still selected after moving

        // Unchecking in the list disables it in the store at once; first match skips it.
        editor.list()->item(0)->setCheckState(Qt::Unchecked);
        QVERIFY(!savedRule(fx, QStringLiteral("C")).enabled);
        QVERIFY(!editor.form()->enabledBox()->isChecked());
        QVERIFY(!editor.form()->isDirty());
        const Device d = *DeviceRepository(*fx.store).find(kDell4, &error);
        QCOMPARE(RuleRepository(*fx.store).firstMatch(d, &error)->name, QStringLiteral("A"));

        // Deleting asks.
        editor.setConfirm([](QWidget *, const QString &, const QString &) { return true; });
        QVERIFY(editor.deleteSelected());
        QCOMPARE(RuleRepository(*fx.store).list(&error).size(), 2);
    }
};

QTEST_MAIN(TestEditorRules)
#include "tst_editorrules.moc"
