// The first start's steps: what each step's state depends on, and the imaging environment check
// (boot/kernel and boot/initrd in the TFTP root), the window placed within the screen, and the
// DHCP server's pool: checked where typed, never holding back the other services.
#include "bootchain/firststart.h"
#include "config/poolcheck.h"
#include "config/windowgeometry.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

namespace {
bool done(const QList<FirstStartStepState> &steps, FirstStartStep step)
{
    for (const FirstStartStepState &s : steps) {
        if (s.step == step)
            return s.done;
    }
    return false;
}

void touch(const QString &path)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}
} // namespace

class TestFirstStart : public QObject
{
    Q_OBJECT
private slots:
    void environmentNeedsKernelAndInitrd()
    {
        QTemporaryDir dir;
        QVERIFY(!imagingEnvironmentReady(dir.path()));
        QVERIFY(!imagingEnvironmentReady(QString()));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("boot")));
        touch(dir.filePath(QStringLiteral("boot/kernel")));
        QVERIFY(!imagingEnvironmentReady(dir.path()));
        // A folder called initrd is not the file.
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("boot/initrd")));
        QVERIFY(!imagingEnvironmentReady(dir.path()));
        QVERIFY(QDir(dir.path()).rmdir(QStringLiteral("boot/initrd")));
        touch(dir.filePath(QStringLiteral("boot/initrd")));
        QVERIFY(imagingEnvironmentReady(dir.path()));
    }

    void stepsFollowTheFacts()
    {
        FirstStartFacts facts;
        QList<FirstStartStepState> steps = firstStartSteps(facts);
        QCOMPARE(steps.size(), 5);
        QCOMPARE(steps.first().step, FirstStartStep::Interface);
        QCOMPARE(steps.last().step, FirstStartStep::PowerOn);
        for (const FirstStartStepState &s : steps)
            QVERIFY(!s.done);
        QVERIFY(firstStartGuideShown(facts));

        facts.interfaceChosen = true;
        facts.variantChosen = true; // the DHCP server chosen, its pool not valid yet
        facts.environmentReady = true;
        facts.hasBundle = true; // a bundle no machine gets yet
        steps = firstStartSteps(facts);
        QVERIFY(done(steps, FirstStartStep::Interface));
        QVERIFY(!done(steps, FirstStartStep::Variant));
        QVERIFY(done(steps, FirstStartStep::Environment));
        QVERIFY(!done(steps, FirstStartStep::Bundle));

        facts.variantValid = true;
        facts.hasAssignmentOrRule = true;
        facts.servicesRunning = true;
        steps = firstStartSteps(facts);
        QVERIFY(done(steps, FirstStartStep::Variant));
        QVERIFY(done(steps, FirstStartStep::Bundle));
        QVERIFY(!done(steps, FirstStartStep::PowerOn));
        QVERIFY(firstStartGuideShown(facts));

        facts.machinesSeen = true;
        QVERIFY(done(firstStartSteps(facts), FirstStartStep::PowerOn));
        QVERIFY(!firstStartGuideShown(facts));
    }

    void windowFitsTheAvailableGeometry()
    {
        const QRect laptop(0, 0, 1366, 740); // 1366 x 768 less a 28 px panel
        // First start: the preferred 1500 x 950 is cut to the screen.
        QCOMPARE(fitWindowToScreen(QRect(), laptop, QSize(1500, 950)), laptop);
        QCOMPARE(fitWindowToScreen(QRect(), laptop, QSize(1000, 700)), QRect(183, 20, 1000, 700));
        // Saved on a bigger screen: shrunk and moved back inside.
        QCOMPARE(fitWindowToScreen(QRect(300, 200, 1500, 950), laptop), laptop);
        QCOMPARE(fitWindowToScreen(QRect(900, 500, 800, 600), laptop), QRect(566, 140, 800, 600));
        // Already inside: left alone.
        QCOMPARE(fitWindowToScreen(QRect(10, 20, 800, 600), laptop), QRect(10, 20, 800, 600));
        // A second screen to the right with a panel on top.
        const QRect right(1366, 30, 1920, 1050);
        QCOMPARE(fitWindowToScreen(QRect(0, 0, 1200, 800), right), QRect(1366, 30, 1200, 800));
    }

    void poolIsCheckedAsTyped()
    {
        QCOMPARE(checkPool({}, QStringLiteral("10.0.0.9")), PoolProblem::Missing);
        QCOMPARE(checkPool(QStringLiteral(" 10.0.0.1 "), QStringLiteral(" ")), PoolProblem::Missing);
        QCOMPARE(checkPool(QStringLiteral("10.0.0"), QStringLiteral("10.0.0.9")), PoolProblem::FirstNotAnAddress);
        QCOMPARE(checkPool(QStringLiteral("10.0.0.1"), QStringLiteral("fe80::1")), PoolProblem::LastNotAnAddress);
        QCOMPARE(checkPool(QStringLiteral("10.0.0.9"), QStringLiteral("10.0.0.1")), PoolProblem::Reversed);
        QCOMPARE(checkPool(QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.9")), PoolProblem::None);
    }

    void missingPoolHoldsBackOnlyTheDhcpServer()
    {
        ServiceConfig wanted;
        wanted.interfaceName = QStringLiteral("bench0");
        wanted.dhcpMode = DhcpMode::Server;
        wanted.services = {QStringLiteral("proxydhcp"), QStringLiteral("dhcp"), QStringLiteral("tftp"),
                           QStringLiteral("policy")};
        ServiceConfig composable = composableConfig(wanted);
        QCOMPARE(composable.services,
                 QStringList({QStringLiteral("proxydhcp"), QStringLiteral("tftp"), QStringLiteral("policy")}));
        QVERIFY2(composable.validationError().isEmpty(), qPrintable(composable.validationError()));
        wanted.rangeFirst = QHostAddress(QStringLiteral("10.0.0.9"));
        wanted.rangeLast = QHostAddress(QStringLiteral("10.0.0.1")); // reversed
        QVERIFY(!composableConfig(wanted).wants(QStringLiteral("dhcp")));
        wanted.rangeLast = QHostAddress(QStringLiteral("10.0.0.99"));
        composable = composableConfig(wanted);
        QCOMPARE(composable.services, wanted.services);
        QCOMPARE(composable.rangeFirst, wanted.rangeFirst);
    }

    void placeholdersComeFromTheInterface()
    {
        QCOMPARE(suggestedPool(QHostAddress(QStringLiteral("10.77.0.1"))),
                 qMakePair(QStringLiteral("10.77.0.100"), QStringLiteral("10.77.0.199")));
        QCOMPARE(suggestedPool(QHostAddress()),
                 qMakePair(QStringLiteral("192.0.2.100"), QStringLiteral("192.0.2.199")));
        QCOMPARE(suggestedPool(QHostAddress::LocalHost).first, QStringLiteral("192.0.2.100"));
    }
};

QTEST_GUILESS_MAIN(TestFirstStart)
#include "tst_firststart.moc"
