#include "services/eventstream.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace bootbench;

class TestEventStream : public QObject
{
    Q_OBJECT
private slots:
    void batchesEventsFromManyThreads()
    {
        EventStream stream(nullptr, 50);
        QSignalSpy spy(&stream, &EventStream::batchReady);
        constexpr int kThreads = 4, kPerThread = 2500;
        QList<QThread *> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads << QThread::create([&stream, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    BootEvent e;
                    e.kind = QStringLiteral("t%1").arg(t);
                    e.bytes = i;
                    stream.publish(e);
                }
            });
            threads.last()->start();
        }
        for (QThread *th : threads) {
            QVERIFY(th->wait(10000));
            delete th;
        }
        int received = 0;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     received = 0;
                                     for (const auto &args : spy)
                                         received += args.at(0).value<BootEventBatch>().size();
                                     return received == kThreads * kPerThread;
                                 }()),
                                 5000);
        // Batched: far fewer signals than events.
        QVERIFY2(spy.size() < 100, qPrintable(QString::number(spy.size())));
        QCOMPARE(stream.publishedCount(), qint64(kThreads * kPerThread));
    }

    void flushEmitsPendingAtOnce()
    {
        EventStream stream(nullptr, 60000);
        QSignalSpy spy(&stream, &EventStream::batchReady);
        BootEvent e;
        e.kind = QStringLiteral("x");
        stream.publish(e);
        QCOMPARE(spy.size(), 0);
        stream.flush();
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).value<BootEventBatch>().first().kind, QStringLiteral("x"));
        stream.flush();
        QCOMPARE(spy.size(), 1); // nothing pending: no empty batch
    }

    void jsonRoundTrip()
    {
        BootEvent e;
        e.time = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
        e.mac = QStringLiteral("52:54:00:12:34:56");
        e.service = QStringLiteral("tftp");
        e.kind = QStringLiteral("transfer-finished");
        e.phase = Phase::ImagingFiles;
        e.outcome = Outcome::Expected;
        e.severity = BootEvent::Severity::Warning;
        e.bytes = 42;
        e.total = 84;
        e.peer = QStringLiteral("127.0.0.1:1234");
        e.detail = QStringLiteral("boot/kernel");
        QCOMPARE(BootEvent::fromJson(e.toJson()), e);
    }
};

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_eventstream.moc"
