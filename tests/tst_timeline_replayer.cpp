// Replay of a recorded event log into an EventStream: everything arrives, in order, retimed to
// now, at the speed asked; the log formats (JSON array, JSON Lines, CSV export) round-trip.
#include "services/eventstream.h"
#include "timeline/eventlog.h"
#include "timeline/eventreplayer.h"
#include "timeline/syntheticbench.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

namespace {
BootEventBatch received(const QSignalSpy &spy)
{
    BootEventBatch all;
    for (const auto &args : spy)
        all += args.at(0).value<BootEventBatch>();
    return all;
}
} // namespace

class TestEventReplayer : public QObject
{
    Q_OBJECT
private slots:
    void replaysARecordedFileAsFastAsPossible()
    {
        QTemporaryDir dir;
        SyntheticBenchOptions options;
        options.devices = 30;
        const BootEventBatch recorded = generateSyntheticBench(options);
        const QString path = dir.filePath(QStringLiteral("bench.json"));
        QString error;
        QVERIFY2(writeEventLog(path, recorded, &error), qPrintable(error));

        EventStream stream(nullptr, 20);
        QSignalSpy batches(&stream, &EventStream::batchReady);
        EventReplayer replayer(&stream);
        QVERIFY2(replayer.load(path, &error), qPrintable(error));
        QCOMPARE(replayer.size(), recorded.size());
        replayer.setSpeed(0);
        QSignalSpy finished(&replayer, &EventReplayer::finished);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        replayer.start();
        QVERIFY(finished.wait(10000));
        QTRY_COMPARE(received(batches).size(), recorded.size());
        const BootEventBatch played = received(batches);
        // Same events in the same order, moved so the recording ends about now.
        const qint64 shift = played.last().time.toMSecsSinceEpoch() - recorded.last().time.toMSecsSinceEpoch();
        QVERIFY(qAbs(before - recorded.last().time.toMSecsSinceEpoch() - shift) < 5000);
        for (qsizetype i = 0; i < played.size(); ++i) {
            QCOMPARE(played.at(i).kind, recorded.at(i).kind);
            QCOMPARE(played.at(i).mac, recorded.at(i).mac);
            QCOMPARE(played.at(i).time.toMSecsSinceEpoch() - recorded.at(i).time.toMSecsSinceEpoch(), shift);
        }
    }

    void realAndFasterSpeed()
    {
        BootEventBatch log;
        for (int i = 0; i < 5; ++i) {
            BootEvent e;
            e.time = QDateTime::fromMSecsSinceEpoch(1714557600000 + i * 100, Qt::UTC); // 400 ms long
            e.mac = QStringLiteral("52:54:00:00:00:01");
            e.kind = QStringLiteral("k%1").arg(i);
            log << e;
        }
        for (const double speed : {1.0, 4.0}) {
            EventStream stream(nullptr, 10);
            QSignalSpy batches(&stream, &EventStream::batchReady);
            EventReplayer replayer(&stream);
            replayer.setEvents(log);
            replayer.setSpeed(speed);
            QSignalSpy finished(&replayer, &EventReplayer::finished);
            QElapsedTimer clock;
            clock.start();
            replayer.start();
            QVERIFY(finished.wait(5000));
            const qint64 took = clock.elapsed();
            const qint64 expected = qint64(400 / speed);
            QVERIFY2(took >= expected - 20 && took < expected + 1000,
                     qPrintable(QStringLiteral("speed %1: %2 ms").arg(speed).arg(took)));
            QTRY_COMPARE(received(batches).size(), log.size());
            const BootEventBatch played = received(batches);
            // Gaps shrink with the speed.
            const qint64 span = played.last().time.toMSecsSinceEpoch() - played.first().time.toMSecsSinceEpoch();
            QCOMPARE(span, expected);
        }
    }

    void logFormats()
    {
        SyntheticBenchOptions options;
        options.devices = 3;
        const BootEventBatch events = generateSyntheticBench(options);
        QString error;
        QCOMPARE(parseEventLog(eventLogJson(events), &error), events);
        QVERIFY(error.isEmpty());
        QByteArray lines;
        for (const BootEvent &e : events)
            lines += QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
        QCOMPARE(parseEventLog(lines, &error), events);

        QVERIFY(parseEventLog("[{\"mac\": \"x\"}]", &error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("event 1")) && error.contains(QLatin1String("time")), qPrintable(error));
        error.clear();
        QVERIFY(parseEventLog("{\"time\":\"2024-05-01T10:00:00Z\"}\n{oops", &error).isEmpty());
        QVERIFY2(error.startsWith(QLatin1String("line 2")), qPrintable(error));

        BootEvent tricky = events.first();
        tricky.detail = QStringLiteral("a \"quoted\", comma");
        const QByteArray csv = eventsCsv({tricky});
        QVERIFY(csv.startsWith("time,mac,service,kind,phase,outcome,severity,bytes,total,peer,detail\r\n"));
        QVERIFY2(csv.contains("\"a \"\"quoted\"\", comma\""), csv.constData());
    }
};

QTEST_GUILESS_MAIN(TestEventReplayer)
#include "tst_timeline_replayer.moc"
