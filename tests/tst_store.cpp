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

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace bootbench;

class TestStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;

    std::unique_ptr<Store> openFresh()
    {
        DatabaseUrl url;
        QString error;
        const bool parsed =
            parseDatabaseUrl(m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_counter)), &url, &error);
        if (!parsed)
            qFatal("%s", qPrintable(error));
        auto store = Store::open(url, &error);
        if (!store)
            qFatal("%s", qPrintable(error));
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

    void freshStoreIsMigratedWithWalAndForeignKeys()
    {
        auto store = openFresh();
        QVERIFY(store->walEnabled());
        QCOMPARE(schemaVersion(store->database()), latestSchemaVersion());
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    void upgradesAnOlderSchemaKeepingData()
    {
        const QString path = m_dir.filePath(QStringLiteral("old.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QString error;
            QVERIFY2(migrateSchema(db, DatabaseUrl::Kind::Sqlite, &error, 1), qPrintable(error));
            QCOMPARE(schemaVersion(db), 1);
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO devices (mac, name) VALUES ('52:54:00:00:00:01', 'kept')")));
            QVERIFY(!db.tables().contains(QStringLiteral("leases")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        DatabaseUrl url;
        QString error;
        QVERIFY(parseDatabaseUrl(path, &url, &error));
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
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        {
            DatabaseUrl url;
            QString error;
            QVERIFY(parseDatabaseUrl(path, &url, &error));
            auto store = Store::open(url, &error);
            QVERIFY(store);
            QSqlQuery q(store->database());
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 999")));
        }
        DatabaseUrl url;
        QString error;
        QVERIFY(parseDatabaseUrl(path, &url, &error));
        QVERIFY(!Store::open(url, &error));
        QVERIFY2(error.contains(QStringLiteral("newer Bootbench")) && error.contains(QStringLiteral("999")),
                 qPrintable(error));
    }

    void refusesAFileThatIsNotADatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        DatabaseUrl url;
        QString error;
        QVERIFY(parseDatabaseUrl(path, &url, &error));
        QVERIFY(!Store::open(url, &error));
        QVERIFY(!error.isEmpty());
    }

    void devicesRoundTripAndConstraints()
    {
        auto store = openFresh();
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
        const QString path = m_dir.filePath(QStringLiteral("shared.sqlite"));
        DatabaseUrl url;
        QString error;
        QVERIFY(parseDatabaseUrl(path, &url, &error));
        auto first = Store::open(url, &error);
        auto second = Store::open(url, &error);
        QVERIFY(first && second);
        StoreWatcher watcher(*first, 20);
        QSignalSpy spy(&watcher, &StoreWatcher::changed);
        QVERIFY(DeviceRepository(*second).add(device(QStringLiteral("52:54:00:00:00:07")), &error));
        QVERIFY(spy.wait(5000));
    }

    void menuSettingsRoundTrip()
    {
        auto store = openFresh();
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
