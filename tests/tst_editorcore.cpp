// What the editors rely on in core: bundle validation, the image store, WinPE folder scan, device
// CSV parsing and renaming a bundle.
#include "images/imagestore.h"
#include "images/winpefolder.h"
#include "model/bundleactions.h"
#include "model/devicecsv.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/store.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

namespace {
void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QList<BundleProblemCode> codes(const Bundle &b)
{
    QList<BundleProblemCode> out;
    for (const BundleProblem &p : validateBundle(b))
        out << p.code;
    return out;
}
} // namespace

class TestEditorCore : public QObject
{
    Q_OBJECT
private slots:
    void bundleValidation()
    {
        Bundle b;
        b.name = QStringLiteral("win11");
        b.kind = BundleKind::Empty;
        QVERIFY(validateBundle(b).isEmpty());
        b.name = QStringLiteral(" x ");
        QCOMPARE(codes(b), QList<BundleProblemCode>{BundleProblemCode::NameSpaces});
        b.name.clear();
        QCOMPARE(codes(b), QList<BundleProblemCode>{BundleProblemCode::NameEmpty});

        b.name = QStringLiteral("restore");
        b.kind = BundleKind::ImageRestore;
        QCOMPARE(codes(b), QList<BundleProblemCode>{BundleProblemCode::NoAction});
        b.actions << defaultAction(QString::fromLatin1(actionkey::kRestore));
        QCOMPARE(codes(b), QList<BundleProblemCode>{BundleProblemCode::ImageMissing});
        b.actions[0].params[QLatin1String(paramkey::kImage)] = QStringLiteral("a.img");
        QCOMPARE(codes(b), QList<BundleProblemCode>{BundleProblemCode::ChecksumMissing});
        b.actions[0].params[QLatin1String(paramkey::kSize)] = 10;
        b.actions[0].params[QLatin1String(paramkey::kSha256)] = QString(64, QLatin1Char('a'));
        b.actions[0].params[QLatin1String(paramkey::kPartitions)] = QStringLiteral("1,x");
        QCOMPARE(codes(b), QList<BundleProblemCode>{BundleProblemCode::PartitionsInvalid});
        b.actions[0].params[QLatin1String(paramkey::kPartitions)] = QStringLiteral("1, 2");
        QVERIFY(validateBundle(b).isEmpty());
        b.actions << defaultAction(QString::fromLatin1(actionkey::kTake));
        QCOMPARE(validateBundle(b).first().code, BundleProblemCode::ActionNotAllowed);
        QCOMPARE(validateBundle(b).first().action, 1);

        Bundle t;
        t.name = QStringLiteral("take");
        t.kind = BundleKind::ImageTake;
        t.actions << defaultAction(QString::fromLatin1(actionkey::kTake))
                  << defaultAction(QString::fromLatin1(actionkey::kTake));
        t.actions[0].params[QLatin1String(paramkey::kImage)] = QStringLiteral("../etc/passwd");
        t.actions[1].params[QLatin1String(paramkey::kImage)] = QStringLiteral("ok.img");
        QCOMPARE(codes(t),
                 (QList<BundleProblemCode>{BundleProblemCode::TooManyActions, BundleProblemCode::ImageNameInvalid}));

        QVERIFY(isValidDisk(QStringLiteral("/dev/nvme0n1")));
        QVERIFY(isValidDisk(QStringLiteral("0")));
        QVERIFY(!isValidDisk(QStringLiteral("sda")));
        QVERIFY(!isValidDisk(QStringLiteral("/dev/../etc")));
    }

    void imageStoreListsAndHashes()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ImageStore store(dir.filePath(QStringLiteral("images")));
        QVERIFY(store.list().isEmpty()); // missing root: empty, not an error
        writeFile(dir.filePath(QStringLiteral("images/win11.img")), "abc");
        writeFile(dir.filePath(QStringLiteral("images/lab/ubuntu.img")), QByteArray(3 << 20, 'x'));
        writeFile(dir.filePath(QStringLiteral("images/upload.img.part")), "partial");
        writeFile(dir.filePath(QStringLiteral("images/.hidden")), "h");
        const QList<ImageFile> files = store.list();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files.at(0).relativePath, QStringLiteral("lab/ubuntu.img"));
        QCOMPARE(files.at(0).size, qint64(3 << 20));
        QCOMPARE(files.at(1).relativePath, QStringLiteral("win11.img"));
        QVERIFY(store.absolutePath(QStringLiteral("../x")).isEmpty());
        QVERIFY(store.absolutePath(QStringLiteral("/etc/passwd")).isEmpty());

        QString error;
        QCOMPARE(sha256OfFile(store.absolutePath(QStringLiteral("win11.img")), {}, &error),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        int calls = 0;
        QVERIFY(sha256OfFile(
                    store.absolutePath(QStringLiteral("lab/ubuntu.img")),
                    [&calls](qint64, qint64) { return ++calls < 2; }, &error)
                    .isEmpty());
        QCOMPARE(calls, 2);
        QCOMPARE(error, QStringLiteral("cancelled"));
        QVERIFY(sha256OfFile(dir.filePath(QStringLiteral("nope")), {}, &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("nope")));
    }

    void winPeFolderScan()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("bootmgr.exe")), "b");
        writeFile(dir.filePath(QStringLiteral("Boot/BCD")), "b");
        writeFile(dir.filePath(QStringLiteral("sources/boot.wim")), "w");
        WinPeFiles w = scanWinPeFolder(dir.path());
        QCOMPARE(w.bootManager, QStringLiteral("bootmgr.exe"));
        QCOMPARE(w.bcd, QStringLiteral("Boot/BCD"));
        QCOMPARE(w.bootWim, QStringLiteral("sources/boot.wim"));
        QVERIFY(w.bootSdi.isEmpty());
        QVERIFY(!w.complete());
        writeFile(dir.filePath(QStringLiteral("Boot/Boot.SDI")), "s");
        w = scanWinPeFolder(dir.path());
        QCOMPARE(w.bootSdi, QStringLiteral("Boot/Boot.SDI"));
        QVERIFY(w.complete());
        QVERIFY(winPeFileExists(dir.path(), QStringLiteral("Boot/BCD")));
        QVERIFY(!winPeFileExists(dir.path(), QStringLiteral("../x")));
        QCOMPARE(filesInFolder(dir.path()).first(), QStringLiteral("bootmgr.exe"));
    }

    void deviceCsv()
    {
        const DeviceCsv plain = parseDeviceCsv(QStringLiteral("\xFEFF# bench 3\r\n52-54-00-12-34-56,PC 1\r\n\r\n"
                                                              "5254.0012.3457,\"Lab, left\",SN1\n"
                                                              "zz:zz,bad\n52:54:00:12:34:56,dup\n"));
        QVERIFY(!plain.hasHeader);
        QCOMPARE(plain.rows.size(), 4);
        QCOMPARE(plain.rows[0].line, 2);
        QCOMPARE(plain.rows[0].device.mac, QStringLiteral("52:54:00:12:34:56"));
        QCOMPARE(plain.rows[0].device.name, QStringLiteral("PC 1"));
        QCOMPARE(plain.rows[1].device.name, QStringLiteral("Lab, left"));
        QCOMPARE(plain.rows[1].device.serial, QStringLiteral("SN1"));
        QCOMPARE(plain.rows[2].problem, DeviceCsvRow::Problem::BadMac);
        QCOMPARE(plain.rows[2].line, 5);
        QCOMPARE(plain.rows[3].problem, DeviceCsvRow::Problem::DuplicateInFile);
        QCOMPARE(plain.rows[3].detail, QStringLiteral("2"));
        QCOMPARE(plain.problemCount(), 2);

        const DeviceCsv header = parseDeviceCsv(QStringLiteral("Name;MAC address;RAM MB;colour\n"
                                                               "A;52:54:00:00:00:01;4096;red\n"
                                                               "B;52:54:00:00:00:02;lots;blue\n"));
        QVERIFY(header.hasHeader);
        QCOMPARE(header.ignoredColumns, QStringList{QStringLiteral("colour")});
        QCOMPARE(header.rows.size(), 2);
        QCOMPARE(header.rows[0].device.name, QStringLiteral("A"));
        QCOMPARE(header.rows[0].device.ramMb, qint64(4096));
        QCOMPARE(header.rows[1].problem, DeviceCsvRow::Problem::BadNumber);

        const DeviceCsv open =
            parseDeviceCsv(QStringLiteral("52:54:00:00:00:01,\"never closed\n52:54:00:00:00:02,x\n"));
        QCOMPARE(open.rows.size(), 1);
        QCOMPARE(open.rows[0].problem, DeviceCsvRow::Problem::UnterminatedQuote);
    }

    void renameKeepsAssignments()
    {
        QTemporaryDir dir;
        DatabaseUrl url;
        url.path = dir.filePath(QStringLiteral("t.db"));
        QString error;
        auto store = Store::open(url, &error);
        QVERIFY2(store, qPrintable(error));
        Device d;
        d.mac = QStringLiteral("52:54:00:00:00:01");
        Bundle b;
        b.name = QStringLiteral("old");
        QVERIFY2(DeviceRepository(*store).add(d, &error), qPrintable(error));
        QVERIFY2(BundleRepository(*store).add(b, &error), qPrintable(error));
        b.name = QStringLiteral("other");
        QVERIFY2(BundleRepository(*store).add(b, &error), qPrintable(error));
        QVERIFY2(AssignmentRepository(*store).assign(d.mac, QStringLiteral("old"), false, &error), qPrintable(error));
        QVERIFY(!BundleRepository(*store).rename(QStringLiteral("old"), QStringLiteral("other"), &error));
        QVERIFY2(error.contains(QLatin1String("exists already")), qPrintable(error));
        error.clear();
        QVERIFY(!BundleRepository(*store).rename(QStringLiteral("old"), QStringLiteral(" "), &error));
        error.clear();
        QVERIFY2(BundleRepository(*store).rename(QStringLiteral("old"), QStringLiteral("new"), &error),
                 qPrintable(error));
        QCOMPARE(AssignmentRepository(*store).forDevice(d.mac, &error)->bundleName, QStringLiteral("new"));
    }
};

QTEST_GUILESS_MAIN(TestEditorCore)
#include "tst_editorcore.moc"
