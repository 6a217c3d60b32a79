// The image routes of the engine API over real sockets on loopback: downloads with Range, uploads
// to NAME.part, the token, the path checks, the size limit and the free-space check.
#include "tst_enginehttpclient.h"
#include "tst_policyfixture.h"

#include "model/bundleactions.h"
#include "policy/devicetoken.h"
#include "policy/httprequesthead.h"
#include "policy/imagepartfile.h"
#include "policy/imageserver.h"
#include "policy/policycontext.h"
#include "policy/policyservice.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStorageInfo>
#include <QTcpSocket>
#include <QTest>

using namespace bootbench;

namespace {

const QString kMac = QStringLiteral("52:54:00:12:34:56");
const QString kSecret = QStringLiteral("test-secret-0123456789");
constexpr qint64 kImageSize = 5 * 1024 * 1024 + 12345; // several chunks and an odd tail

QByteArray pattern(qint64 offset, qint64 size)
{
    QByteArray out(int(size), Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        out[int(i)] = char(((offset + i) * 2654435761u) >> 13);
    return out;
}

BundleAction action(const char *type, const QJsonObject &params)
{
    BundleAction a;
    a.type = QString::fromLatin1(type);
    a.params = params;
    return a;
}

} // namespace

class TestEngineImages : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::PolicyFixture> m_fx;
    std::unique_ptr<PolicyContext> m_context;
    std::unique_ptr<ImageServer> m_server;
    QList<BootEvent> m_events;
    qint64 m_free = -1; // injected free space; -1: the real one
    QByteArray m_imageSha;

    QString root() const { return m_fx->dir.filePath(QStringLiteral("images")); }
    QString token() const { return DeviceToken::make(kSecret.toLatin1(), kMac); }

    void startServer(qint64 maxUpload = qint64(1) << 30)
    {
        m_server.reset();
        ImageServerOptions o;
        o.root = root();
        o.maxUploadBytes = maxUpload;
        o.freeBytes = [this](const QString &folder) {
            return m_free >= 0 ? m_free : QStorageInfo(folder).bytesAvailable();
        };
        m_server = std::make_unique<ImageServer>(*m_context, o);
        QString error;
        QVERIFY2(m_server->listen(QHostAddress(QHostAddress::LocalHost), 0, &error), qPrintable(error));
    }

    void setBundle(const QList<BundleAction> &actions)
    {
        Bundle b;
        b.name = QStringLiteral("images");
        b.kind = BundleKind::ImageRestore;
        b.actions = actions;
        QString error;
        BundleRepository bundles(*m_fx->store);
        if (bundles.find(b.name, &error))
            QVERIFY2(bundles.update(b, &error), qPrintable(error));
        else
            QVERIFY2(bundles.add(b, &error), qPrintable(error));
    }

    QByteArray path(const QString &image, const QString &mac = kMac) const
    {
        return "/api/v1/devices/" + mac.toLatin1() + "/images/" + image.toUtf8();
    }

    RawResponse send(const QByteArray &method, const QByteArray &target, const QByteArray &extra = {},
                     const QString &tok = QStringLiteral("<default>"))
    {
        RawRequest req;
        req.head = method + ' ' + target + " HTTP/1.1\r\nHost: test\r\n";
        const QString t = tok == QLatin1String("<default>") ? token() : tok;
        if (!t.isEmpty())
            req.head += "Authorization: Bearer " + t.toLatin1() + "\r\n";
        req.head += extra + "\r\n";
        return rawExchange(m_server->port(), req);
    }

    RawResponse upload(const QString &image, qint64 size, const QByteArray &extra = {}, qint64 abortAfter = -1)
    {
        RawRequest req;
        req.head = "PUT " + path(image) + " HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + token().toLatin1() +
                   "\r\nContent-Length: " + QByteArray::number(size) + "\r\n" + extra + "\r\n";
        req.bodyBytes = size;
        req.bodyPiece = pattern;
        req.abortAfterSending = abortAfter;
        return rawExchange(m_server->port(), req);
    }

    QStringList eventKinds() const
    {
        QStringList kinds;
        for (const BootEvent &e : m_events)
            kinds << e.kind;
        return kinds;
    }
    const BootEvent *lastEvent(const QString &kind) const
    {
        for (qsizetype i = m_events.size() - 1; i >= 0; --i) {
            if (m_events[i].kind == kind)
                return &m_events[i];
        }
        return nullptr;
    }
    QStringList filesInStore() const
    {
        QStringList out;
        QDirIterator it(root(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            out << QDir(root()).relativeFilePath(it.next());
        out.sort();
        return out;
    }

private slots:
    void init()
    {
        m_fx = std::make_unique<test::PolicyFixture>();
        QString error;
        QVERIFY2(m_fx->openStore(&error), qPrintable(error));
        QVERIFY(SettingsRepository(*m_fx->store).setValue(DeviceToken::settingKey(), kSecret, &error));
        Device d;
        d.mac = kMac;
        d.name = QStringLiteral("bench-1");
        QVERIFY2(DeviceRepository(*m_fx->store).add(d, &error), qPrintable(error));
        setBundle({action(actionkey::kRestore, {{QStringLiteral("image"), QStringLiteral("disk.img")}}),
                   action(actionkey::kRestore, {{QStringLiteral("image"), QStringLiteral("sub/part 2.img")}}),
                   action(actionkey::kTake, {{QStringLiteral("image"), QStringLiteral("taken.img")}})});
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, QStringLiteral("images"), false, &error),
                 qPrintable(error));

        QVERIFY(QDir().mkpath(root() + QStringLiteral("/sub")));
        QFile f(root() + QStringLiteral("/disk.img"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray bytes = pattern(0, kImageSize);
        f.write(bytes);
        f.close();
        m_imageSha = sha256Hex(bytes);
        QFile small(root() + QStringLiteral("/sub/part 2.img"));
        QVERIFY(small.open(QIODevice::WriteOnly));
        small.write("second partition");
        small.close();

        ServiceConfig config;
        config.dataDir = m_fx->dir.path();
        config.address = QHostAddress(QHostAddress::LocalHost);
        config.policy.imageRoot = root();
        m_events.clear();
        m_free = -1;
        m_context = std::make_unique<PolicyContext>(*m_fx->store, config, QString(),
                                                    [this](const BootEvent &e) { m_events << e; });
        startServer();
    }

    void cleanup()
    {
        m_server.reset();
        m_context.reset();
        m_fx.reset();
    }

    void fullDownload()
    {
        const RawResponse r = send("GET", path(QStringLiteral("disk.img")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.field("content-length"), QByteArray::number(kImageSize));
        QCOMPARE(r.field("accept-ranges"), QByteArray("bytes"));
        QCOMPARE(r.bodyBytes, kImageSize);
        QCOMPARE(r.sha256, m_imageSha);
        QVERIFY(eventKinds().contains(QStringLiteral("image-download-started")));
        const BootEvent *done = lastEvent(QStringLiteral("image-download-finished"));
        QVERIFY(done);
        QCOMPARE(done->mac, kMac);
        QCOMPARE(done->phase, Phase::Imaging);
        QVERIFY2(done->detail.contains(QString::number(kImageSize) + QStringLiteral(" bytes")),
                 qPrintable(done->detail));
    }

    void brokenDownloadResumesWithRange()
    {
        // The client goes away after 8 of 48 MiB (more than the socket buffers hold, so the server
        // sees it go), then asks for the rest with "bytes=N-".
        const qint64 size = 48 * 1024 * 1024;
        const QByteArray bytes = pattern(0, size);
        QFile f(root() + QStringLiteral("/disk.img"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(bytes), size);
        f.close();
        RawRequest req;
        req.head = "GET " + path(QStringLiteral("disk.img")) + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                   token().toLatin1() + "\r\n\r\n";
        req.abortAfterReceiving = 8 * 1024 * 1024;
        const RawResponse first = rawExchange(m_server->port(), req);
        QCOMPARE(first.status, 200);
        QVERIFY(first.bodyBytes >= req.abortAfterReceiving && first.bodyBytes < size);
        QTRY_VERIFY(lastEvent(QStringLiteral("image-download-aborted")));
        QVERIFY(!lastEvent(QStringLiteral("image-download-finished")));

        const qint64 n = first.bodyBytes;
        const RawResponse rest =
            send("GET", path(QStringLiteral("disk.img")), "Range: bytes=" + QByteArray::number(n) + "-\r\n");
        QCOMPARE(rest.status, 206);
        QCOMPARE(rest.field("content-range"), "bytes " + QByteArray::number(n) + '-' + QByteArray::number(size - 1) +
                                                  '/' + QByteArray::number(size));
        QCOMPARE(rest.field("content-length"), QByteArray::number(size - n));
        QCOMPARE(sha256Hex(first.body + rest.body), sha256Hex(bytes));
        QVERIFY(lastEvent(QStringLiteral("image-download-finished")));
        QVERIFY(lastEvent(QStringLiteral("image-download-started"))->detail.contains(QStringLiteral("Range")));

        // A closed range in the middle.
        const RawResponse middle = send("GET", path(QStringLiteral("disk.img")), "Range: bytes=1000-1999\r\n");
        QCOMPARE(middle.status, 206);
        QCOMPARE(middle.body, pattern(1000, 1000));
    }

    void suffixRange()
    {
        const RawResponse r = send("GET", path(QStringLiteral("disk.img")), "Range: bytes=-100\r\n");
        QCOMPARE(r.status, 206);
        QCOMPARE(r.body, pattern(kImageSize - 100, 100));
        QCOMPARE(r.field("content-range"), "bytes " + QByteArray::number(kImageSize - 100) + '-' +
                                               QByteArray::number(kImageSize - 1) + '/' +
                                               QByteArray::number(kImageSize));
        // Several ranges or another unit: ignored, the whole image.
        const RawResponse several = send("GET", path(QStringLiteral("disk.img")), "Range: bytes=0-1,5-6\r\n");
        QCOMPARE(several.status, 200);
        QCOMPARE(several.bodyBytes, kImageSize);
    }

    void unsatisfiableRange()
    {
        const RawResponse r =
            send("GET", path(QStringLiteral("disk.img")), "Range: bytes=" + QByteArray::number(kImageSize) + "-\r\n");
        QCOMPARE(r.status, 416);
        QCOMPARE(r.field("content-range"), "bytes */" + QByteArray::number(kImageSize));
        QVERIFY(lastEvent(QStringLiteral("image-download-refused")));
    }

    void headAnswersWithoutBody()
    {
        const RawResponse r = send("HEAD", path(QStringLiteral("disk.img")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.field("content-length"), QByteArray::number(kImageSize));
        QCOMPARE(r.field("accept-ranges"), QByteArray("bytes"));
        QVERIFY(!r.field("last-modified").isEmpty());
        QCOMPARE(r.bodyBytes, 0);
        const RawResponse partial = send("HEAD", path(QStringLiteral("disk.img")), "Range: bytes=-10\r\n");
        QCOMPARE(partial.status, 206);
        QCOMPARE(partial.field("content-length"), QByteArray("10"));
        QCOMPARE(partial.bodyBytes, 0);
    }

    void subfolderAndPercentEncoding()
    {
        const RawResponse r = send("GET", path(QStringLiteral("sub/part%202.img")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("second partition"));
    }

    void wrongTokenIs401()
    {
        QCOMPARE(send("GET", path(QStringLiteral("disk.img")), {}, QStringLiteral("wrong")).status, 401);
        QCOMPARE(send("GET", path(QStringLiteral("disk.img")), {}, QString()).status, 401);
        // Another device's token does not open this device's images.
        QCOMPARE(send("GET", path(QStringLiteral("disk.img")), {},
                      DeviceToken::make(kSecret.toLatin1(), QStringLiteral("52:54:00:00:00:01")))
                     .status,
                 401);
        QVERIFY(lastEvent(QStringLiteral("engine-unauthorised")));
        QVERIFY(!lastEvent(QStringLiteral("image-download-started")));
        // ?token= works like the header.
        const RawResponse q =
            send("HEAD", path(QStringLiteral("disk.img")) + "?token=" + token().toLatin1(), {}, QString());
        QCOMPARE(q.status, 200);
    }

    void pathsLeavingTheStoreAreRefused()
    {
        QFile secret(m_fx->dir.filePath(QStringLiteral("secret.txt")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("do not serve");
        secret.close();
        QVERIFY(QFile::link(secret.fileName(), root() + QStringLiteral("/link.img")));
        QFile(root() + QStringLiteral("/disk.img")).copy(root() + QStringLiteral("/disk.img.part"));
        QFile(root() + QStringLiteral("/disk.img")).copy(root() + QStringLiteral("/.hidden.img"));
        setBundle({action(actionkey::kRestore, {{QStringLiteral("image"), QStringLiteral("../secret.txt")}}),
                   action(actionkey::kRestore, {{QStringLiteral("image"), QStringLiteral("link.img")}}),
                   action(actionkey::kRestore, {{QStringLiteral("image"), QStringLiteral("disk.img.part")}}),
                   action(actionkey::kRestore, {{QStringLiteral("image"), QStringLiteral(".hidden.img")}})});
        for (const char *target : {"../secret.txt", "..%2Fsecret.txt", "sub/../../secret.txt", "%2E%2E/secret.txt",
                                   "disk.img.part", ".hidden.img", "/etc/passwd", "sub//x", "a%00b", "%zz"}) {
            const RawResponse r = send("GET", path(QString::fromLatin1(target)));
            QVERIFY2(r.status == 400 || r.status == 404, target);
            QVERIFY2(!r.body.contains("do not serve"), target);
        }
        const RawResponse link = send("GET", path(QStringLiteral("link.img")));
        QCOMPARE(link.status, 403);
        QVERIFY(!link.body.contains("do not serve"));
        // An image the bundle does not name is not served, even when it is in the store.
        QCOMPARE(send("GET", path(QStringLiteral("disk.img"))).status, 403);
    }

    void malformedRequestsAre4xx()
    {
        const QList<QPair<QByteArray, int>> cases = {
            {"GARBAGE\r\n\r\n", 400},
            {"GET /x HTTP/2.0\r\nHost: a\r\n\r\n", 505},
            {"GET /x HTTP/1.1\r\n\r\n", 400}, // no Host
            {"GET x HTTP/1.1\r\nHost: a\r\n\r\n", 400},
            {"GET /x HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400},
            {"PUT " + path(QStringLiteral("taken.img")) +
                 " HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                 "Content-Length: 2\r\n\r\n",
             400},
            {"GET /x HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(9000, 'a') + "\r\n\r\n", 431},
            {"GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n", 414},
            {"DELETE " + path(QStringLiteral("disk.img")) + " HTTP/1.1\r\nHost: a\r\n\r\n", 405},
            {"GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n", 404},
        };
        for (const auto &[head, status] : cases) {
            RawRequest req;
            req.head = head;
            const RawResponse r = rawExchange(m_server->port(), req);
            QVERIFY2(!r.timedOut, head.left(60).constData());
            QCOMPARE(r.status, status);
        }
        QByteArray many = "GET /x HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 70; ++i)
            many += "X-" + QByteArray::number(i) + ": v\r\n";
        RawRequest req;
        req.head = many + "\r\n";
        QCOMPARE(rawExchange(m_server->port(), req).status, 431);
    }

    void headArrivingTooSlowlyIsDropped()
    {
        ImageServerOptions o;
        o.root = root();
        o.headTimeoutMs = 200;
        ImageServer slow(*m_context, o);
        QString error;
        QVERIFY(slow.listen(QHostAddress(QHostAddress::LocalHost), 0, &error));
        RawRequest req;
        req.head = "GET /x HTTP/1.1\r\n"; // never finished
        req.timeoutMs = 5000;
        const RawResponse r = rawExchange(slow.port(), req);
        QVERIFY(r.connected);
        QVERIFY(!r.timedOut); // the server closed it
    }

    void uploadRoundTrip()
    {
        const qint64 size = 3 * 1024 * 1024 + 7;
        const QByteArray sha = sha256Hex(pattern(0, size));
        const RawResponse r = upload(QStringLiteral("taken.img"), size, "X-Image-SHA256: " + sha + "\r\n");
        QCOMPARE(r.status, 201);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value(QStringLiteral("sha256")).toString().toLatin1(), sha);
        QCOMPARE(qint64(o.value(QStringLiteral("size")).toDouble()), size);
        QFile f(root() + QStringLiteral("/taken.img"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(sha256Hex(f.readAll()), sha);
        QVERIFY(!QFile::exists(root() + QStringLiteral("/taken.img.part")));
        QVERIFY(eventKinds().contains(QStringLiteral("image-upload-started")));
        QVERIFY(lastEvent(QStringLiteral("image-upload-finished"))->detail.contains(QString::fromLatin1(sha)));
        QVERIFY(lastEvent(QStringLiteral("image-upload-finished"))->detail.contains(QStringLiteral("on disk (fsync)")));

        // Not overwritten unless the take action says so.
        const RawResponse again = upload(QStringLiteral("taken.img"), 10);
        QCOMPARE(again.status, 409);
        QVERIFY(again.body.contains("overwrite"));
        QCOMPARE(QFileInfo(f).size(), size);
        setBundle({action(actionkey::kTake, {{QStringLiteral("image"), QStringLiteral("taken.img")},
                                             {QStringLiteral("overwrite"), true}})});
        QCOMPARE(upload(QStringLiteral("taken.img"), 10, "Expect: 100-continue\r\n").status, 201);
        QCOMPARE(QFileInfo(root() + QStringLiteral("/taken.img")).size(), 10);
        // Only the take action's image can be uploaded.
        QCOMPARE(upload(QStringLiteral("disk.img"), 10).status, 403);
        QCOMPARE(filesInStore(), QStringList({QStringLiteral("disk.img"), QStringLiteral("sub/part 2.img"),
                                              QStringLiteral("taken.img")}));
    }

    void staleUploadsAreRemovedAtStart()
    {
        // Left by a server killed during uploads: two stale .part files (one in a sub-folder). A third
        // is held the way an upload of another process holds its own: it must stay.
        m_server.reset();
        const QString stale = root() + QStringLiteral("/taken.img.part");
        const QString staleSub = root() + QStringLiteral("/sub/old.img.part");
        const QString held = root() + QStringLiteral("/busy.img.part");
        for (const auto &[file, size] : {std::pair{stale, 1234}, std::pair{staleSub, 10}}) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(QByteArray(size, 'x')), qint64(size));
        }
        // Hidden ones are not the server's (uploads never go there): left alone too.
        QVERIFY(QDir().mkpath(root() + QStringLiteral("/.trash")));
        for (const char *other : {"/.trash/old.img.part", "/.hidden.part"}) {
            QFile f(root() + QLatin1String(other));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QString error;
        const int fd = imagepart::openLocked(held, &error);
        QVERIFY2(fd >= 0, qPrintable(error));
        QFile heldFile;
        QVERIFY(heldFile.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle));
        QString second;
        bool heldElsewhere = false;
        QCOMPARE(imagepart::openLocked(held, &second, &heldElsewhere), -1); // nor can another upload take it
        QVERIFY(heldElsewhere);
        QVERIFY2(second.contains(QStringLiteral("another upload")), qPrintable(second));

        startServer();
        QVERIFY(!QFile::exists(stale));
        QVERIFY(!QFile::exists(staleSub));
        QVERIFY(QFile::exists(held));
        QStringList details;
        for (const BootEvent &e : std::as_const(m_events)) {
            if (e.kind == QLatin1String("image-stale-upload-removed")) {
                QCOMPARE(e.severity, BootEvent::Severity::Warning);
                details << e.detail;
            }
        }
        QCOMPARE(details.size(), 2);
        details.sort();
        QVERIFY2(details[0].contains(staleSub + QStringLiteral(" (10 bytes)")), qPrintable(details[0]));
        QVERIFY2(details[1].contains(stale + QStringLiteral(" (1234 bytes)")), qPrintable(details[1]));
        QVERIFY(details[1].contains(QStringLiteral("crash or a power cut")));
        // The real images next to them are untouched.
        QFile disk(root() + QStringLiteral("/disk.img"));
        QVERIFY(disk.open(QIODevice::ReadOnly));
        QCOMPARE(sha256Hex(disk.readAll()), m_imageSha);
        QCOMPARE(filesInStore(), QStringList({QStringLiteral(".hidden.part"), QStringLiteral(".trash/old.img.part"),
                                              QStringLiteral("busy.img.part"), QStringLiteral("disk.img"),
                                              QStringLiteral("sub/part 2.img")}));
        // Once its holder is gone, it is stale too.
        heldFile.close();
        QCOMPARE(m_server->removeStaleUploads(), 1);
        QVERIFY(!QFile::exists(held));
    }

    void uploadInProgressKeepsItsPart()
    {
        // Half an upload is in NAME.part; a sweep then must leave it, and the upload still completes.
        const qint64 size = 2 * 1024 * 1024;
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(client.waitForConnected(5000));
        client.write("PUT " + path(QStringLiteral("taken.img")) + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                     token().toLatin1() + "\r\nContent-Length: " + QByteArray::number(size) + "\r\n\r\n");
        client.write(pattern(0, size / 2));
        const QString part = root() + QStringLiteral("/taken.img.part");
        QTRY_COMPARE(QFileInfo(part).size(), size / 2);
        QCOMPARE(m_server->removeStaleUploads(), 0);
        QVERIFY(QFile::exists(part));
        QVERIFY(!lastEvent(QStringLiteral("image-stale-upload-removed")));
        client.write(pattern(size / 2, size - size / 2));
        QTRY_VERIFY(client.canReadLine());
        QVERIFY2(client.readLine().startsWith("HTTP/1.1 201"), "the upload did not complete");
        QFile f(root() + QStringLiteral("/taken.img"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(sha256Hex(f.readAll()), sha256Hex(pattern(0, size)));
        QVERIFY(!QFile::exists(part));
    }

    void uploadHeldByAnotherProcessIs409()
    {
        // Another Bootbench on the same image store is uploading taken.img: its .part stays its own.
        const QString part = root() + QStringLiteral("/taken.img.part");
        QString error;
        QFile other;
        QVERIFY(other.open(imagepart::openLocked(part, &error), QIODevice::WriteOnly | QIODevice::Unbuffered,
                           QFileDevice::AutoCloseHandle));
        QCOMPARE(other.write("theirs"), qint64(6));
        const RawResponse r = upload(QStringLiteral("taken.img"), 100);
        QCOMPARE(r.status, 409);
        QVERIFY2(r.body.contains("another upload"), r.body.constData());
        QCOMPARE(QFileInfo(part).size(), qint64(6));
        QVERIFY(!QFile::exists(root() + QStringLiteral("/taken.img")));
    }

    void uploadChecksumMismatchLeavesNothing()
    {
        const RawResponse r =
            upload(QStringLiteral("taken.img"), 1000, "X-Image-SHA256: " + QByteArray(64, '0') + "\r\n");
        QCOMPARE(r.status, 400);
        QVERIFY(!QFile::exists(root() + QStringLiteral("/taken.img")));
        QVERIFY(!QFile::exists(root() + QStringLiteral("/taken.img.part")));
    }

    void uploadNeedsContentLength()
    {
        RawRequest req;
        req.head = "PUT " + path(QStringLiteral("taken.img")) + " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " +
                   token().toLatin1() + "\r\nTransfer-Encoding: chunked\r\n\r\n";
        const RawResponse r = rawExchange(m_server->port(), req);
        QCOMPARE(r.status, 411);
        QVERIFY(!QFile::exists(root() + QStringLiteral("/taken.img.part")));
    }

    void uploadOverTheLimitIs413()
    {
        startServer(1024 * 1024);
        const RawResponse r = upload(QStringLiteral("taken.img"), 2 * 1024 * 1024);
        QCOMPARE(r.status, 413);
        QVERIFY2(r.body.contains("1048576"), r.body.constData());
        QCOMPARE(filesInStore(), QStringList({QStringLiteral("disk.img"), QStringLiteral("sub/part 2.img")}));
        QVERIFY(lastEvent(QStringLiteral("image-upload-failed")));
    }

    void uploadCutOffLeavesNoImage()
    {
        const qint64 size = 8 * 1024 * 1024;
        const RawResponse r = upload(QStringLiteral("taken.img"), size, {}, size / 2);
        QCOMPARE(r.status, 0); // the client went away before an answer
        QTRY_VERIFY(lastEvent(QStringLiteral("image-upload-failed")));
        QVERIFY2(lastEvent(QStringLiteral("image-upload-failed"))->detail.contains(QStringLiteral("closed")),
                 qPrintable(lastEvent(QStringLiteral("image-upload-failed"))->detail));
        QCOMPARE(filesInStore(), QStringList({QStringLiteral("disk.img"), QStringLiteral("sub/part 2.img")}));
        // And the name is free again for the next try.
        QCOMPARE(upload(QStringLiteral("taken.img"), 100).status, 201);
    }

    void notEnoughFreeSpaceIs507()
    {
        m_free = 1000;
        const RawResponse r = upload(QStringLiteral("taken.img"), 5000);
        QCOMPARE(r.status, 507);
        const QString message = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toString();
        QVERIFY2(message.contains(QStringLiteral("1000 bytes free")) &&
                     message.contains(QStringLiteral("5000 bytes needed")),
                 qPrintable(message));
        QVERIFY(!QFile::exists(root() + QStringLiteral("/taken.img.part")));
        m_free = 5000;
        QCOMPARE(upload(QStringLiteral("taken.img"), 5000).status, 201);
    }

    void serviceServesImagesNextToTheHttpPort()
    {
        // Through the policy service: GET work lists the images with their URLs on the image port.
        m_server.reset();
        ServiceConfig config = m_fx->loopbackConfig();
        config.dataDir = m_fx->dir.path();
        config.policy.imageRoot = root();
        QVERIFY2(m_fx->startService(config), qPrintable(m_fx->service->status().reason));
        PolicyService *policy = m_fx->service;
        QVERIFY(policy->imagePort() != 0);
        QVERIFY(policy->imagePort() != policy->port());

        const test::Reply reply =
            m_fx->request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac), {}, token());
        QCOMPARE(reply.status, 200);
        const QJsonObject work = reply.json();
        const QJsonArray images = work.value(QStringLiteral("images")).toArray();
        QCOMPARE(images.size(), 3);
        const QJsonObject disk = images.at(0).toObject();
        QCOMPARE(disk.value(QStringLiteral("direction")).toString(), QStringLiteral("download"));
        QCOMPARE(qint64(disk.value(QStringLiteral("size")).toDouble()), kImageSize);
        const QString url = disk.value(QStringLiteral("url")).toString();
        QCOMPARE(
            url,
            QStringLiteral("http://127.0.0.1:%1/api/v1/devices/%2/images/disk.img").arg(policy->imagePort()).arg(kMac));
        QCOMPARE(images.at(1).toObject().value(QStringLiteral("url")).toString(),
                 QStringLiteral("http://127.0.0.1:%1/api/v1/devices/%2/images/sub/part%202.img")
                     .arg(policy->imagePort())
                     .arg(kMac));
        QCOMPARE(images.at(2).toObject().value(QStringLiteral("direction")).toString(), QStringLiteral("upload"));
        QCOMPARE(images.at(2).toObject().value(QStringLiteral("exists")).toBool(), false);

        // QNetworkAccessManager with a Range, on the URL the work named.
        QNetworkRequest get{QUrl(url)};
        get.setRawHeader("Authorization", "Bearer " + token().toLatin1());
        get.setRawHeader("Range", "bytes=100-");
        QNetworkReply *image = m_fx->net.get(get);
        QSignalSpy imageDone(image, &QNetworkReply::finished);
        QVERIFY(imageDone.wait(10000));
        QCOMPARE(image->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 206);
        QCOMPARE(image->readAll(), pattern(100, kImageSize - 100));
        image->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestEngineImages)
#include "tst_engineimages.moc"
