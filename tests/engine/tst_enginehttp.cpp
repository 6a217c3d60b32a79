// The engine's HTTP client: against the real policy service on loopback (work, progress, result,
// the token, no work, an unreachable server) and against canned answers from a socket of the
// test (Content-Length, chunked, up to the close, Range and PUT on the wire, time-outs).
#include "../tst_policyfixture.h"
#include "tst_engineoffthread.h"

#include "engineapi.h"
#include "enginelog.h"
#include "httpclient.h"

#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"

#include <QTcpServer>
#include <QTcpSocket>

using namespace bootbench;
using namespace bootbench::engine;

namespace {

const QString kMac = QStringLiteral("52:54:00:12:34:56");

// Answers every connection with `answer` once the request's head (and Content-Length body) is in;
// keeps what each request was.
class CannedServer : public QObject
{
public:
    QTcpServer server;
    QByteArray answer;
    bool answerAtAll = true;
    QList<QByteArray> requests;

    CannedServer()
    {
        server.listen(QHostAddress::LocalHost, 0);
        connect(&server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                auto *buffer = new QByteArray;
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    qsizetype length = 0;
                    for (const QByteArray &line : buffer->left(end).split('\n')) {
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    }
                    if (buffer->size() < end + 4 + length)
                        return;
                    requests << *buffer;
                    buffer->clear();
                    if (answerAtAll) {
                        s->write(answer);
                        s->disconnectFromHost();
                    }
                });
                connect(s, &QTcpSocket::disconnected, s, [s, buffer] {
                    delete buffer;
                    s->deleteLater();
                });
            }
        });
    }
    std::string url(const char *path = "/x") const
    {
        return "http://127.0.0.1:" + std::to_string(server.serverPort()) + path;
    }
};

struct Call
{
    bool ok = false;
    HttpResponse response;
    std::string error;
};

} // namespace

class TestEngineHttp : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::PolicyFixture> m_fx;
    EngineLog m_log{nullptr};

    EngineConfig config(const QString &token) const
    {
        EngineConfig c;
        c.server = "http://127.0.0.1:" + std::to_string(m_fx->service->port());
        c.mac = kMac.toStdString();
        c.token = token.toStdString();
        return c;
    }

private slots:
    void init()
    {
        m_fx = std::make_unique<test::PolicyFixture>();
        QString error;
        QVERIFY2(m_fx->openStore(&error), qPrintable(error));
        Device d;
        d.mac = kMac;
        d.name = QStringLiteral("bench-1");
        QVERIFY2(DeviceRepository(*m_fx->store).add(d, &error), qPrintable(error));
        Bundle b;
        b.name = QStringLiteral("scripted");
        b.kind = BundleKind::Script;
        b.actions = {{QStringLiteral("script"), QJsonObject{{QStringLiteral("script"), QStringLiteral("true\n")}}}};
        QVERIFY2(BundleRepository(*m_fx->store).add(b, &error), qPrintable(error));
        QVERIFY2(AssignmentRepository(*m_fx->store).assign(kMac, b.name, false, &error), qPrintable(error));
        QVERIFY(m_fx->startService(m_fx->loopbackConfig()));
        // The service makes the token secret on its first engine request; ask once so the test
        // can compute the token.
        QCOMPARE(m_fx->request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac)).status, 401);
    }

    void cleanup() { m_fx.reset(); }

    void workProgressResult()
    {
        EngineApi api(config(m_fx->token(kMac)), m_log);
        const ApiAnswer work = offThread([&] { return api.fetchWork(); });
        QVERIFY2(work.ok(), work.error.c_str());
        QCOMPARE(work.status, 200);
        QCOMPARE(work.body["name"].get<std::string>(), std::string("bench-1"));
        QCOMPARE(work.body["bundle"]["name"].get<std::string>(), std::string("scripted"));
        QCOMPARE(work.body["bundle"]["actions"][0]["params"]["script"].get<std::string>(), std::string("true\n"));
        QCOMPARE(m_fx->eventsOf(QStringLiteral("work-fetched")).size(), 1);

        const bool progressed = offThread([&] {
            return api.postProgress({{"stage", "script"}, {"message", "running script 1/1"}, {"percent", 42}});
        });
        QVERIFY(progressed);
        const QList<BootEvent> progress = m_fx->eventsOf(QStringLiteral("progress"));
        QCOMPARE(progress.size(), 1);
        QVERIFY2(progress[0].detail.contains(QStringLiteral("running script 1/1")), qPrintable(progress[0].detail));

        const ApiAnswer result = offThread([&] {
            return api.postResultOnce({{"success", true}, {"message", "done"}, {"log", "a log"}});
        });
        QVERIFY2(result.ok(), result.error.c_str());
        QCOMPARE(result.body["state"].get<std::string>(), std::string("done"));
        QString error;
        QVERIFY(!AssignmentRepository(*m_fx->store).forDevice(kMac, &error)); // once: cleared

        // No work now.
        const ApiAnswer none = offThread([&] { return api.fetchWork(); });
        QCOMPARE(int(none.kind), int(ApiAnswer::Kind::NoWork));
        QCOMPARE(none.status, 404);
    }

    void tokenRefused()
    {
        EngineApi api(config(QStringLiteral("wrong")), m_log);
        const ApiAnswer a = offThread([&] { return api.fetchWork(); });
        QCOMPARE(int(a.kind), int(ApiAnswer::Kind::Refused));
        QCOMPARE(a.status, 401);
        QCOMPARE(a.attempts, 1); // a refusal is not retried
        QVERIFY2(a.error.find("refused the token for 52:54:00:12:34:56") != std::string::npos, a.error.c_str());
        QVERIFY2(a.error.find("bootbench device token 52:54:00:12:34:56") != std::string::npos, a.error.c_str());
        const ApiAnswer check = offThread([&] { return api.check(); });
        QCOMPARE(int(check.kind), int(ApiAnswer::Kind::Refused));
    }

    void badBodyIsRejected()
    {
        EngineApi api(config(m_fx->token(kMac)), m_log);
        const ApiAnswer a = offThread([&] { return api.postResultOnce({{"success", "yes"}}); });
        QCOMPARE(int(a.kind), int(ApiAnswer::Kind::Rejected));
        QCOMPARE(a.status, 400);
        QVERIFY2(a.error.find("\"success\"") != std::string::npos, a.error.c_str());
    }

    void unreachableServerIsRetriedThenNamed()
    {
        quint16 closedPort = 0;
        {
            QTcpServer s;
            QVERIFY(s.listen(QHostAddress::LocalHost, 0));
            closedPort = s.serverPort();
        }
        EngineConfig c = config(m_fx->token(kMac));
        c.server = "http://127.0.0.1:" + std::to_string(closedPort);
        ApiRetry retry;
        retry.work = {std::chrono::milliseconds(50), std::chrono::milliseconds(100), std::chrono::milliseconds(400)};
        EngineApi api(c, m_log, HttpTimeouts{1000, 1000}, retry);
        const ApiAnswer a = offThread([&] { return api.fetchWork(); });
        QCOMPARE(int(a.kind), int(ApiAnswer::Kind::Unreachable));
        QVERIFY2(a.attempts >= 3, std::to_string(a.attempts).c_str());
        QVERIFY2(a.error.find("the server " + c.server + " is unreachable") != std::string::npos, a.error.c_str());
        QVERIFY2(a.error.find("Connection refused") != std::string::npos, a.error.c_str());
        QVERIFY2(a.error.find("gave up after") != std::string::npos, a.error.c_str());
    }

    void contentLengthChunkedAndClose_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
                                        << QByteArray("hello");
        QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n"
                                               "5;ext=1\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n")
                                 << QByteArray("Wikipedia");
        QTest::newRow("close") << QByteArray("HTTP/1.0 200 OK\r\n\r\nuntil the close") << QByteArray("until the close");
        QTest::newRow("no body") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << QByteArray();
    }

    void contentLengthChunkedAndClose()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QByteArray, body);
        CannedServer canned;
        canned.answer = answer;
        HttpClient client(HttpTimeouts{2000, 5000});
        const Call c = offThread([&] {
            Call call;
            call.ok = client.get(canned.url("/get?x=1"), {{"X-Test", "1"}}, &call.response, &call.error);
            return call;
        });
        QVERIFY2(c.ok, c.error.c_str());
        QCOMPARE(QByteArray::fromStdString(c.response.body), body);
        QCOMPARE(canned.requests.size(), 1);
        QVERIFY2(canned.requests[0].startsWith("GET /get?x=1 HTTP/1.1\r\n"), canned.requests[0].constData());
        QVERIFY(canned.requests[0].contains("\r\nHost: 127.0.0.1:"));
        QVERIFY(canned.requests[0].contains("\r\nX-Test: 1\r\n"));
        QVERIFY(canned.requests[0].contains("\r\nConnection: close\r\n"));
    }

    void rangeAndStreamedPut()
    {
        CannedServer canned;
        canned.answer = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-104/1000\r\nContent-Length: "
                        "5\r\n\r\nabcde";
        HttpClient client(HttpTimeouts{2000, 5000});
        std::string received;
        const Call range = offThread([&] {
            Call call;
            call.ok = client.getRange(
                canned.url(), {}, 100, 104,
                [&](const char *d, size_t n, std::string *) {
                    received.append(d, n);
                    return true;
                },
                &call.response, &call.error);
            return call;
        });
        QVERIFY2(range.ok, range.error.c_str());
        QCOMPARE(range.response.status, 206);
        QCOMPARE(range.response.header("content-range"), std::string("bytes 100-104/1000"));
        QCOMPARE(received, std::string("abcde"));
        QVERIFY(range.response.body.empty()); // went to the sink
        QVERIFY2(canned.requests[0].contains("\r\nRange: bytes=100-104\r\n"), canned.requests[0].constData());

        canned.answer = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}";
        const size_t size = 300 * 1024; // several pieces
        size_t offset = 0;
        const Call put = offThread([&] {
            Call call;
            call.ok = client.put(
                canned.url("/up"), {{"X-Image-SHA256", "00"}}, size,
                [&](char *buf, size_t n, std::string *) {
                    for (size_t i = 0; i < n; ++i)
                        buf[i] = char('a' + (offset + i) % 26);
                    offset += n;
                    return long(n);
                },
                &call.response, &call.error);
            return call;
        });
        QVERIFY2(put.ok, put.error.c_str());
        QCOMPARE(put.response.status, 201);
        const QByteArray req = canned.requests[1];
        QVERIFY(req.startsWith("PUT /up HTTP/1.1\r\n"));
        QVERIFY(req.contains("\r\nContent-Length: 307200\r\n"));
        const QByteArray sent = req.mid(req.indexOf("\r\n\r\n") + 4);
        QCOMPARE(sent.size(), qsizetype(size));
        QCOMPARE(sent.at(0), 'a');
        QCOMPARE(sent.at(26 * 1000 + 3), 'd');
    }

    void malformedAndCutAnswers_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("error");
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << QStringLiteral("not an HTTP answer");
        QTest::newRow("short body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
                                    << QStringLiteral("the connection closed after 3 of 10 bytes");
        QTest::newRow("bad chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                   << QStringLiteral("malformed chunk size");
        QTest::newRow("nothing") << QByteArray() << QStringLiteral("closed the connection without an answer");
    }

    void malformedAndCutAnswers()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, error);
        CannedServer canned;
        canned.answer = answer;
        HttpClient client(HttpTimeouts{2000, 5000});
        const Call c = offThread([&] {
            Call call;
            call.ok = client.get(canned.url(), {}, &call.response, &call.error);
            return call;
        });
        QVERIFY(!c.ok);
        QVERIFY2(QString::fromStdString(c.error).contains(error), c.error.c_str());
    }

    void silentServerTimesOut()
    {
        CannedServer canned;
        canned.answerAtAll = false;
        HttpClient client(HttpTimeouts{2000, 300});
        const Call c = offThread([&] {
            Call call;
            call.ok = client.get(canned.url(), {}, &call.response, &call.error);
            return call;
        });
        QVERIFY(!c.ok);
        QCOMPARE(c.error, std::string("the server sent nothing for 0.3 s"));
    }
};

QTEST_GUILESS_MAIN(TestEngineHttp)
#include "tst_enginehttp.moc"
