// The image port's side of folder images (docs/http-api.md, "Appending uploads"): a take's files
// arrive in pieces (PUT ?offset=N, the last with final=1), a broken piece is sent again from its
// offset, manifest.json is checked against the folder and written last, and only the files directly
// inside the bundle's folder are open to the device.
#include "tst_enginehttpclient.h"
#include "tst_policyfixture.h"

#include "model/bundleactions.h"
#include "policy/devicetoken.h"
#include "policy/imageserver.h"
#include "policy/policycontext.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/settingsrepository.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStorageInfo>
#include <QTest>

using namespace bootbench;

namespace {

const QString kMac = QStringLiteral("52:54:00:12:34:57");
const QString kSecret = QStringLiteral("folder-test-secret");

QByteArray pattern(qint64 offset, qint64 size)
{
    QByteArray out(int(size), Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        out[int(i)] = char(((offset + i) * 2654435761u) >> 13);
    return out;
}

} // namespace

class TestImageFolderUpload : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::PolicyFixture> m_fx;
    std::unique_ptr<PolicyContext> m_context;
    std::unique_ptr<ImageServer> m_server;
    QStringList m_events; // kinds

    QString root() const { return m_fx->dir.filePath(QStringLiteral("images")); }
    QString folder() const { return root() + QStringLiteral("/win11"); }

    void setBundle(BundleKind kind, bool overwrite = false)
    {
        Bundle b;
        b.name = QStringLiteral("folder");
        b.kind = kind;
        BundleAction a = defaultAction(actionTypesForKind(kind).constFirst());
        a.params.insert(QLatin1String(paramkey::kImage), QStringLiteral("win11"));
        a.params.insert(QLatin1String(paramkey::kDisk), QStringLiteral("auto"));
        a.params.insert(QLatin1String(paramkey::kFormat), QLatin1String(paramkey::kFormatFolder));
        a.params.insert(QStringLiteral("overwrite"), overwrite);
        b.actions = {a};
        QVERIFY(validateBundle(b).isEmpty());
        QString error;
        BundleRepository bundles(*m_fx->store);
        if (bundles.find(b.name, &error))
            QVERIFY2(bundles.update(b, &error), qPrintable(error));
        else
            QVERIFY2(bundles.add(b, &error), qPrintable(error));
    }

    RawResponse put(const QString &file, const QByteArray &query, qint64 offset, qint64 size,
                    const QByteArray &extra = {}, qint64 abortAfter = -1,
                    const std::function<QByteArray(qint64, qint64)> &body = pattern)
    {
        RawRequest req;
        req.head = "PUT /api/v1/devices/" + kMac.toLatin1() + "/images/win11/" + file.toUtf8() + query +
                   " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                   DeviceToken::make(kSecret.toLatin1(), kMac).toLatin1() +
                   "\r\nContent-Length: " + QByteArray::number(size) + "\r\n" + extra + "\r\n";
        req.bodyBytes = size;
        req.bodyPiece = [offset, body](qint64 at, qint64 n) { return body(offset + at, n); };
        req.abortAfterSending = abortAfter;
        return rawExchange(m_server->port(), req);
    }
    RawResponse piece(const QString &file, qint64 offset, qint64 size, bool final = false, const QByteArray &extra = {},
                      qint64 abortAfter = -1)
    {
        return put(file, "?offset=" + QByteArray::number(offset) + (final ? "&final=1" : ""), offset, size, extra,
                   abortAfter);
    }
    RawResponse get(const QString &file)
    {
        RawRequest req;
        req.head = "GET /api/v1/devices/" + kMac.toLatin1() + "/images/win11/" + file.toUtf8() +
                   " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                   DeviceToken::make(kSecret.toLatin1(), kMac).toLatin1() + "\r\n\r\n";
        return rawExchange(m_server->port(), req);
    }
    QByteArray manifest(qint64 streamSize, const QByteArray &streamSha)
    {
        const QByteArray head = pattern(0, 4096);
        QFile h(folder() + QStringLiteral("/disk.head"));
        if (h.open(QIODevice::WriteOnly))
            h.write(head);
        h.close();
        const QJsonObject m{
            {QStringLiteral("format"), QStringLiteral("bootbench-image")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("disk"),
             QJsonObject{{QStringLiteral("size"), 1073741824.0},
                         {QStringLiteral("sectorSize"), 512},
                         {QStringLiteral("table"), QStringLiteral("gpt")},
                         {QStringLiteral("sfdisk"), QStringLiteral("label: gpt\n")},
                         {QStringLiteral("head"),
                          QJsonObject{{QStringLiteral("file"), QStringLiteral("disk.head")},
                                      {QStringLiteral("size"), 4096},
                                      {QStringLiteral("sha256"), QString::fromLatin1(sha256Hex(head))}}}}},
            {QStringLiteral("partitions"),
             QJsonArray{QJsonObject{{QStringLiteral("number"), 1},
                                    {QStringLiteral("start"), 2048},
                                    {QStringLiteral("size"), 204800},
                                    {QStringLiteral("method"), QStringLiteral("raw")},
                                    {QStringLiteral("stream"), QStringLiteral("p1.raw.zst")},
                                    {QStringLiteral("streamSize"), double(streamSize)},
                                    {QStringLiteral("sha256"), QString::fromLatin1(streamSha)}}}}};
        return QJsonDocument(m).toJson(QJsonDocument::Compact);
    }

private slots:
    void init()
    {
        m_fx = std::make_unique<test::PolicyFixture>();
        m_events.clear();
        QString error;
        QVERIFY2(m_fx->openStore(&error), qPrintable(error));
        QVERIFY(SettingsRepository(*m_fx->store).setValue(DeviceToken::settingKey(), kSecret, &error));
        Device d;
        d.mac = kMac;
        QVERIFY2(DeviceRepository(*m_fx->store).add(d, &error), qPrintable(error));
        setBundle(BundleKind::ImageTake);
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, QStringLiteral("folder"), false, &error),
                 qPrintable(error));
        QVERIFY(QDir().mkpath(root()));
        ServiceConfig config;
        config.dataDir = m_fx->dir.path();
        config.address = QHostAddress(QHostAddress::LocalHost);
        config.policy.imageRoot = root();
        m_context = std::make_unique<PolicyContext>(*m_fx->store, config, QString(),
                                                    [this](const BootEvent &e) { m_events << e.kind; });
        ImageServerOptions o;
        o.root = root();
        o.maxUploadBytes = qint64(1) << 30;
        o.freeBytes = [](const QString &f) { return QStorageInfo(f).bytesAvailable(); };
        m_server = std::make_unique<ImageServer>(*m_context, o);
        QVERIFY2(m_server->listen(QHostAddress(QHostAddress::LocalHost), 0, &error), qPrintable(error));
    }

    void cleanup()
    {
        m_server.reset();
        m_context.reset();
        m_fx.reset();
    }

    void piecesMakeOneFile()
    {
        const qint64 pieceSize = 1 << 20, tail = 12345, total = 2 * pieceSize + tail;
        const QByteArray sha = sha256Hex(pattern(0, total));
        RawResponse r = piece_(0, pieceSize);
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("offset")).toDouble(),
                 double(pieceSize));
        QVERIFY(!QFile::exists(folder() + QStringLiteral("/p1.raw.zst")));
        QCOMPARE(QFileInfo(folder() + QStringLiteral("/p1.raw.zst.part")).size(), pieceSize);
        QCOMPARE(piece_(pieceSize, pieceSize).status, 200);
        r = piece(QStringLiteral("p1.raw.zst"), 2 * pieceSize, tail, true, "X-Image-SHA256: " + sha + "\r\n");
        QCOMPARE(r.status, 201);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value(QStringLiteral("size")).toDouble(), double(total));
        QCOMPARE(o.value(QStringLiteral("sha256")).toString().toLatin1(), sha);
        QFile f(folder() + QStringLiteral("/p1.raw.zst"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(sha256Hex(f.readAll()), sha);
        QVERIFY(!QFile::exists(folder() + QStringLiteral("/p1.raw.zst.part")));
    }

    void brokenPieceIsSentAgain()
    {
        const qint64 pieceSize = 4 << 20;
        QCOMPARE(piece_(0, pieceSize).status, 200);
        // The second pieceSize breaks after 1 MiB: the part goes back to the pieceSize's offset.
        const RawResponse broken = piece(QStringLiteral("p1.raw.zst"), pieceSize, pieceSize, false, {}, 1 << 20);
        QVERIFY(broken.status == 0);
        QTRY_VERIFY(m_events.contains(QStringLiteral("image-upload-failed")));
        QCOMPARE(QFileInfo(folder() + QStringLiteral("/p1.raw.zst.part")).size(), pieceSize);
        // Past what arrived: 409 with the offset to send from.
        RawResponse r = piece(QStringLiteral("p1.raw.zst"), 3 * pieceSize, 10);
        QCOMPARE(r.status, 409);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("offset")).toDouble(),
                 double(pieceSize));
        QCOMPARE(piece_(pieceSize, pieceSize).status, 200);
        const QByteArray sha = sha256Hex(pattern(0, 2 * pieceSize));
        r = piece(QStringLiteral("p1.raw.zst"), 2 * pieceSize, 0, true, "X-Image-SHA256: " + sha + "\r\n");
        QCOMPARE(r.status, 201);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("sha256")).toString().toLatin1(), sha);
    }

    void wrongChecksumLeavesNoFile()
    {
        QCOMPARE(piece_(0, 1000).status, 200);
        const RawResponse r =
            piece(QStringLiteral("p1.raw.zst"), 1000, 0, true, "X-Image-SHA256: " + QByteArray(64, 'a') + "\r\n");
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("SHA-256"));
        QVERIFY(!QFile::exists(folder() + QStringLiteral("/p1.raw.zst")));
    }

    void manifestLastAndChecked()
    {
        const qint64 size = 70000;
        const QByteArray sha = sha256Hex(pattern(0, size));
        // Not complete: no download while the manifest is missing.
        setBundle(BundleKind::ImageRestore);
        RawResponse r = get(QStringLiteral("p1.raw.zst"));
        QCOMPARE(r.status, 404);
        QVERIFY2(r.body.contains("not complete"), r.body.constData());
        setBundle(BundleKind::ImageTake);
        // A manifest naming a stream that is not there is refused, naming it.
        QDir().mkpath(folder());
        QByteArray m = manifest(size, sha);
        r = put(QStringLiteral("manifest.json"), "?offset=0&final=1", 0, m.size(), {}, -1,
                [m](qint64 at, qint64 n) { return m.mid(at, n); });
        QCOMPARE(r.status, 400);
        QVERIFY2(r.body.contains("p1.raw.zst is missing"), r.body.constData());
        QVERIFY(!QFile::exists(folder() + QStringLiteral("/manifest.json")));
        QCOMPARE(piece(QStringLiteral("p1.raw.zst"), 0, size, true, "X-Image-SHA256: " + sha + "\r\n").status, 201);
        r = put(QStringLiteral("manifest.json"), "?offset=0&final=1", 0, m.size(), {}, -1,
                [m](qint64 at, qint64 n) { return m.mid(at, n); });
        QCOMPARE(r.status, 201);
        // Complete: the restore side may read it; nothing deeper than the folder.
        setBundle(BundleKind::ImageRestore);
        r = get(QStringLiteral("p1.raw.zst"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.sha256, sha);
        QCOMPARE(get(QStringLiteral("sub/p1.raw.zst")).status, 403);
        // A new take into the complete image: refused without overwrite; with it the manifest goes first.
        setBundle(BundleKind::ImageTake);
        r = piece_(0, 100);
        QCOMPARE(r.status, 409);
        QVERIFY(QFile::exists(folder() + QStringLiteral("/manifest.json")));
        setBundle(BundleKind::ImageTake, true);
        QCOMPARE(piece_(0, 100).status, 200);
        QVERIFY(!QFile::exists(folder() + QStringLiteral("/manifest.json")));
    }

private:
    RawResponse piece_(qint64 offset, qint64 size) { return piece(QStringLiteral("p1.raw.zst"), offset, size); }
};

QTEST_GUILESS_MAIN(TestImageFolderUpload)
#include "tst_imagefolderupload.moc"
