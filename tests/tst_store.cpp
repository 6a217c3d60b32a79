#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/configurationrepository.h"
#include "store/devicerepository.h"
#include "store/eventrepository.h"
#include "store/eventwriter.h"
#include "store/migrations.h"
#include "store/rulerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"
#include "store/storewatcher.h"
#include "store/transaction.h"
#include "storebackends.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

class TestStore : public QObject
{
    Q_OBJECT

    test::StoreBackends m_backends;

    static QString backend()
    {
        QFETCH_GLOBAL(QString, backend);
        return backend;
    }
    static bool isPostgres() { return backend() == QLatin1String("postgres"); }

    // A new, empty location of the current row's kind; false with *error (e.g. postgresql missing).
    bool freshUrl(DatabaseUrl *url, QString *error) { return m_backends.freshUrl(backend(), url, error); }

    std::unique_ptr<Store> openFresh()
    {
        DatabaseUrl url;
        QString error;
        if (!freshUrl(&url, &error)) {
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
            return nullptr;
        }
        auto store = Store::open(url, &error);
        if (!store)
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return store;
    }

    static Device device(const QString &mac, const QString &name = {})
    {
        Device d;
        d.mac = mac;
        d.name = name;
        return d;
    }

private slots:
    void initTestCase_data() { test::StoreBackends::addRows(); }

    void parsesUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("driver");
        QTest::newRow("path") << "/tmp/x.db" << true << "QSQLITE";
        QTest::newRow("sqlite:") << "sqlite:/tmp/x.db" << true << "QSQLITE";
        QTest::newRow("sqlite:///") << "sqlite:///tmp/x.db" << true << "QSQLITE";
        QTest::newRow("postgres") << "postgresql://u:p@db.example:5433/bench" << true << "QPSQL";
        QTest::newRow("postgres no db") << "postgresql://u:p@host" << false << "";
        QTest::newRow("mysql") << "mysql://u@h/db" << false << "";
        QTest::newRow("empty") << "" << false << "";
    }
    void parsesUrls()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, driver);
        DatabaseUrl url;
        QString error;
        QCOMPARE(parseDatabaseUrl(text, &url, &error), ok);
        if (ok)
            QCOMPARE(url.driverName(), driver);
        else
            QVERIFY(!error.isEmpty());
    }

    void freshStoreIsMigratedWithForeignKeys()
    {
        auto store = openFresh();
        QVERIFY(store);
        QCOMPARE(schemaVersion(store->database()), latestSchemaVersion());
        QSqlQuery q(store->database());
        if (!isPostgres()) {
            QVERIFY(store->walEnabled());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
        }
        QVERIFY(!q.exec(QStringLiteral("INSERT INTO assignments (device_id, bundle_id) VALUES (999, 999)")));
    }

    void upgradesAnOlderSchemaKeepingData()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(freshUrl(&url, &error), qPrintable(error));
        {
            QSqlDatabase db = test::StoreBackends::rawConnection(url, QStringLiteral("old"));
            QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
            QCOMPARE(schemaVersion(db), 0);
            QVERIFY2(migrateSchema(db, url.kind, &error, 1), qPrintable(error));
            QCOMPARE(schemaVersion(db), 1);
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO devices (mac, name) VALUES ('52:54:00:00:00:01', 'kept')")));
            QVERIFY(!db.tables().contains(QStringLiteral("leases")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        auto store = Store::open(url, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(schemaVersion(store->database()), latestSchemaVersion());
        QVERIFY(store->database().tables().contains(QStringLiteral("leases")));
        const auto d = DeviceRepository(*store).find(QStringLiteral("52:54:00:00:00:01"), &error);
        QVERIFY(d);
        QCOMPARE(d->name, QStringLiteral("kept"));
    }

    void refusesADatabaseFromANewerVersion()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(freshUrl(&url, &error), qPrintable(error));
        {
            auto store = Store::open(url, &error);
            QVERIFY2(store, qPrintable(error));
            QSqlQuery q(store->database());
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 999")));
        }
        QVERIFY(!Store::open(url, &error));
        QVERIFY2(error.contains(QStringLiteral("newer Bootbench")) && error.contains(QStringLiteral("999")),
                 qPrintable(error));
    }

    void refusesWhatIsNotAStore()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(freshUrl(&url, &error), qPrintable(error));
        if (!isPostgres()) {
            QFile f(url.path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 'x'));
            f.close();
            QVERIFY(!Store::open(url, &error));
            QVERIFY(!error.isEmpty());
            return;
        }
        DatabaseUrl wrong = url;
        wrong.password = QStringLiteral("not-the-password");
        QVERIFY(!Store::open(wrong, &error));
        QVERIFY2(error.contains(QStringLiteral("wrong password")) && error.contains(url.user), qPrintable(error));
        QVERIFY2(!error.contains(wrong.password), qPrintable(error));
        wrong = url;
        wrong.database = QStringLiteral("no_such_db");
        QVERIFY(!Store::open(wrong, &error));
        QVERIFY2(error.contains(QStringLiteral("no database")) && error.contains(QStringLiteral("no_such_db")),
                 qPrintable(error));
        wrong = url;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            wrong.port = closed.serverPort();
        }
        QVERIFY(!Store::open(wrong, &error));
        QVERIFY2(error.contains(QStringLiteral("unreachable")) &&
                     error.contains(QStringLiteral("127.0.0.1:%1").arg(wrong.port)),
                 qPrintable(error));
    }

    void devicesRoundTripAndConstraints()
    {
        auto store = openFresh();
        QVERIFY(store);
        DeviceRepository repo(*store);
        QString error;
        Device d = device(QStringLiteral("52-54-00-AB-CD-EF"), QStringLiteral("bench-01"));
        d.serial = QStringLiteral("SN1");
        d.ramMb = 8192;
        d.imageSafe.useDhcp = false;
        d.imageSafe.ip = QStringLiteral("192.0.2.10");
        d.imageSafe.dnsServers = {QStringLiteral("192.0.2.1")};
        d.hasMenuOverride = true;
        d.menuOverride = MenuMode::Always;
        QVERIFY2(repo.add(d, &error), qPrintable(error));
        auto back = repo.find(QStringLiteral("52:54:00:ab:cd:ef"), &error);
        QVERIFY(back);
        QCOMPARE(back->mac, QStringLiteral("52:54:00:ab:cd:ef"));
        QCOMPARE(back->name, d.name);
        QCOMPARE(back->ramMb, 8192);
        QCOMPARE(back->imageSafe, d.imageSafe);
        QVERIFY(back->hasMenuOverride);
        QCOMPARE(back->menuOverride, MenuMode::Always);

        QVERIFY(!repo.add(device(QStringLiteral("52:54:00:ab:cd:ef")), &error));
        QVERIFY2(error.contains(QStringLiteral("exists already")), qPrintable(error));
        error.clear();
        QVERIFY(!repo.add(device(QStringLiteral("not-a-mac")), &error));
        QVERIFY2(error.contains(QStringLiteral("not a MAC")), qPrintable(error));
        QCOMPARE(repo.list(&error).size(), 1);

        Device seen = device(QStringLiteral("52:54:00:ab:cd:ef"));
        seen.manufacturer = QStringLiteral("QEMU");
        QVERIFY(repo.registerSeen(seen, &error));
        back = repo.find(QStringLiteral("52:54:00:ab:cd:ef"), &error);
        QCOMPARE(back->manufacturer, QStringLiteral("QEMU"));
        QCOMPARE(back->serial, QStringLiteral("SN1")); // not wiped by an empty report
        QVERIFY(back->lastSeen.isValid());

        QVERIFY(repo.remove(QStringLiteral("52:54:00:ab:cd:ef"), &error));
        QVERIFY(!repo.remove(QStringLiteral("52:54:00:ab:cd:ef"), &error));
    }

    void bundlesAssignmentsAndUsage()
    {
        auto store = openFresh();
        QVERIFY(store);
        QString error;
        DeviceRepository devices(*store);
        BundleRepository bundles(*store);
        AssignmentRepository assignments(*store);
        QVERIFY(devices.add(device(QStringLiteral("52:54:00:00:00:01")), &error));
        Bundle b;
        b.name = QStringLiteral("win11");
        b.kind = BundleKind::WinPe;
        b.kernelParams = QStringLiteral("quiet");
        b.actions = {{QStringLiteral("winpe"), QJsonObject{{QStringLiteral("wim"), QStringLiteral("boot.wim")}}}};
        QVERIFY2(bundles.add(b, &error), qPrintable(error));
        auto back = bundles.find(QStringLiteral("win11"), &error);
        QVERIFY(back);
        back->id = 0;
        back->revision = 0;
        QCOMPARE(*back, b);
        QVERIFY(!bundles.add(b, &error));
        Bundle unnamed;
        QVERIFY(!bundles.add(unnamed, &error));

        QVERIFY(!assignments.assign(QStringLiteral("52:54:00:00:00:09"), QStringLiteral("win11"), false, &error));
        QVERIFY(error.contains(QStringLiteral("no device")));
        QVERIFY(!assignments.assign(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("nope"), false, &error));
        QVERIFY2(assignments.assign(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("win11"), false, &error),
                 qPrintable(error));
        auto a = assignments.forDevice(QStringLiteral("52:54:00:00:00:01"), &error);
        QVERIFY(a);
        QCOMPARE(a->state, AssignmentState::Pending);
        QVERIFY(!a->persistent);

        error.clear();
        QVERIFY(!bundles.remove(QStringLiteral("win11"), &error));
        QVERIFY2(error.contains(QStringLiteral("52:54:00:00:00:01")), qPrintable(error));

        QVERIFY(assignments.setState(QStringLiteral("52:54:00:00:00:01"), AssignmentState::Running, {}, &error));
        QCOMPARE(assignments.forDevice(QStringLiteral("52:54:00:00:00:01"), &error)->state, AssignmentState::Running);
        // "once": cleared after success
        QVERIFY(assignments.setState(QStringLiteral("52:54:00:00:00:01"), AssignmentState::Done, {}, &error));
        QVERIFY(!assignments.forDevice(QStringLiteral("52:54:00:00:00:01"), &error));
        // persistent: stays, marked done
        QVERIFY(assignments.assign(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("win11"), true, &error));
        QVERIFY(assignments.setState(QStringLiteral("52:54:00:00:00:01"), AssignmentState::Failed,
                                     QStringLiteral("disk"), &error));
        a = assignments.forDevice(QStringLiteral("52:54:00:00:00:01"), &error);
        QCOMPARE(a->state, AssignmentState::Failed);
        QCOMPARE(a->reason, QStringLiteral("disk"));
        QVERIFY(a->finished.isValid());
        // removing the device removes its assignment (cascade), then the bundle can go
        QVERIFY(devices.remove(QStringLiteral("52:54:00:00:00:01"), &error));
        QVERIFY2(bundles.remove(QStringLiteral("win11"), &error), qPrintable(error));
    }

    void rulesOrderMatchAndMove()
    {
        auto store = openFresh();
        QVERIFY(store);
        QString error;
        Bundle b;
        b.name = QStringLiteral("img");
        QVERIFY(BundleRepository(*store).add(b, &error));
        RuleRepository rules(*store);
        HardwareRule big;
        big.name = QStringLiteral("big");
        big.bundleName = QStringLiteral("img");
        big.criteria = RuleCriterion::all({RuleCriterion::leaf(
            RuleCriterion::Field::RamMb, RuleCriterion::Compare::GreaterOrEqual, QStringLiteral("8192"))});
        HardwareRule dell = big;
        dell.name = QStringLiteral("dell");
        dell.criteria = RuleCriterion::any({RuleCriterion::leaf(
            RuleCriterion::Field::Manufacturer, RuleCriterion::Compare::Contains, QStringLiteral("dell"))});
        QVERIFY2(rules.add(big, &error), qPrintable(error));
        QVERIFY(rules.add(dell, &error));
        HardwareRule invalid = big;
        invalid.criteria = RuleCriterion::all({});
        QVERIFY(!rules.add(invalid, &error));
        QVERIFY2(error.contains(QStringLiteral("no criteria")), qPrintable(error));
        invalid.criteria = RuleCriterion::all(
            {RuleCriterion::leaf(RuleCriterion::Field::RamMb, RuleCriterion::Compare::Contains, QStringLiteral("12"))});
        QVERIFY(!rules.add(invalid, &error));
        invalid.bundleName = QStringLiteral("missing");
        invalid.criteria = big.criteria;
        QVERIFY(!rules.add(invalid, &error));
        QCOMPARE(rules.list(&error).size(), 2);

        Device d;
        d.mac = QStringLiteral("52:54:00:00:00:01");
        d.manufacturer = QStringLiteral("Dell Inc.");
        d.ramMb = 16384;
        QCOMPARE(rules.firstMatch(d, &error)->name, QStringLiteral("big"));
        const qint64 dellId = rules.list(&error).at(1).id;
        QVERIFY(rules.move(dellId, 0, &error));
        QCOMPARE(rules.firstMatch(d, &error)->name, QStringLiteral("dell"));
        QVERIFY(!rules.move(dellId, 5, &error));
        d.manufacturer = QStringLiteral("HP");
        d.ramMb = 4096;
        QVERIFY(!rules.firstMatch(d, &error));
        QVERIFY(rules.remove(dellId, &error));
        const auto rest = rules.list(&error);
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.first().position, 0);
    }

    void transactionsNestAndRollBack()
    {
        auto store = openFresh();
        QVERIFY(store);
        QString error;
        DeviceRepository devices(*store);
        {
            Transaction outer(store->database());
            QVERIFY(devices.add(device(QStringLiteral("52:54:00:00:00:01")), &error));
            QVERIFY(!devices.add(device(QStringLiteral("bad")), &error));
            // not committed: rolled back
        }
        QCOMPARE(devices.list(&error).size(), 0);
        {
            Transaction outer(store->database());
            QVERIFY(devices.add(device(QStringLiteral("52:54:00:00:00:01")), &error));
            {
                Transaction inner(store->database());
                QVERIFY(devices.add(device(QStringLiteral("52:54:00:00:00:02")), &error));
                // inner abandoned
            }
            QVERIFY(!outer.commit(&error));
        }
        QCOMPARE(devices.list(&error).size(), 0);
    }

    void importIsAllOrNothing()
    {
        auto store = openFresh();
        QVERIFY(store);
        QString error;
        QVERIFY(
            DeviceRepository(*store).add(device(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("keep")), &error));
        ConfigurationRepository config(*store);
        QJsonObject doc = config.exportAll(&error);
        QVERIFY(error.isEmpty());
        QJsonArray devs = doc.value(QStringLiteral("devices")).toArray();
        devs.append(QJsonObject{{QStringLiteral("mac"), QStringLiteral("52:54:00:00:00:02")}});
        devs.append(QJsonObject{{QStringLiteral("mac"), QStringLiteral("broken")}});
        doc[QStringLiteral("devices")] = devs;
        QVERIFY(!config.importAll(doc, &error));
        QVERIFY2(error.contains(QStringLiteral("devices[2]")), qPrintable(error));
        const auto list = DeviceRepository(*store).list(&error);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().name, QStringLiteral("keep"));
    }

    void eventWriterStoresBatchesOnItsThread()
    {
        auto store = openFresh();
        QVERIFY(store);
        BootEventBatch batch;
        for (int i = 0; i < 1000; ++i) {
            BootEvent e;
            e.time = QDateTime::currentDateTimeUtc();
            e.mac = i % 2 ? QStringLiteral("52:54:00:00:00:01") : QStringLiteral("52:54:00:00:00:02");
            e.service = QStringLiteral("tftp");
            e.kind = QStringLiteral("progress");
            e.phase = Phase::ImagingFiles;
            e.bytes = i;
            batch << e;
        }
        {
            EventWriter writer(*store);
            writer.write(batch.mid(0, 500));
            writer.write(batch.mid(500));
            writer.drain();
            QCOMPARE(writer.writtenCount(), 1000);
        }
        QString error;
        QCOMPARE(EventRepository(*store).count(&error), 1000);
        const BootEventBatch one =
            EventRepository(*store).query(QStringLiteral("52:54:00:00:00:01"), {}, {}, 0, &error);
        QCOMPARE(one.size(), 500);
        QCOMPARE(one.first().phase, Phase::ImagingFiles);
        QCOMPARE(EventRepository(*store).query({}, {}, {}, 10, &error).size(), 10);
    }

    void watcherSeesChangesFromAnotherConnection()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(freshUrl(&url, &error), qPrintable(error));
        auto first = Store::open(url, &error);
        auto second = Store::open(url, &error);
        QVERIFY2(first && second, qPrintable(error));
        StoreWatcher watcher(*first, 20);
        QSignalSpy spy(&watcher, &StoreWatcher::changed);
        QVERIFY(DeviceRepository(*second).add(device(QStringLiteral("52:54:00:00:00:07")), &error));
        QVERIFY(spy.wait(5000));
    }

    void eventsNameTheirBenchAndOthersReadThemById()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(freshUrl(&url, &error), qPrintable(error));
        auto a = Store::open(url, &error);
        auto b = Store::open(url, &error);
        QVERIFY2(a && b, qPrintable(error));
        a->setBenchName(QStringLiteral("bench-a"));
        b->setBenchName(QStringLiteral("bench-b"));
        BootEvent e;
        e.time = QDateTime::currentDateTimeUtc();
        e.service = QStringLiteral("tftp");
        e.kind = QStringLiteral("transfer-started");
        e.mac = QStringLiteral("52:54:00:00:00:01");
        QVERIFY2(EventRepository(*a).append({e, e}, &error), qPrintable(error));
        e.mac = QStringLiteral("52:54:00:00:00:02");
        QVERIFY2(EventRepository(*b).append({e}, &error), qPrintable(error));
        // b reads a's events only, with the bench and the id
        const BootEventBatch fromA = EventRepository(*b).since(0, b->benchName(), 0, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(fromA.size(), 2);
        QCOMPARE(fromA.at(0).bench, QStringLiteral("bench-a"));
        QCOMPARE(fromA.at(0).mac, QStringLiteral("52:54:00:00:00:01"));
        QVERIFY(fromA.at(1).storeId > fromA.at(0).storeId);
        // from the last seen id on: nothing new, then just the new one
        QVERIFY(EventRepository(*b).since(fromA.at(1).storeId, b->benchName(), 0, &error).isEmpty());
        QVERIFY(EventRepository(*a).append({e}, &error));
        QCOMPARE(EventRepository(*b).since(fromA.at(1).storeId, b->benchName(), 0, &error).size(), 1);
        QCOMPARE(EventRepository(*a).since(0, a->benchName(), 0, &error).size(), 1); // b's one
        QCOMPARE(EventRepository(*a).lastId(&error), EventRepository(*b).lastId(&error));
    }

    void aStaleSaveIsRefusedNamingTheBench()
    {
        DatabaseUrl url;
        QString error;
        QVERIFY2(freshUrl(&url, &error), qPrintable(error));
        auto a = Store::open(url, &error);
        auto b = Store::open(url, &error);
        QVERIFY2(a && b, qPrintable(error));
        a->setBenchName(QStringLiteral("bench-a"));
        b->setBenchName(QStringLiteral("bench-b"));
        QVERIFY(DeviceRepository(*a).add(device(QStringLiteral("52:54:00:00:00:01"), QStringLiteral("one")), &error));
        Bundle bundle;
        bundle.name = QStringLiteral("img");
        QVERIFY(BundleRepository(*a).add(bundle, &error));

        Device onA = *DeviceRepository(*a).find(QStringLiteral("52:54:00:00:00:01"), &error);
        Device onB = *DeviceRepository(*b).find(QStringLiteral("52:54:00:00:00:01"), &error);
        QVERIFY(onA.revision > 0);
        QCOMPARE(onB.revision, onA.revision);
        onA.name = QStringLiteral("from a");
        QVERIFY2(DeviceRepository(*a).update(onA, &error), qPrintable(error));
        onB.name = QStringLiteral("from b");
        QVERIFY(!DeviceRepository(*b).update(onB, &error));
        QVERIFY2(error.contains(QStringLiteral("changed on bench bench-a at")) &&
                     error.endsWith(QStringLiteral("; reload")),
                 qPrintable(error));
        QCOMPARE(DeviceRepository(*b).find(onB.mac, &error)->name, QStringLiteral("from a"));
        // reloaded, the save goes through
        Device reloaded = *DeviceRepository(*b).find(onB.mac, &error);
        reloaded.name = QStringLiteral("from b");
        QVERIFY2(DeviceRepository(*b).update(reloaded, &error), qPrintable(error));

        Bundle bundleA = *BundleRepository(*a).find(QStringLiteral("img"), &error);
        Bundle bundleB = *BundleRepository(*b).find(QStringLiteral("img"), &error);
        bundleB.description = QStringLiteral("b was first");
        QVERIFY2(BundleRepository(*b).update(bundleB, &error), qPrintable(error));
        bundleA.description = QStringLiteral("a overwrites?");
        error.clear();
        QVERIFY(!BundleRepository(*a).update(bundleA, &error));
        QVERIFY2(error.contains(QStringLiteral("bundle \"img\" was changed on bench bench-b")), qPrintable(error));
        QCOMPARE(BundleRepository(*a).find(QStringLiteral("img"), &error)->description, QStringLiteral("b was first"));
    }

    void valueOrInsertKeepsTheFirstValue()
    {
        // Two benches creating the device-token secret at once must end with the same one.
        auto store = openFresh();
        QVERIFY(store);
        SettingsRepository settings(*store);
        QString error;
        QCOMPARE(settings.valueOrInsert(QStringLiteral("k"), QStringLiteral("first"), &error), QStringLiteral("first"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(settings.valueOrInsert(QStringLiteral("k"), QStringLiteral("second"), &error),
                 QStringLiteral("first"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(settings.value(QStringLiteral("k"), QString(), &error), QStringLiteral("first"));
    }

    void menuSettingsRoundTrip()
    {
        auto store = openFresh();
        QVERIFY(store);
        SettingsRepository settings(*store);
        QString error;
        QCOMPARE(settings.menuSettings(&error), MenuSettings{});
        MenuSettings s;
        s.mode = MenuMode::Never;
        s.timeoutSeconds = 7;
        s.passwordHash = QStringLiteral("pbkdf2$...");
        QVERIFY(settings.setMenuSettings(s, &error));
        QCOMPARE(settings.menuSettings(&error), s);
        s.timeoutSeconds = -1;
        QVERIFY(!settings.setMenuSettings(s, &error));
        QVERIFY(settings.setMenuText(QStringLiteral("title X\n"), &error));
        QCOMPARE(settings.menuText(&error), QStringLiteral("title X\n"));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
