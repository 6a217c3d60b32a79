// Every editor page built by createEditorPages() on a populated bench, in English and Japanese:
// each page renders, and with BOOTBENCH_SCREENSHOT_DIR set (run under xvfb-run with
// QT_QPA_PLATFORM=xcb) its picture is saved as editor-<page>[-ja].png for the README.
#include "tst_editorfixture.h"

#include "editors/bundleform.h"
#include "editors/bundleseditor.h"
#include "editors/codeeditor.h"
#include "editors/criteriabuilder.h"
#include "editors/deviceseditor.h"
#include "editors/editorpages.h"
#include "editors/imagespage.h"
#include "editors/imageverifier.h"
#include "editors/menueditor.h"
#include "editors/ruleform.h"
#include "editors/ruleseditor.h"
#include "store/assignmentrepository.h"
#include "store/rulerepository.h"
#include "store/settingsrepository.h"

#include <QApplication>
#include <QComboBox>
#include <QLibraryInfo>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTranslator>
#include <QTreeWidget>

using namespace bootbench;
using namespace bootbench::test;

namespace {
void populate(const EditorFixture &fx)
{
    const struct
    {
        const char *mac, *name, *maker, *model;
        qint64 ram;
    } devices[] = {
        {"52:54:00:1a:00:01", "lab-pc-01", "Dell Inc.", "OptiPlex 7090", 16384},
        {"52:54:00:1a:00:02", "lab-pc-02", "Dell Inc.", "OptiPlex 7090", 16384},
        {"52:54:00:1a:00:03", "lab-pc-03", "Dell Inc.", "OptiPlex 3000", 8192},
        {"52:54:00:1a:00:04", "reception", "HP", "EliteDesk 800 G6", 8192},
        {"52:54:00:1a:00:05", "teacher", "LENOVO", "ThinkCentre M70q", 32768},
        {"52:54:00:1a:00:06", "spare", "", "", 0},
    };
    for (const auto &d : devices)
        fx.addDevice(QString::fromLatin1(d.mac), QString::fromLatin1(d.name), QString::fromLatin1(d.maker),
                     QString::fromLatin1(d.model), d.ram);
    fx.writeFile(QStringLiteral("images/win11-lab-2024.img"), QByteArray(3 << 20, 'w'));
    fx.writeFile(QStringLiteral("images/ubuntu-24.04.img"), QByteArray(2 << 20, 'u'));
    fx.writeFile(QStringLiteral("images/golden/reception.img"), QByteArray(1 << 20, 'r'));
    fx.writeFolderImage(QStringLiteral("win11-disk-2024"), QStringLiteral("lab-pc-01"),
                        {{QStringLiteral("vfat"), 300000}, {QStringLiteral("ntfs"), 2400000}});
    fx.writeFolderImage(QStringLiteral("ubuntu-24.04-disk"), QStringLiteral("teacher"),
                        {{QStringLiteral("vfat"), 200000}, {QStringLiteral("ext4"), 1800000}});

    QString error;
    const BundleRepository bundles(*fx.store);
    Bundle script;
    script.name = QStringLiteral("rename-host");
    script.kind = BundleKind::Script;
    script.description = QStringLiteral("Sets the host name from the image-safe data");
    script.actions << defaultAction(QStringLiteral("script"));
    script.actions[0].params[QStringLiteral("script")] =
        QStringLiteral("#!/bin/sh\n# Give the restored system the name kept on the disk.\nset -e\n"
                       "mount /dev/sda2 /mnt\necho \"$BOOTBENCH_HOSTNAME\" > /mnt/etc/hostname\n"
                       "if [ -n \"$BOOTBENCH_DNS_SUFFIX\" ]; then\n    echo \"search $BOOTBENCH_DNS_SUFFIX\" >> "
                       "/mnt/etc/resolv.conf\nfi\numount /mnt\nexit 0\n");
    bundles.add(script, &error);
    for (const QString &name : {QStringLiteral("win11-lab"), QStringLiteral("ubuntu-24.04")}) {
        Bundle b;
        b.name = name;
        b.kind = BundleKind::ImageRestore;
        b.kernelParams = QStringLiteral("quiet");
        b.description = QStringLiteral("Lab image, restored onto the first disk");
        b.actions << defaultAction(QStringLiteral("restore"));
        b.actions[0].params[QStringLiteral("image")] = name == QLatin1String("win11-lab")
                                                           ? QStringLiteral("win11-lab-2024.img")
                                                           : QStringLiteral("ubuntu-24.04.img");
        b.actions[0].params[QStringLiteral("partitions")] = QStringLiteral("1,2,3");
        const QString path =
            fx.dir.filePath(QStringLiteral("images/") + b.actions[0].params[QStringLiteral("image")].toString());
        b.actions[0].params[QStringLiteral("size")] = QFileInfo(path).size();
        b.actions[0].params[QStringLiteral("sha256")] = sha256OfFile(path, {}, &error);
        bundles.add(b, &error);
    }
    Bundle empty;
    empty.name = QStringLiteral("no-imaging");
    bundles.add(empty, &error);

    const AssignmentRepository assignments(*fx.store);
    assignments.assign(QStringLiteral("52:54:00:1a:00:01"), QStringLiteral("win11-lab"), false, &error);
    assignments.assign(QStringLiteral("52:54:00:1a:00:02"), QStringLiteral("win11-lab"), false, &error);
    assignments.setState(QStringLiteral("52:54:00:1a:00:02"), AssignmentState::Running, {}, &error);
    assignments.assign(QStringLiteral("52:54:00:1a:00:03"), QStringLiteral("ubuntu-24.04"), true, &error);
    assignments.setState(QStringLiteral("52:54:00:1a:00:03"), AssignmentState::Running, {}, &error);
    assignments.setState(QStringLiteral("52:54:00:1a:00:03"), AssignmentState::Failed,
                         QStringLiteral("disk /dev/sda is smaller than the image (120 GB < 256 GB)"), &error);

    HardwareRule dells;
    dells.name = QStringLiteral("Dell desktops, 8 GB or more");
    dells.bundleName = QStringLiteral("win11-lab");
    dells.criteria = RuleCriterion::all(
        {RuleCriterion::leaf(RuleCriterion::Field::Manufacturer, RuleCriterion::Compare::Contains,
                             QStringLiteral("dell")),
         RuleCriterion::leaf(RuleCriterion::Field::RamMb, RuleCriterion::Compare::GreaterOrEqual,
                             QStringLiteral("8192")),
         RuleCriterion::negate(RuleCriterion::leaf(RuleCriterion::Field::Model, RuleCriterion::Compare::StartsWith,
                                                   QStringLiteral("OptiPlex 3")))});
    RuleRepository(*fx.store).add(dells, &error);
    HardwareRule others;
    others.name = QStringLiteral("Everything else");
    others.bundleName = QStringLiteral("ubuntu-24.04");
    others.enabled = false;
    others.criteria =
        RuleCriterion::leaf(RuleCriterion::Field::Mac, RuleCriterion::Compare::StartsWith, QStringLiteral("52:54:00"));
    RuleRepository(*fx.store).add(others, &error);

    Device reception = *DeviceRepository(*fx.store).find(QStringLiteral("52:54:00:1a:00:04"), &error);
    reception.imageSafe.useDhcp = false;
    reception.imageSafe.ip = QStringLiteral("192.168.10.21");
    reception.imageSafe.mask = QStringLiteral("255.255.255.0");
    reception.imageSafe.gateway = QStringLiteral("192.168.10.1");
    reception.imageSafe.dnsServers = {QStringLiteral("192.168.10.2")};
    reception.imageSafe.hostName = QStringLiteral("reception");
    reception.imageSafe.dnsSuffix = QStringLiteral("lab.example");
    reception.hasMenuOverride = true;
    reception.menuOverride = MenuMode::Never;
    reception.serial = QStringLiteral("CZC1234XYZ");
    DeviceRepository(*fx.store).update(reception, &error);
}

QString defaultMenu()
{
    QFile f(QStringLiteral(BOOTBENCH_SOURCE_DIR "/resources/default/pxemenu.txt"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class TestEditorScreenshots : public QObject
{
    Q_OBJECT
private slots:
    void pages_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QString();
        QTest::newRow("ja") << QStringLiteral("ja");
    }

    void pages()
    {
        QFETCH(QString, language);
        QTranslator app, qt;
        if (!language.isEmpty()) {
            QVERIFY(app.load(QStringLiteral(BOOTBENCH_BINARY_DIR "/app/bootbench_") + language));
            QVERIFY2(qt.load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)),
                     qPrintable(QStringLiteral("Qt's own catalogue qtbase_%1.qm is missing from %2: apt-get install "
                                               "qt6-translations-l10n")
                                    .arg(language, QLibraryInfo::path(QLibraryInfo::TranslationsPath))));
            QCoreApplication::installTranslator(&app);
            QCoreApplication::installTranslator(&qt);
            QLocale::setDefault(QLocale(QLocale::Japanese, QLocale::Japan)); // dates as the app shows them
        }
        const QString suffix = language.isEmpty() ? QString() : QLatin1Char('-') + language;

        EditorFixture fx;
        populate(fx);
        fx.writeFile(QStringLiteral("data/pxemenu.txt"), defaultMenu().toUtf8());
        QString error;
        SettingsRepository(*fx.store).setMenuText(defaultMenu(), &error);
        AppContext context;
        context.store = fx.store.get();
        context.dataDir = fx.dir.filePath(QStringLiteral("data"));
        QDir().mkpath(context.dataDir);
        QDir(fx.dir.path()).rename(QStringLiteral("images"), QStringLiteral("data/images"));

        QWidget host;
        const auto pages = createEditorPages(context, &host);
        QCOMPARE(pages.size(), 6);
        const QStringList names{QStringLiteral("bundles"), QStringLiteral("assignments"), QStringLiteral("rules"),
                                QStringLiteral("devices"), QStringLiteral("menu"),        QStringLiteral("images")};
        const QString dir = qEnvironmentVariable("BOOTBENCH_SCREENSHOT_DIR");
        const auto shoot = [&](QWidget *page, const QString &name) {
            page->setWindowTitle(name);
            page->resize(1280, 800);
            page->show();
            QVERIFY(QTest::qWaitForWindowExposed(page));
            QTest::qWait(50);
            const QPixmap shot = page->grab();
            QVERIFY(!shot.isNull());
            if (!dir.isEmpty())
                QVERIFY(shot.save(QDir(dir).filePath(QStringLiteral("editor-%1%2.png").arg(name, suffix))));
            page->hide();
        };
        for (int i = 0; i < pages.size(); ++i) {
            QWidget *page = pages[i].first;
            page->setParent(nullptr);
            QVERIFY(!pages[i].second.isEmpty());
            if (auto *b = qobject_cast<BundlesEditor *>(page)) {
                b->setConfirm([](QWidget *, const QString &, const QString &) { return true; });
                QVERIFY(b->selectBundle(QStringLiteral("win11-lab")));
                QTRY_VERIFY(b->form()->isValid()); // checksum computed
                shoot(page, names[i]);
                QVERIFY(b->selectBundle(QStringLiteral("rename-host")));
                shoot(page, QStringLiteral("bundles-script"));
                continue;
            }
            if (auto *r = qobject_cast<RulesEditor *>(page))
                r->list()->setCurrentRow(0);
            if (auto *d = qobject_cast<DevicesEditor *>(page))
                QVERIFY(d->selectDevice(QStringLiteral("52:54:00:1a:00:04")));
            if (auto *images = qobject_cast<ImagesPage *>(page)) {
                QCOMPARE(images->list()->topLevelItemCount(), 2);
                QVERIFY(images->selectImage(QStringLiteral("win11-disk-2024")));
                QSignalSpy verified(images->findChild<ImageVerifier *>(), &ImageVerifier::finished);
                images->verifySelected();
                QVERIFY(verified.wait(20000));
            }
            if (auto *m = qobject_cast<MenuEditor *>(page)) {
                m->entriesView()->setCurrentIndex(m->entriesView()->model()->index(0, 1));
                m->textEdit()->moveCursor(QTextCursor::Start);
            }
            shoot(page, names[i]);
        }
        for (const auto &p : pages)
            delete p.first;
        QCoreApplication::removeTranslator(&app);
        QCoreApplication::removeTranslator(&qt);
        QLocale::setDefault(QLocale(QLocale::English));
    }
};

QTEST_MAIN(TestEditorScreenshots)
#include "tst_editorscreenshots.moc"
