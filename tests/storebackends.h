#pragma once
// Store tests run against every database kind: SQLite (a file in a temporary folder) and
// PostgreSQL (a private cluster, tests/pgcluster.h). Which ones: BOOTBENCH_TEST_BACKENDS
// ("sqlite", "postgres" or "sqlite,postgres", the default). CTest runs the PostgreSQL half as
// TEST_postgres with the label "postgres".
//
// Use: initTestCase_data() { StoreBackends::addRows(); } and in a test
// QFETCH_GLOBAL(QString, backend); backends.freshUrl(backend, &url, &error).

#include "pgcluster.h"

#include <QTest>

#include <memory>

namespace bootbench::test {

class StoreBackends
{
public:
    static QStringList selected()
    {
        const QString env = qEnvironmentVariable("BOOTBENCH_TEST_BACKENDS", QStringLiteral("sqlite,postgres"));
        return env.split(QLatin1Char(','), Qt::SkipEmptyParts);
    }

    // The global data rows: column "backend".
    static void addRows()
    {
        QTest::addColumn<QString>("backend");
        for (const QString &b : selected())
            QTest::newRow(qPrintable(b)) << b;
    }

    // A new, empty store location of that kind.
    bool freshUrl(const QString &backend, DatabaseUrl *url, QString *error)
    {
        if (backend == QLatin1String("postgres")) {
            if (!m_cluster) {
                m_cluster = std::make_unique<PgCluster>();
                if (!m_cluster->start(&m_clusterError))
                    m_clusterFailed = true;
            }
            if (m_clusterFailed) {
                *error = m_clusterError;
                return false;
            }
            return m_cluster->createDatabase(url, error);
        }
        if (!m_dir.isValid()) {
            *error = QStringLiteral("cannot create a temporary folder: ") + m_dir.errorString();
            return false;
        }
        url->kind = DatabaseUrl::Kind::Sqlite;
        url->path = m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_counter));
        return true;
    }

    // The cluster (started by a first postgres freshUrl()); null before.
    PgCluster *cluster() const { return m_cluster.get(); }
    QString tempPath(const QString &name) const { return m_dir.filePath(name); }

    // A plain Qt connection to url (no migration), named `name`.
    static QSqlDatabase rawConnection(const DatabaseUrl &url, const QString &name)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(url.driverName(), name);
        if (url.kind == DatabaseUrl::Kind::Sqlite) {
            db.setDatabaseName(url.path);
        } else {
            db.setHostName(url.host);
            db.setPort(url.port);
            db.setUserName(url.user);
            db.setPassword(url.password);
            db.setDatabaseName(url.database);
        }
        db.open();
        return db;
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<PgCluster> m_cluster;
    bool m_clusterFailed = false;
    QString m_clusterError;
};

} // namespace bootbench::test
