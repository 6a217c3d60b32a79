// The services panel's "Imaging environment" section: missing, stale with its reasons, kernel
// and sizes, and a build that fails naming where it looked for the engine. With
// BOOTBENCH_SCREENSHOT_DIR set (under xvfb-run) it saves the services panel; with
// BOOTBENCH_ENVIRONMENT_TFTP_ROOT too, the panel shows that (built) TFTP root.
#include "environment/environmentinputs.h"
#include "environment/environmentmanifest.h"
#include "environmentsection.h"
#include "servicespanel.h"

#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

class TestEnvironmentSection : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    AppContext context(const QString &name) const
    {
        AppContext c;
        c.config.tftpRoot = m_dir.filePath(name + QStringLiteral("/tftp"));
        c.dataDir = m_dir.filePath(name + QStringLiteral("/data"));
        c.enginePath = m_dir.filePath(name + QStringLiteral("/no-engine/bootbench-engine"));
        return c;
    }

    static void write(const QString &path, const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), content.size());
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void missingAndABuildThatNamesTheEngine()
    {
        const AppContext c = context(QStringLiteral("missing"));
        EnvironmentSection section(c);
        QCOMPARE(section.stateText(), QStringLiteral("Missing: not built yet"));
        QVERIFY2(section.problemText().contains(c.enginePath), qPrintable(section.problemText()));
        QVERIFY(!section.isBuilding());

        QSignalSpy finished(&section, &EnvironmentSection::buildFinished);
        auto *button = section.findChild<QPushButton *>(QStringLiteral("environmentBuild"));
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(section.problemText().contains(QStringLiteral("The last build failed")),
                 qPrintable(section.problemText()));
        QVERIFY(button->isEnabled());
        QCOMPARE(section.stateText(), QStringLiteral("Missing: not built yet"));
    }

    void staleShowsKernelSizesAndWhy()
    {
        const AppContext c = context(QStringLiteral("stale"));
        QString error;
        const QString release = EnvironmentInputs::newestKernel(&error);
        if (release.isEmpty())
            QFAIL(qPrintable(error + QStringLiteral(": install linux-image-amd64")));
        // A build record whose files are there, from an older zstd.
        EnvironmentManifest m;
        m.kernelRelease = release;
        m.packages.insert(QStringLiteral("zstd"), QStringLiteral("0.1-old"));
        const QList<QPair<QString, qint64>> parts = {
            {QStringLiteral("kernel"), 8200000}, {QStringLiteral("initrd"), 10700000}, {QStringLiteral("root"), 300}};
        for (const auto &[name, size] : parts) {
            write(c.config.tftpRoot + QStringLiteral("/boot/") + name, QByteArray(size, 'x'));
            m.parts << EnvironmentPart{name, QStringLiteral("boot/") + name, size, QString()};
        }
        write(c.config.tftpRoot + QLatin1Char('/') + EnvironmentManifest::fileName(),
              QJsonDocument(m.toJson()).toJson());

        ServicesPanel panel(c); // the section is part of the services panel
        auto *section = panel.findChild<EnvironmentSection *>();
        QVERIFY(section);
        QCOMPARE(section->stateText(), QStringLiteral("Stale: rebuild it"));
        QVERIFY2(section->detailText().contains(QStringLiteral("Kernel ") + release),
                 qPrintable(section->detailText()));
        QVERIFY2(section->detailText().contains(QStringLiteral("initrd 10.7 MB")), qPrintable(section->detailText()));
        QVERIFY2(section->detailText().contains(QStringLiteral("package zstd changed: 0.1-old at the build")),
                 qPrintable(section->detailText()));

        const QString shots = qEnvironmentVariable("BOOTBENCH_SCREENSHOT_DIR");
        if (shots.isEmpty())
            return;
        AppContext shown = c;
        if (qEnvironmentVariableIsSet("BOOTBENCH_ENVIRONMENT_TFTP_ROOT")) {
            shown.config.tftpRoot = qEnvironmentVariable("BOOTBENCH_ENVIRONMENT_TFTP_ROOT");
            shown.enginePath = qEnvironmentVariable("BOOTBENCH_ENVIRONMENT_ENGINE");
        }
        ServicesPanel shot(shown);
        shot.resize(420, 900);
        shot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shot));
        QVERIFY(shot.grab().save(QDir(shots).filePath(QStringLiteral("services-environment.png"))));
    }
};

QTEST_MAIN(TestEnvironmentSection)
#include "tst_environmentsection.moc"
