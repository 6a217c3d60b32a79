// The Images page (docs/images.md): folder images listed with size, disk, partitions, source and
// date; Verify re-hashes on a worker thread with progress and names a damaged stream; Remove is
// refused while a bundle uses the image, naming the bundle. The bundle editor picks folder images
// from the store for restore and take actions.
#include "tst_editorfixture.h"

#include "editors/imageactioneditors.h"
#include "editors/imagechecksummer.h"
#include "editors/imagepicker.h"
#include "editors/imagespage.h"
#include "editors/imageverifier.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>

using namespace bootbench;
using namespace bootbench::test;

class TestImagesPage : public QObject
{
    Q_OBJECT

private slots:
    void listsFolderImages()
    {
        EditorFixture fx;
        fx.writeFolderImage(QStringLiteral("win11-golden"), QStringLiteral("bench-07"),
                            {{QStringLiteral("vfat"), 3000}, {QStringLiteral("ntfs"), 5000}});
        fx.writeFolderImage(QStringLiteral("lab/ubuntu"), QStringLiteral("bench-02"), {{QStringLiteral("ext4"), 2000}});
        fx.writeFile(QStringLiteral("images/broken/manifest.json"), "{}");
        fx.writeFile(QStringLiteral("images/old.img"), "a single image file, not a folder image");
        ImagesPage page(*fx.store, fx.imageRoot());
        QTreeWidget *list = page.list();
        QCOMPARE(list->topLevelItemCount(), 2);
        const QTreeWidgetItem *lab = list->topLevelItem(0);
        QCOMPARE(lab->text(0), QStringLiteral("lab/ubuntu"));
        const QTreeWidgetItem *win = list->topLevelItem(1);
        QCOMPARE(win->text(0), QStringLiteral("win11-golden"));
        QCOMPARE(win->text(1), QLocale().formattedDataSize((1 << 20) + 8000));
        QVERIFY2(win->text(2).contains(QStringLiteral("GPT")), qPrintable(win->text(2)));
        QCOMPARE(win->text(3), QStringLiteral("1 vfat, 2 ntfs"));
        QCOMPARE(win->text(4), QStringLiteral("bench-07 (52:54:00:1a:00:07), /dev/sda"));
        QVERIFY(!win->text(5).isEmpty());
        // The folder that is no image is named, not listed.
        QVERIFY2(page.status()->text().contains(QStringLiteral("broken")), qPrintable(page.status()->text()));
    }

    void verifiesOffTheGuiThreadWithProgress()
    {
        EditorFixture fx;
        fx.writeFolderImage(QStringLiteral("golden"), QStringLiteral("bench-07"),
                            {{QStringLiteral("ext4"), 3 << 20}, {QStringLiteral("ntfs"), 2 << 20}});
        ImagesPage page(*fx.store, fx.imageRoot());
        auto *verifier = page.findChild<ImageVerifier *>();
        QVERIFY(verifier);
        QSignalSpy progress(verifier, &ImageVerifier::progress);
        QSignalSpy finished(verifier, &ImageVerifier::finished);
        QVERIFY(page.selectImage(QStringLiteral("golden")));
        auto *verify = page.findChild<QPushButton *>(QStringLiteral("verifyImage"));
        QVERIFY(verify->isEnabled());
        QTest::mouseClick(verify, Qt::LeftButton);
        QVERIFY(!verify->isEnabled()); // one check at a time
        QVERIFY(page.progress()->isVisibleTo(&page));
        QVERIFY(finished.wait(20000));
        QVERIFY(!progress.isEmpty());
        // The last report covers the whole image: head and both streams.
        QCOMPARE(progress.constLast().at(2).toLongLong(), qint64((1 << 20) + (5 << 20)));
        QCOMPARE(progress.constLast().at(3).toLongLong(), qint64((1 << 20) + (5 << 20)));
        QVERIFY2(page.status()->text().contains(QStringLiteral("is whole")), qPrintable(page.status()->text()));
        QVERIFY(verify->isEnabled());
        QVERIFY(!page.progress()->isVisibleTo(&page));

        // One byte changed in the second stream: the check names it.
        {
            QFile s(fx.imageRoot() + QStringLiteral("/golden/p2.ntfs.pcl.zst"));
            QVERIFY(s.open(QIODevice::ReadWrite) && s.seek(1000));
            QVERIFY(s.write("X", 1) == 1);
        }
        page.verifySelected();
        QVERIFY(finished.wait(20000));
        QVERIFY2(page.status()->text().contains(QStringLiteral("damaged")) &&
                     page.status()->text().contains(QStringLiteral("p2.ntfs.pcl.zst")),
                 qPrintable(page.status()->text()));
    }

    void removeIsRefusedWhileABundleUsesTheImage()
    {
        EditorFixture fx;
        fx.writeFolderImage(QStringLiteral("golden"), QStringLiteral("bench-07"), {{QStringLiteral("ext4"), 1000}});
        fx.writeFolderImage(QStringLiteral("spare"), QStringLiteral("bench-08"), {{QStringLiteral("ext4"), 1000}});
        Bundle b;
        b.name = QStringLiteral("restore-golden");
        b.kind = BundleKind::ImageRestore;
        b.actions << defaultAction(QString::fromLatin1(actionkey::kRestore));
        b.actions[0].params[QLatin1String(paramkey::kImage)] = QStringLiteral("golden");
        b.actions[0].params[QLatin1String(paramkey::kFormat)] = QLatin1String(paramkey::kFormatFolder);
        b.actions[0].params[QLatin1String(paramkey::kDisk)] = QStringLiteral("auto");
        QString error;
        QVERIFY2(BundleRepository(*fx.store).add(b, &error), qPrintable(error));

        ImagesPage page(*fx.store, fx.imageRoot());
        int asked = 0;
        page.setConfirm([&](QWidget *, const QString &, const QString &text) {
            ++asked;
            return text.contains(QStringLiteral("spare"));
        });
        QSignalSpy changed(&page, &ImagesPage::imagesChanged);
        QVERIFY(page.selectImage(QStringLiteral("golden")));
        QVERIFY(!page.removeSelected());
        QCOMPARE(asked, 0); // refused before asking
        QVERIFY2(page.status()->text().contains(QStringLiteral("restore-golden")), qPrintable(page.status()->text()));
        QVERIFY(QFileInfo::exists(fx.imageRoot() + QStringLiteral("/golden/manifest.json")));
        QCOMPARE(page.list()->topLevelItemCount(), 2);

        QVERIFY(page.selectImage(QStringLiteral("spare")));
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("removeImage")), Qt::LeftButton);
        QCOMPARE(asked, 1);
        QCOMPARE(changed.count(), 1);
        QVERIFY(!QFileInfo::exists(fx.imageRoot() + QStringLiteral("/spare")));
        QCOMPARE(page.list()->topLevelItemCount(), 1);
        QVERIFY(!page.selectImage(QStringLiteral("spare")));
    }

    void bundleEditorPicksFolderImages()
    {
        EditorFixture fx;
        fx.writeFolderImage(QStringLiteral("golden"), QStringLiteral("bench-07"),
                            {{QStringLiteral("vfat"), 1000}, {QStringLiteral("ext4"), 1000}});
        fx.writeFile(QStringLiteral("images/win.img"), QByteArray(4096, 'w'));
        ImageChecksummer checksummer;
        RestoreActionEditor restore(fx.images(), &checksummer);
        QComboBox *combo = restore.picker()->combo();
        QStringList items;
        for (int i = 0; i < combo->count(); ++i)
            items << combo->itemText(i);
        // The folder image once (not its files), then the single image file.
        QCOMPARE(items.size(), 3);
        QVERIFY2(items.at(1).startsWith(QStringLiteral("golden (whole disk, 2 partition")), qPrintable(items.at(1)));
        QCOMPARE(items.at(2), QStringLiteral("win.img"));
        combo->setCurrentIndex(1);
        QVERIFY(restore.picker()->isFolderImage());
        QVERIFY(restore.picker()->problem().isEmpty());
        auto *info = restore.picker()->findChild<QLabel *>(QStringLiteral("imageInfo"));
        QVERIFY2(info->text().contains(QStringLiteral("vfat, ext4")) &&
                     info->text().contains(QStringLiteral("bench-07")),
                 qPrintable(info->text()));
        restore.findChild<QLineEdit *>(QStringLiteral("disk"))->setText(QStringLiteral("auto"));
        const BundleAction a = restore.action();
        QCOMPARE(a.params.value(QLatin1String(paramkey::kImage)).toString(), QStringLiteral("golden"));
        QCOMPARE(a.params.value(QLatin1String(paramkey::kFormat)).toString(), QLatin1String(paramkey::kFormatFolder));
        QVERIFY(!a.params.contains(QLatin1String(paramkey::kSha256)));
        Bundle b;
        b.name = QStringLiteral("r");
        b.kind = BundleKind::ImageRestore;
        b.actions << a;
        QVERIFY(validateBundle(b).isEmpty());
        // Loaded again, the folder image is chosen.
        RestoreActionEditor again(fx.images(), &checksummer);
        again.setAction(a);
        QVERIFY(again.picker()->isFolderImage());
        QCOMPARE(again.picker()->image(), QStringLiteral("golden"));

        // Take: the folder images to replace are listed; a new name can be typed.
        TakeActionEditor take(fx.images());
        auto *names = take.findChild<QComboBox *>(QStringLiteral("imageName"));
        QCOMPARE(names->count(), 1);
        QCOMPARE(names->itemText(0), QStringLiteral("golden"));
        names->setCurrentIndex(0);
        take.findChild<QCheckBox *>(QStringLiteral("folderFormat"))->setChecked(true);
        auto *note = take.findChild<QLabel *>(QStringLiteral("imageNote"));
        QVERIFY2(note->text().contains(QStringLiteral("fails unless")), qPrintable(note->text()));
        take.findChild<QCheckBox *>(QStringLiteral("overwrite"))->setChecked(true);
        BundleAction t = take.action();
        QCOMPARE(t.params.value(QLatin1String(paramkey::kImage)).toString(), QStringLiteral("golden"));
        QCOMPARE(t.params.value(QLatin1String(paramkey::kFormat)).toString(), QLatin1String(paramkey::kFormatFolder));
        QCOMPARE(t.params.value(QStringLiteral("overwrite")).toBool(), true);
        take.findChild<QLineEdit *>(QStringLiteral("imageName"))->setText(QStringLiteral("new-image"));
        t = take.action();
        QCOMPARE(t.params.value(QLatin1String(paramkey::kImage)).toString(), QStringLiteral("new-image"));
    }
};

QTEST_MAIN(TestImagesPage)
#include "tst_imagespage.moc"
