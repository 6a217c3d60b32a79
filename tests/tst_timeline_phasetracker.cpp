// Phase tracking from event sequences: both phase-1 variants, no work, the menu, a failure, the
// expected refusals, reboots; bounded memory; sorting and filtering of lanes; throughput.
#include "timeline/laneorder.h"
#include "timeline/phasetracker.h"
#include "timeline/syntheticbench.h"

#include <QTest>

using namespace bootbench;

namespace {
const QString kMac = QStringLiteral("52:54:00:00:00:01");
constexpr qint64 kT0 = 1714557600000;

BootEvent ev(double seconds, const char *service, const char *kind, int phase, Outcome outcome = Outcome::None,
             const QString &detail = {}, const QString &mac = kMac)
{
    BootEvent e;
    e.time = QDateTime::fromMSecsSinceEpoch(kT0 + qint64(seconds * 1000), Qt::UTC);
    e.mac = mac;
    e.service = QString::fromLatin1(service);
    e.kind = QString::fromLatin1(kind);
    e.phase = phaseFromInt(phase);
    e.outcome = outcome;
    e.detail = detail;
    e.peer = QStringLiteral("198.18.0.9:2070");
    return e;
}

BootEventBatch variantA()
{
    return {ev(0, "proxydhcp", "discover", 1, Outcome::None, QStringLiteral("PXEClient arch=bios")),
            ev(0.05, "proxydhcp", "proxy-offer", 1), ev(1.0, "proxydhcp", "lease-seen", 1)};
}
BootEventBatch variantB()
{
    return {ev(0, "proxydhcp", "discover", 1), ev(0.05, "proxydhcp", "proxy-offer", 1), ev(1.0, "dhcp", "ack", 1),
            ev(1.2, "proxydhcp", "request-4011", 1), ev(1.25, "proxydhcp", "ack-4011", 1)};
}
BootEventBatch upToWorkQuery(const BootEventBatch &phase1)
{
    BootEventBatch b = phase1;
    b << ev(2, "tftp", "transfer-started", 2, Outcome::None, QStringLiteral("undionly.kpxe"))
      << ev(2.5, "tftp", "transfer-finished", 2, Outcome::None, QStringLiteral("undionly.kpxe"))
      << ev(4, "dhcp", "discover", 3, Outcome::None, QStringLiteral("user class iPXE"))
      << ev(5, "policy", "menu-settings", 3) << ev(8, "policy", "work-query", 4);
    return b;
}
BootEventBatch vendorImaging(const BootEventBatch &phase1, Outcome updateDrivers)
{
    BootEventBatch b = upToWorkQuery(phase1);
    b << ev(8.1, "policy", "work", 4, Outcome::None, QStringLiteral("z_auto.cfg"))
      << ev(9, "tftp", "transfer-finished", 5, Outcome::None, QStringLiteral("pxelinux.0"))
      << ev(10, "tftp", "not-found", 6, Outcome::Failed, QStringLiteral("pxelinux.cfg/01-52-54-00-00-00-01"))
      << ev(10.5, "tftp", "transfer-finished", 6, Outcome::None, QStringLiteral("z_auto.cfg"))
      << ev(12, "tftp", "transfer-finished", 7, Outcome::None, QStringLiteral("/boot/kernel"))
      << ev(20, "tftp", "not-found", 7, updateDrivers, QStringLiteral("/boot/updateDrivers.tgz: file not found"))
      << ev(30, "engine", "work-details", 8)
      << ev(90, "engine", "result", 8, Outcome::Done, QStringLiteral("image laid down"));
    return b;
}
} // namespace

class TestPhaseTracker : public QObject
{
    Q_OBJECT
private slots:
    void sequences_data()
    {
        QTest::addColumn<BootEventBatch>("events");
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("phase");      // highest phase of the current run
        QTest::addColumn<QString>("spans");  // phases with a segment, e.g. "1234"
        QTest::addColumn<QString>("marks");  // outcomes drawn, in order: F failed, E expected, L local, M menu, D done
        QTest::addColumn<QString>("reason"); // part of the failure reason, or empty
        QTest::addColumn<int>("runs");

        QTest::newRow("variant A, vendor imaging")
            << vendorImaging(variantA(), Outcome::Expected) << int(LaneState::Done) << 8 << "12345678"
            << "EED"
            << "" << 1;
        QTest::newRow("variant B, vendor imaging")
            << vendorImaging(variantB(), Outcome::Expected) << int(LaneState::Done) << 8 << "12345678"
            << "EED"
            << "" << 1;
        QTest::newRow("updateDrivers reported as a failure is drawn as expected")
            << vendorImaging(variantB(), Outcome::Failed) << int(LaneState::Done) << 8 << "12345678"
            << "EED"
            << "" << 1;
        QTest::newRow("no work: local boot")
            << (upToWorkQuery(variantA())
                << ev(8.1, "policy", "no-work", 4, Outcome::LocalBoot, QStringLiteral("no work assigned")))
            << int(LaneState::LocalBoot) << 4 << "1234"
            << "L"
            << "" << 1;
        QTest::newRow("menu shown, waiting")
            << (BootEventBatch(variantB())
                << ev(4, "policy", "menu-settings", 3) << ev(7, "policy", "menu-shown", 3, Outcome::MenuShown))
            << int(LaneState::Menu) << 3 << "13"
            << "M"
            << "" << 1;
        QTest::newRow("menu shown, then imaging goes on")
            << (BootEventBatch(variantB()) << ev(7, "policy", "menu-shown", 3, Outcome::MenuShown)
                                           << ev(12, "policy", "menu-choice", 3) << ev(12.5, "policy", "work-query", 4))
            << int(LaneState::Active) << 4 << "134"
            << "M"
            << "" << 1;
        QTest::newRow("failed transfer") << (upToWorkQuery(variantA())
                                             << ev(8.1, "policy", "work", 4) << ev(9, "tftp", "transfer-finished", 5)
                                             << ev(11, "tftp", "transfer-finished", 6)
                                             << ev(40, "tftp", "transfer-failed", 7, Outcome::Failed,
                                                   QStringLiteral("/boot/initrd: timed out after 5 retries")))
                                         << int(LaneState::Failed) << 7 << "1234567"
                                         << "F"
                                         << "timed out" << 1;
        QTest::newRow("EDK2 tsize probe abort is expected")
            << (BootEventBatch(variantA())
                << ev(1.5, "tftp", "transfer-aborted", 2, Outcome::Failed,
                      QStringLiteral("snponly.efi: User aborted the transfer"))
                << ev(2, "tftp", "transfer-finished", 2, Outcome::None, QStringLiteral("snponly.efi")))
            << int(LaneState::Active) << 2 << "12"
            << "E"
            << "" << 1;
        QTest::newRow("failure, retry and progress: active again")
            << (BootEventBatch(variantA())
                << ev(2, "tftp", "transfer-failed", 2, Outcome::Failed, QStringLiteral("undionly.kpxe: timed out"))
                << ev(6, "tftp", "transfer-finished", 2) << ev(8, "policy", "menu-settings", 3))
            << int(LaneState::Active) << 3 << "123"
            << "F"
            << "" << 1;
        QTest::newRow("reboot after done starts a new run")
            << (vendorImaging(variantA(), Outcome::Expected) << ev(200, "proxydhcp", "discover", 1))
            << int(LaneState::Active) << 1 << "1"
            << "EED"
            << "" << 2;
        QTest::newRow("reboot part-way starts a new run")
            << (upToWorkQuery(variantA()) << ev(60, "proxydhcp", "discover", 1)) << int(LaneState::Active) << 1 << "1"
            << ""
            << "" << 2;
    }

    void sequences()
    {
        QFETCH(BootEventBatch, events);
        QFETCH(int, state);
        QFETCH(int, phase);
        QFETCH(QString, spans);
        QFETCH(QString, marks);
        QFETCH(QString, reason);
        QFETCH(int, runs);

        PhaseTracker tracker;
        const PhaseTracker::Changes changes = tracker.apply(events);
        QCOMPARE(changes.firstNewRow, 0);
        QCOMPARE(changes.newRows, 1);
        QCOMPARE(tracker.count(), 1);
        const DeviceLane &lane = tracker.lane(0);
        QCOMPARE(laneStateKey(lane.state), laneStateKey(LaneState(state)));
        QCOMPARE(int(lane.currentPhase), phase);
        QCOMPARE(int(lane.runs.size()), runs);
        QString drawn;
        for (int p = kFirstPhase; p <= kLastPhase; ++p) {
            if (lane.runs.last().spans[size_t(p)].isValid())
                drawn += QString::number(p);
        }
        QCOMPARE(drawn, spans);
        QString outcomeLetters;
        for (const LaneMark &m : lane.marks) {
            switch (m.outcome) {
            case Outcome::Failed: outcomeLetters += QLatin1Char('F'); break;
            case Outcome::Expected: outcomeLetters += QLatin1Char('E'); break;
            case Outcome::LocalBoot: outcomeLetters += QLatin1Char('L'); break;
            case Outcome::MenuShown: outcomeLetters += QLatin1Char('M'); break;
            case Outcome::Done: outcomeLetters += QLatin1Char('D'); break;
            case Outcome::None: break;
            }
        }
        QCOMPARE(outcomeLetters, marks);
        if (reason.isEmpty()) {
            QVERIFY(lane.state != LaneState::Failed);
        } else {
            QVERIFY2(lane.failureReason.contains(reason), qPrintable(lane.failureReason));
        }
        QCOMPARE(lane.eventCount, qint64(events.size()));
    }

    void phase1SpanCoversTheWholeExchange()
    {
        PhaseTracker tracker;
        tracker.apply(variantB());
        const PhaseSpan &span = tracker.lane(0).runs.last().spans[1];
        QCOMPARE(span.startMs, kT0);
        QCOMPARE(span.endMs, kT0 + 1250);
        QCOMPARE(span.events, 5);
    }

    // An all-zero MAC (Bootbench's own rogue-DHCP probe) is never a device.
    void allZeroMacIsNotADevice()
    {
        PhaseTracker tracker;
        tracker.apply({ev(0, "proxydhcp", "ignored", 0, Outcome::None, {}, QStringLiteral("00:00:00:00:00:00")),
                       ev(1, "dhcp", "discover", 1, Outcome::None, {}, QStringLiteral("00:00:00:00:00:00"))});
        QCOMPARE(tracker.count(), 0);
        tracker.apply(variantA());
        QCOMPARE(tracker.count(), 1);
    }

    void identityAddressAndArchitecture()
    {
        PhaseTracker tracker;
        tracker.apply(variantA());
        QCOMPARE(tracker.lane(0).ip, QStringLiteral("198.18.0.9"));
        QCOMPARE(tracker.lane(0).architecture, QStringLiteral("bios"));
        QCOMPARE(tracker.lane(0).label(), QStringLiteral("52:54:00:00:00:01 (bios)"));
        QCOMPARE(tracker.setIdentity(kMac, QStringLiteral("lab-pc-01"), QStringLiteral("x64-uefi")), 0);
        QCOMPARE(tracker.lane(0).label(), QStringLiteral("lab-pc-01 (x64-uefi)"));
        QCOMPARE(tracker.setIdentity(kMac, QStringLiteral("lab-pc-01"), QStringLiteral("x64-uefi")), -1);
        QCOMPARE(tracker.setIdentity(QStringLiteral("52:54:00:99:99:99"), QStringLiteral("x"), {}), -1);
        QCOMPARE(tracker.count(), 1);
    }

    void changesNameNewAndChangedRows()
    {
        PhaseTracker tracker;
        const QString mac2 = QStringLiteral("52:54:00:00:00:02");
        tracker.apply({ev(0, "proxydhcp", "discover", 1)});
        const PhaseTracker::Changes c =
            tracker.apply({ev(1, "proxydhcp", "offer", 1), ev(1, "proxydhcp", "discover", 1, Outcome::None, {}, mac2),
                           ev(2, "proxydhcp", "offer", 1)});
        QCOMPARE(c.firstNewRow, 1);
        QCOMPARE(c.newRows, 1);
        QCOMPARE(c.changedRows, QList<int>{0});
        QCOMPARE(c.events, qint64(3));
        // Service-level events (no MAC) have no lane.
        BootEvent hostEvent = ev(3, "tftp", "service-running", 0, Outcome::None, {}, QString());
        const PhaseTracker::Changes none = tracker.apply({hostEvent});
        QVERIFY(none.isEmpty());
        QCOMPARE(tracker.count(), 2);
    }

    void outOfOrderBatchIsSorted()
    {
        PhaseTracker tracker;
        tracker.apply({ev(5, "policy", "menu-settings", 3), ev(0, "proxydhcp", "discover", 1)});
        QCOMPARE(tracker.lane(0).runs.size(), 1);
        QCOMPARE(tracker.lane(0).firstSeenMs, kT0);
    }

    void memoryPerLaneIsBounded()
    {
        PhaseTracker tracker;
        BootEventBatch batch;
        for (int i = 0; i < 20000; ++i) {
            const int phase = 1 + (i / 7) % 8;
            Outcome outcome = i % 9 == 0 ? Outcome::Failed : Outcome::None;
            batch << ev(i * 0.1, "tftp", "transfer-progress", phase, outcome, QStringLiteral("file"));
        }
        tracker.apply(batch);
        const DeviceLane &lane = tracker.lane(0);
        QCOMPARE(lane.eventCount, qint64(20000));
        QVERIFY(lane.recent.size() <= size_t(DeviceLane::kMaxRecentEvents));
        QVERIFY(lane.marks.size() <= DeviceLane::kMaxMarks);
        QVERIFY(lane.runs.size() <= DeviceLane::kMaxRuns);
        QVERIFY(lane.droppedRuns > 0);
        QVERIFY(lane.droppedMarks > 0);
        // Marks go with their run: none older than the oldest run kept.
        QVERIFY(!lane.marks.isEmpty());
        QVERIFY(lane.marks.constFirst().timeMs >= lane.runs.constFirst().startMs);
        const qint64 small = tracker.approximateBytes();
        tracker.apply(batch);
        QVERIFY2(tracker.approximateBytes() <= small * 11 / 10,
                 qPrintable(QStringLiteral("%1 → %2").arg(small).arg(tracker.approximateBytes())));
    }

    void transferProgressAndRate()
    {
        PhaseTracker tracker;
        BootEvent a = ev(0, "tftp", "transfer-started", 7, Outcome::None, QStringLiteral("/boot/initrd"));
        a.total = 1000000;
        BootEvent b = ev(1, "tftp", "transfer-progress", 7, Outcome::None, QStringLiteral("/boot/initrd"));
        b.bytes = 250000;
        b.total = 1000000;
        BootEvent c = ev(2, "tftp", "transfer-progress", 7, Outcome::None, QStringLiteral("/boot/initrd"));
        c.bytes = 500000;
        c.total = 1000000;
        tracker.apply({a, b, c});
        const TransferProgress &t = tracker.lane(0).transfer;
        QVERIFY(t.active);
        QCOMPARE(t.percent(), 50);
        QCOMPARE(t.file, QStringLiteral("/boot/initrd"));
        QVERIFY2(qAbs(t.bytesPerSecond - 250000) < 1, qPrintable(QString::number(t.bytesPerSecond)));
        QCOMPARE(tracker.throughput().totalBytes(ThroughputMeter::Tftp), qint64(500000));
        const auto samples = tracker.throughput().samples();
        // What moved between two events belongs to the seconds between them.
        QCOMPARE(samples.last().second, (kT0 + 2000) / 1000);
        QCOMPARE(samples.at(samples.size() - 2).bytes[ThroughputMeter::Tftp], qint64(250000));
        QCOMPARE(samples.at(samples.size() - 3).bytes[ThroughputMeter::Tftp], qint64(250000));
        QCOMPARE(tracker.throughput().totalBytes(ThroughputMeter::Http), qint64(0));
    }

    // Phase 8: the engine's progress (docs/engine.md) is read into typed fields from the event's
    // bytes / total and the tokens the policy service appends; its log comes with the result.
    void engineProgressAndLog()
    {
        PhaseTracker tracker;
        BootEvent work = ev(0, "engine", "work-fetched", 8, Outcome::None, QStringLiteral("bundle \"b\" (script, 5)"));
        BootEvent script =
            ev(1, "engine", "progress", 8, Outcome::None, QStringLiteral("script: running script 3/5 step=3/5"));
        tracker.apply({work, script});
        EngineProgress p = tracker.lane(0).engine;
        QVERIFY(p.active);
        QCOMPARE(p.stage, QStringLiteral("script"));
        QCOMPARE(p.message, QStringLiteral("running script 3/5"));
        QCOMPARE(p.step, 3);
        QCOMPARE(p.steps, 5);
        QCOMPARE(p.percent, -1);
        QCOMPARE(p.bytesPerSecond, -1.0);

        BootEvent restore = ev(2, "engine", "progress", 8, Outcome::None,
                               QStringLiteral("restore 42%: writing /dev/sda step=4/5 rate=96000000"));
        restore.bytes = 420;
        restore.total = 1000;
        tracker.apply({restore});
        p = tracker.lane(0).engine;
        QCOMPARE(p.stage, QStringLiteral("restore"));
        QCOMPARE(p.message, QStringLiteral("writing /dev/sda"));
        QCOMPARE(p.percent, 42);
        QCOMPARE(p.step, 4);
        QCOMPARE(p.bytesPerSecond, 96e6);
        QCOMPARE(p.bytes, qint64(420));
        QCOMPARE(p.total, qint64(1000));
        QVERIFY2(tracker.lane(0).transfer.file.isEmpty(), "the engine's progress is not a network transfer");
        QCOMPARE(tracker.throughput().totalBytes(ThroughputMeter::Http), qint64(0));

        // Without the tokens (an older engine): the stage and the percent from bytes / total.
        BootEvent plain = ev(3, "engine", "progress", 8, Outcome::None, QStringLiteral("take"));
        plain.bytes = 1;
        plain.total = 4;
        tracker.apply({plain});
        QCOMPARE(tracker.lane(0).engine.stage, QStringLiteral("take"));
        QCOMPARE(tracker.lane(0).engine.percent, 25);

        tracker.apply({ev(4, "engine", "engine-log", 8, Outcome::None, QStringLiteral("line 1\nline 2\n")),
                       ev(4, "engine", "result", 8, Outcome::Done, QStringLiteral("bundle \"b\" succeeded"))});
        QVERIFY(!tracker.lane(0).engine.active);
        QCOMPARE(tracker.lane(0).engine.stage, QStringLiteral("take")); // the last report stays readable
        QCOMPARE(tracker.lane(0).engineLog, QStringLiteral("line 1\nline 2\n"));
        QCOMPARE(tracker.lane(0).state, LaneState::Done);

        tracker.apply({ev(60, "engine", "work-fetched", 8)}); // the next run starts clean
        QVERIFY(tracker.lane(0).engine.stage.isEmpty());
        QVERIFY(tracker.lane(0).engineLog.isEmpty());
    }

    void throughputIsSpreadOverTheSecondsItTook()
    {
        ThroughputMeter meter(60);
        BootEvent start = ev(0, "engine", "transfer-started", 8, Outcome::None, QStringLiteral("image"));
        BootEvent done = ev(10, "engine", "transfer-finished", 8, Outcome::None, QStringLiteral("image"));
        done.bytes = 10000;
        meter.add(start, kT0);
        QCOMPARE(meter.add(done, kT0 + 10000), qint64(10000));
        const auto samples = meter.samples();
        for (int s = 0; s < 10; ++s)
            QCOMPARE(samples.at(samples.size() - 11 + s).bytes[ThroughputMeter::Http], qint64(1000));
        QCOMPARE(meter.totalBytes(ThroughputMeter::Http), qint64(10000));
        QCOMPARE(meter.totalBytes(ThroughputMeter::Tftp), qint64(0));
    }

    void sortAndFilter()
    {
        PhaseTracker tracker;
        const QString b = QStringLiteral("52:54:00:00:00:0b"), c = QStringLiteral("52:54:00:00:00:0c");
        tracker.apply({ev(0, "proxydhcp", "discover", 1, Outcome::None, {}, c),
                       ev(1, "proxydhcp", "discover", 1, Outcome::None, {}, b), ev(2, "proxydhcp", "discover", 1),
                       ev(3, "engine", "result", 8, Outcome::Done, {}, c),
                       ev(4, "tftp", "transfer-failed", 7, Outcome::Failed, QStringLiteral("x"), b)});
        tracker.setIdentity(kMac, QStringLiteral("alpha"), {});
        tracker.setIdentity(b, QStringLiteral("bravo"), {});
        tracker.setIdentity(c, QStringLiteral("charlie"), {});
        LaneFilter f;
        QCOMPARE(orderLanes(tracker, f), (QList<int>{0, 1, 2})); // c, b, kMac by first seen
        f.sort = LaneFilter::Sort::Name;
        QCOMPARE(orderLanes(tracker, f), (QList<int>{2, 1, 0}));
        f.sort = LaneFilter::Sort::State;
        QCOMPARE(orderLanes(tracker, f), (QList<int>{1, 2, 0})); // failed, active, done
        f.show = LaneFilter::Show::Failed;
        QCOMPARE(orderLanes(tracker, f), QList<int>{1});
        f.show = LaneFilter::Show::Done;
        QCOMPARE(orderLanes(tracker, f), QList<int>{0});
        f.show = LaneFilter::Show::Active;
        QCOMPARE(orderLanes(tracker, f), QList<int>{2});
        f.show = LaneFilter::Show::All;
        f.search = QStringLiteral("00-00-0B");
        QCOMPARE(orderLanes(tracker, f), QList<int>{1});
        f.search = QStringLiteral("char");
        QCOMPARE(orderLanes(tracker, f), QList<int>{0});
    }

    void syntheticBenchHasEveryStory()
    {
        SyntheticBenchOptions options;
        options.devices = 200;
        const BootEventBatch events = generateSyntheticBench(options);
        PhaseTracker tracker;
        tracker.apply(events);
        QCOMPARE(tracker.count(), 200);
        const PhaseTracker::Counts c = tracker.counts();
        QCOMPARE(c.active + c.menu + c.localBoot + c.done + c.failed, 200);
        QVERIFY(c.failed > 0);
        QVERIFY(c.done > 0);
        QVERIFY(c.localBoot > 0);
        QVERIFY(c.active > 0);
        int updateDrivers = 0;
        for (int row = 0; row < tracker.count(); ++row) {
            for (const LaneMark &m : tracker.lane(row).marks) {
                if (m.detail.contains(QLatin1String("updateDrivers.tgz"))) {
                    ++updateDrivers;
                    QCOMPARE(int(m.outcome), int(Outcome::Expected));
                }
            }
        }
        QVERIFY(updateDrivers > 50);
        QCOMPARE(generateSyntheticBench(options), events); // deterministic
    }
};

QTEST_GUILESS_MAIN(TestPhaseTracker)
#include "tst_timeline_phasetracker.moc"
