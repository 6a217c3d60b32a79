// The image routes do not hold images in memory: `bootbench serve` as a child process serves a
// 2 GiB sparse image and takes a 1 GiB upload, and its peak resident size (VmHWM) stays small.
#include "model/bundleactions.h"
#include "policy/devicetoken.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

namespace {

const QString kMac = QStringLiteral("52:54:00:ab:cd:ef");
const QString kSecret = QStringLiteral("memory-test-secret");
constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kDownloadBytes = 2048 * kMiB;
constexpr qint64 kUploadBytes = 1024 * kMiB;
constexpr qint64 kMaxPeakKiB = 100 * 1024;

quint16 freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

qint64 peakKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// The response head from a blocking socket; the rest of what was read stays in *rest.
QByteArray readHead(QTcpSocket &s, QByteArray *rest)
{
    QByteArray buf;
    while (!buf.contains("\r\n\r\n")) {
        if (!s.waitForReadyRead(30000))
            return {};
        buf += s.readAll();
    }
    const qsizetype end = buf.indexOf("\r\n\r\n") + 4;
    *rest = buf.mid(end);
    return buf.left(end);
}

} // namespace

class TestEngineImagesMemory : public QObject
{
    Q_OBJECT

private slots:
    void serveStreamsWithoutGrowing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            DatabaseUrl url;
            url.path = dir.filePath(QStringLiteral("bootbench.db"));
            QString error;
            std::unique_ptr<Store> store = Store::open(url, &error);
            QVERIFY2(store, qPrintable(error));
            QVERIFY(SettingsRepository(*store).setValue(DeviceToken::settingKey(), kSecret, &error));
            Device d;
            d.mac = kMac;
            QVERIFY2(DeviceRepository(*store).add(d, &error), qPrintable(error));
            Bundle b;
            b.name = QStringLiteral("big");
            b.kind = BundleKind::ImageRestore;
            BundleAction restore, take;
            restore.type = QString::fromLatin1(actionkey::kRestore);
            restore.params = {{QStringLiteral("image"), QStringLiteral("big.img")}};
            take.type = QString::fromLatin1(actionkey::kTake);
            take.params = {{QStringLiteral("image"), QStringLiteral("taken.img")}};
            b.actions = {restore, take};
            QVERIFY2(BundleRepository(*store).add(b, &error), qPrintable(error));
            QVERIFY2(AssignmentRepository(*store).assign(kMac, b.name, false, &error), qPrintable(error));
        }
        const QString images = dir.filePath(QStringLiteral("images"));
        QVERIFY(QDir().mkpath(images));
        QFile big(images + QStringLiteral("/big.img"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(kDownloadBytes)); // sparse: no disk, no page cache to speak of
        big.close();

        const quint16 httpPort = freePort();
        const quint16 imagePort = freePort();
        QVERIFY(httpPort && imagePort && httpPort != imagePort);
        QProcess serve;
        serve.setProcessChannelMode(QProcess::MergedChannels);
        QByteArray output;
        bool running = false;
        connect(&serve, &QProcess::readyRead, &serve, [&] {
            output += serve.readAll();
            running = running || output.contains("service policy: running");
        });
        serve.start(QStringLiteral(BOOTBENCH_EXECUTABLE),
                    {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--address"),
                     QStringLiteral("127.0.0.1"), QStringLiteral("--services"), QStringLiteral("policy"),
                     QStringLiteral("--http-port"), QString::number(httpPort), QStringLiteral("--image-port"),
                     QString::number(imagePort)});
        QVERIFY(serve.waitForStarted(10000));
        auto stop = qScopeGuard([&] {
            serve.terminate();
            if (!serve.waitForFinished(10000))
                serve.kill();
        });
        QTRY_VERIFY2_WITH_TIMEOUT(running, output.constData(), 20000);
        const qint64 pid = serve.processId();
        const qint64 startPeak = peakKiB(pid);
        QVERIFY(startPeak > 0);
        const QByteArray auth = "Authorization: Bearer " + DeviceToken::make(kSecret.toLatin1(), kMac).toLatin1();

        // Download 2 GiB.
        {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, imagePort);
            QVERIFY(s.waitForConnected(5000));
            s.write("GET /api/v1/devices/" + kMac.toLatin1() + "/images/big.img HTTP/1.1\r\nHost: t\r\n" + auth +
                    "\r\n\r\n");
            QElapsedTimer clock;
            clock.start();
            QByteArray rest;
            const QByteArray head = readHead(s, &rest);
            QVERIFY2(head.startsWith("HTTP/1.1 200"), head.constData());
            qint64 received = rest.size();
            QByteArray buffer(4 * kMiB, Qt::Uninitialized);
            bool nonZero = false;
            while (received < kDownloadBytes) {
                if (s.bytesAvailable() == 0 && !s.waitForReadyRead(30000))
                    break;
                const qint64 n = s.read(buffer.data(), buffer.size());
                if (n < 0)
                    break;
                nonZero = nonZero || QByteArrayView(buffer.constData(), n).contains('\1');
                received += n;
            }
            const qint64 ms = qMax<qint64>(clock.elapsed(), 1);
            QCOMPARE(received, kDownloadBytes);
            QVERIFY(!nonZero);
            const qint64 peak = peakKiB(pid);
            qInfo("download: %lld MiB in %lld ms = %.0f MB/s; serve VmHWM %lld KiB at start, %lld KiB after",
                  kDownloadBytes / kMiB, ms, double(kDownloadBytes) / double(ms) / 1000.0, startPeak, peak);
            QVERIFY2(peak < kMaxPeakKiB, qPrintable(QStringLiteral("VmHWM %1 KiB").arg(peak)));
        }

        // Upload 1 GiB.
        {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, imagePort);
            QVERIFY(s.waitForConnected(5000));
            s.write("PUT /api/v1/devices/" + kMac.toLatin1() + "/images/taken.img HTTP/1.1\r\nHost: t\r\n" + auth +
                    "\r\nContent-Length: " + QByteArray::number(kUploadBytes) + "\r\n\r\n");
            QElapsedTimer clock;
            clock.start();
            const QByteArray chunk(int(kMiB), '\0');
            qint64 sent = 0;
            while (sent < kUploadBytes) {
                s.write(chunk);
                sent += chunk.size();
                while (s.bytesToWrite() > 4 * kMiB) {
                    if (!s.waitForBytesWritten(30000))
                        QFAIL("the upload stalled");
                }
            }
            while (s.bytesToWrite() > 0) {
                if (!s.waitForBytesWritten(30000))
                    QFAIL("the upload stalled");
            }
            QByteArray rest;
            const QByteArray head = readHead(s, &rest);
            const qint64 ms = qMax<qint64>(clock.elapsed(), 1);
            QVERIFY2(head.startsWith("HTTP/1.1 201"), QByteArray(head + rest).constData());
            const qint64 peak = peakKiB(pid);
            qInfo("upload: %lld MiB in %lld ms = %.0f MB/s; serve VmHWM %lld KiB after", kUploadBytes / kMiB, ms,
                  double(kUploadBytes) / double(ms) / 1000.0, peak);
            QVERIFY2(peak < kMaxPeakKiB, qPrintable(QStringLiteral("VmHWM %1 KiB").arg(peak)));
            QCOMPARE(QFileInfo(images + QStringLiteral("/taken.img")).size(), kUploadBytes);
            QVERIFY(!QFile::exists(images + QStringLiteral("/taken.img.part")));
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineImagesMemory)
#include "tst_engineimagesmemory.moc"
