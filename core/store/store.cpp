#include "store/store.h"

#include "store/migrations.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

namespace bootbench {

namespace {
std::atomic<int> s_storeCounter{0};
}

Store::Store(const DatabaseUrl &url)
    : m_url(url)
    , m_prefix(QStringLiteral("bootbench-store-%1").arg(++s_storeCounter))
{}

Store::~Store()
{
    // Only this thread's connection can be closed from here; workers close theirs on exit.
    closeThreadConnection();
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (name.startsWith(m_prefix + QLatin1Char('-')))
            QSqlDatabase::removeDatabase(name);
    }
}

std::unique_ptr<Store> Store::open(const DatabaseUrl &url, QString *error)
{
    if (!QSqlDatabase::isDriverAvailable(url.driverName())) {
        *error =
            QStringLiteral("the Qt SQL driver %1 is not installed (Debian package %2)")
                .arg(url.driverName(), url.kind == DatabaseUrl::Kind::Postgres ? QStringLiteral("libqt6sql6-psql")
                                                                               : QStringLiteral("libqt6sql6-sqlite"));
        return nullptr;
    }
    if (url.kind == DatabaseUrl::Kind::Sqlite) {
        const QFileInfo fi(url.path);
        if (!QDir().mkpath(fi.absolutePath())) {
            *error = QStringLiteral("cannot create the folder %1 for the database").arg(fi.absolutePath());
            return nullptr;
        }
    }
    std::unique_ptr<Store> store(new Store(url));
    QSqlDatabase db = store->openConnection(store->connectionNameForThisThread(), error);
    if (!db.isValid() || !db.isOpen())
        return nullptr;
    if (url.kind == DatabaseUrl::Kind::Sqlite) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next()) {
            *error = QStringLiteral("%1 is not a usable SQLite database: %2").arg(url.path, q.lastError().text());
            return nullptr;
        }
        store->m_wal = q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0;
        if (!store->m_wal) {
            *error = QStringLiteral("could not switch %1 to WAL mode (journal mode is %2)")
                         .arg(url.path, q.value(0).toString());
            return nullptr;
        }
    }
    if (!migrateSchema(db, url.kind, error))
        return nullptr;
    return store;
}

QString Store::connectionNameForThisThread() const
{
    return m_prefix + QLatin1Char('-') + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

QSqlDatabase Store::openConnection(const QString &name, QString *error) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(m_url.driverName(), name);
    if (m_url.kind == DatabaseUrl::Kind::Sqlite) {
        db.setDatabaseName(m_url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.database);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open()) {
        *error = QStringLiteral("cannot open the database %1: %2").arg(m_url.displayString(), db.lastError().text());
        return db;
    }
    if (m_url.kind == DatabaseUrl::Kind::Sqlite) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        q.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    }
    return db;
}

QSqlDatabase Store::database() const
{
    const QString name = connectionNameForThisThread();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    QString error;
    QSqlDatabase db = openConnection(name, &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return db;
}

void Store::closeThreadConnection() const
{
    const QString name = connectionNameForThisThread();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace bootbench
