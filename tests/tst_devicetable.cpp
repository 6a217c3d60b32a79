// The device table model, wrapped in QAbstractItemModelTester: rows are inserted a batch at a
// time, changed rows are gathered and announced as one dataChanged range (at most every
// kUpdateMs), switching source resets, and the filter proxy follows the monitor's lane filter.
#include "monitor/benchmonitor.h"
#include "monitor/devicetablemodel.h"
#include "timeline/syntheticbench.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace bootbench;

namespace {
BootEvent ev(int device, double seconds, int phase, Outcome outcome = Outcome::None, const QString &detail = {})
{
    BootEvent e;
    e.time = QDateTime::fromMSecsSinceEpoch(1714557600000 + qint64(seconds * 1000), Qt::UTC);
    e.mac = QStringLiteral("52:54:00:00:00:%1").arg(device, 2, 16, QLatin1Char('0'));
    e.service = QStringLiteral("tftp");
    e.kind = QStringLiteral("k");
    e.phase = phaseFromInt(phase);
    e.outcome = outcome;
    e.detail = detail;
    return e;
}
} // namespace

class TestDeviceTable : public QObject
{
    Q_OBJECT
private slots:
    void batchesInsertAndChangeRows()
    {
        BenchMonitor monitor;
        DeviceTableModel model(&monitor);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        BootEventBatch first;
        for (int d = 1; d <= 10; ++d)
            first << ev(d, d, 1) << ev(d, d + 0.5, 1);
        monitor.applyLive(first);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(inserted.size(), 1); // one insertion for the whole batch
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 9);
        QCOMPARE(changed.size(), 0);

        // Two devices move on, one new one appears: the insertion at once, the row updates
        // gathered into one range, announced by the update timer.
        monitor.applyLive({ev(3, 20, 2), ev(7, 21, 2), ev(11, 22, 1)});
        QCOMPARE(model.rowCount(), 11);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(model.index(2, DeviceTableModel::Phase).data().toString(),
                 DeviceTableModel::phaseText(Phase::Bootstrap));
        QVERIFY(changed.wait(5 * DeviceTableModel::kUpdateMs));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().column(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 6);
        QCOMPARE(changed.at(0).at(1).toModelIndex().column(), DeviceTableModel::ColumnCount - 1);

        // Several batches before the next update: still one range, over all of them.
        changed.clear();
        for (int d = 1; d <= 9; ++d)
            monitor.applyLive({ev(d, 30 + d, 3)});
        monitor.applyLive({ev(11, 40, 2)}); // the new row of the last batch is included too
        QCOMPARE(changed.size(), 0);
        model.flushUpdates();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 10);
        model.flushUpdates(); // nothing left
        QCOMPARE(changed.size(), 1);
    }

    // Phase 8: the engine's report in words (English here; Japanese from the catalogue).
    void engineProgressInWords()
    {
        EngineProgress p;
        p.stage = QStringLiteral("script");
        p.step = 3;
        p.steps = 5;
        QCOMPARE(DeviceTableModel::engineText(p), QStringLiteral("running script 3/5"));
        p.stage = QStringLiteral("restore");
        p.step = 1;
        p.steps = 2;
        p.percent = 42;
        p.bytesPerSecond = 96e6;
        QCOMPARE(DeviceTableModel::engineText(p),
                 QStringLiteral("restore: action 1/2, 42 % at %1/s").arg(DeviceTableModel::bytesText(96000000)));
        p.steps = 0;
        p.bytesPerSecond = -1;
        QCOMPARE(DeviceTableModel::engineText(p), QStringLiteral("restore, 42 %"));
        QCOMPARE(DeviceTableModel::engineText(EngineProgress{}), QString());
    }

    void columnsSayWhereTheDeviceIs()
    {
        BenchMonitor monitor;
        DeviceTableModel model(&monitor);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        BootEvent start = ev(1, 0, 7, Outcome::None, QStringLiteral("/boot/initrd"));
        start.peer = QStringLiteral("198.18.0.5:3001");
        start.total = 4000000;
        BootEvent progress = ev(1, 2, 7, Outcome::None, QStringLiteral("/boot/initrd"));
        progress.bytes = 1000000;
        progress.total = 4000000;
        monitor.applyLive({ev(1, -10, 1, Outcome::None, QStringLiteral("arch=x64-uefi")), start, progress});
        QCOMPARE(model.index(0, DeviceTableModel::Mac).data().toString(), QStringLiteral("52:54:00:00:00:01"));
        QCOMPARE(model.index(0, DeviceTableModel::Ip).data().toString(), QStringLiteral("198.18.0.5"));
        QCOMPARE(model.index(0, DeviceTableModel::Architecture).data().toString(), QStringLiteral("x64-uefi"));
        const QString transfer = model.index(0, DeviceTableModel::Transfer).data().toString();
        QVERIFY2(transfer.contains(QStringLiteral("/boot/initrd")) && transfer.contains(QStringLiteral("25 %")) &&
                     transfer.contains(QStringLiteral("/s")),
                 qPrintable(transfer));
        QCOMPARE(model.index(0, DeviceTableModel::Transfer).data(DeviceTableModel::PercentRole).toInt(), 25);
        QCOMPARE(model.index(0, DeviceTableModel::State).data().toString(),
                 DeviceTableModel::stateText(LaneState::Active));

        monitor.applyLive({ev(1, 40, 7, Outcome::Failed, QStringLiteral("/boot/initrd: timed out"))});
        QCOMPARE(model.index(0, DeviceTableModel::State).data().toString(),
                 DeviceTableModel::stateText(LaneState::Failed));
        QVERIFY(model.index(0, DeviceTableModel::State)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("timed out")));
        QVERIFY(model.index(0, DeviceTableModel::Duration).data().toString().startsWith(QStringLiteral("0:5")));

        // Identity and assignment from the store.
        DeviceRecord record;
        record.device.mac = QStringLiteral("52:54:00:00:00:01");
        record.device.name = QStringLiteral("lab-pc-01");
        record.known = true;
        record.assigned = true;
        record.assignment.bundleName = QStringLiteral("debian12-lab");
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        monitor.applyDirectory({record});
        model.flushUpdates();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, DeviceTableModel::Name).data().toString(), QStringLiteral("lab-pc-01"));
        QVERIFY(model.index(0, DeviceTableModel::Bundle).data().toString().startsWith(QStringLiteral("debian12-lab")));
    }

    void switchingSourceResets()
    {
        BenchMonitor monitor;
        DeviceTableModel model(&monitor);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        monitor.applyLive({ev(1, 0, 1), ev(2, 0, 1)});
        QCOMPARE(model.rowCount(), 2);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        monitor.beginOther(BenchMonitor::Source::Replay, QStringLiteral("replay"));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        SyntheticBenchOptions options;
        options.devices = 40;
        monitor.applyOther(generateSyntheticBench(options));
        monitor.flushPending(); // more than one slice
        QCOMPARE(model.rowCount(), 40);
        // Live events keep being tracked while the replay is shown, and are back afterwards.
        monitor.applyLive({ev(3, 1, 1)});
        QCOMPARE(model.rowCount(), 40);
        monitor.showLive();
        QCOMPARE(model.rowCount(), 3);
    }

    void bigBatchesAreAppliedInSlices()
    {
        BenchMonitor monitor;
        DeviceTableModel model(&monitor);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SyntheticBenchOptions options;
        options.devices = 150;
        options.progressEventsPerTransfer = 12;
        const BootEventBatch events = generateSyntheticBench(options);
        QVERIFY2(events.size() > 3 * BenchMonitor::kSliceEvents, qPrintable(QString::number(events.size())));
        QSignalSpy changes(&monitor, &BenchMonitor::lanesChanged);
        monitor.applyLive(events);
        // Some chunks now (at most kSliceEvents, within the time budget), the rest on later
        // turns of the event loop, in order; one lanesChanged per turn.
        const qint64 first = monitor.tracker().eventCount();
        QVERIFY2(first >= BenchMonitor::kChunkEvents && first <= BenchMonitor::kSliceEvents,
                 qPrintable(QString::number(first)));
        QCOMPARE(monitor.pendingEvents(), events.size() - first);
        QCOMPARE(changes.size(), 1);
        QTRY_COMPARE(monitor.tracker().eventCount(), qint64(events.size()));
        QCOMPARE(monitor.pendingEvents(), 0);
        QVERIFY(changes.size() >= 4);
        // Every row the views were told about exists, and every row was announced once.
        int announced = 0;
        for (const QList<QVariant> &signal : std::as_const(changes)) {
            const auto c = signal.at(0).value<PhaseTracker::Changes>();
            if (c.newRows > 0) {
                QCOMPARE(c.firstNewRow, announced);
                announced += c.newRows;
            }
            for (int row : c.changedRows)
                QVERIFY(row < c.firstNewRow || c.newRows == 0);
        }
        QCOMPARE(announced, 150);
        QCOMPARE(model.rowCount(), 150);
        PhaseTracker direct;
        direct.apply(events);
        QCOMPARE(monitor.tracker().counts().failed, direct.counts().failed);
        QCOMPARE(monitor.tracker().counts().done, direct.counts().done);
        // A replay that is replaced drops what it had queued.
        monitor.beginOther(BenchMonitor::Source::Replay, QStringLiteral("a"));
        monitor.applyOther(events);
        monitor.beginOther(BenchMonitor::Source::Replay, QStringLiteral("b"));
        QCOMPARE(monitor.pendingEvents(), 0);
        QCOMPARE(monitor.tracker().count(), 0);
    }

    void proxyFollowsTheLaneFilter()
    {
        BenchMonitor monitor;
        DeviceTableModel model(&monitor);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SyntheticBenchOptions options;
        options.devices = 60;
        const BootEventBatch events = generateSyntheticBench(options);
        // Feed in many batches, as the stream would.
        for (qsizetype i = 0; i < events.size(); i += 97)
            monitor.applyLive(events.mid(i, 97));
        QCOMPARE(model.rowCount(), 60);
        QCOMPARE(proxy.rowCount(), 60);
        const PhaseTracker::Counts c = monitor.tracker().counts();
        QVERIFY(c.failed > 0);
        LaneFilter failedOnly;
        failedOnly.show = LaneFilter::Show::Failed;
        monitor.setFilter(failedOnly);
        QCOMPARE(monitor.order().size(), c.failed);
    }
};

QTEST_MAIN(TestDeviceTable)
#include "tst_devicetable.moc"
