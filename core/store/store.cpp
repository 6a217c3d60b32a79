#include "store/store.h"

#include "store/migrations.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThread>

#include <atomic>

#include <libpq-fe.h>

namespace bootbench {

namespace {
std::atomic<int> s_storeCounter{0};

QString &defaultBenchName()
{
    static QString name;
    return name;
}

// libpq's message said as which of the usual mistakes it is (the password is never in it).
QString describePostgresFailure(const DatabaseUrl &url, const QString &text)
{
    const QString where = QStringLiteral("%1:%2").arg(url.host).arg(url.port);
    if (text.contains(QLatin1String("password authentication failed")))
        return QStringLiteral("wrong password for the PostgreSQL user \"%1\" on %2").arg(url.user, where);
    if (text.contains(QLatin1String("no password supplied")))
        return QStringLiteral("the PostgreSQL server %1 wants a password for \"%2\" and none was given (set "
                              "PGPASSWORD or a password file, ~/.pgpass or PGPASSFILE)")
            .arg(where, url.user);
    if (text.contains(QLatin1String("does not exist")) && text.contains(QLatin1String("database")))
        return QStringLiteral("there is no database \"%1\" on the PostgreSQL server %2 (create it with: createdb "
                              "-h %3 -p %4 -U %5 %1)")
            .arg(url.database, where, url.host)
            .arg(url.port)
            .arg(url.user);
    if (text.contains(QLatin1String("role")) && text.contains(QLatin1String("does not exist")))
        return QStringLiteral("there is no PostgreSQL user \"%1\" on %2").arg(url.user, where);
    if (text.contains(QLatin1String("Connection refused")) || text.contains(QLatin1String("timeout expired")) ||
        text.contains(QLatin1String("could not translate host name")) ||
        text.contains(QLatin1String("No route to host")) || text.contains(QLatin1String("Network is unreachable")))
        return QStringLiteral("the PostgreSQL server %1 is unreachable: %2").arg(where, text.simplified());
    return QString();
}
} // namespace

Store::Store(const DatabaseUrl &url)
    : m_url(url)
    , m_prefix(QStringLiteral("bootbench-store-%1").arg(++s_storeCounter))
    , m_benchName(defaultBenchName().isEmpty() ? QSysInfo::machineHostName() : defaultBenchName())
{}

void Store::setDefaultBenchName(const QString &name)
{
    defaultBenchName() = name;
}

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
        const QString text = db.lastError().text();
        const QString known =
            m_url.kind == DatabaseUrl::Kind::Postgres ? describePostgresFailure(m_url, text) : QString();
        *error = QStringLiteral("cannot open the database %1: %2")
                     .arg(m_url.displayString(), known.isEmpty() ? text : known);
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

bool Store::isConnectionLost(const QSqlDatabase &db)
{
    if (db.driverName() != QLatin1String("QPSQL"))
        return false;
    if (!db.isOpen() || !db.driver())
        return true;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "PGconn*") != 0)
        return false;
    PGconn *connection = *static_cast<PGconn *const *>(handle.data());
    return !connection || PQstatus(connection) == CONNECTION_BAD;
}

QSqlDatabase Store::openExtraConnection(const QString &suffix, QString *error) const
{
    const QString name = connectionNameForThisThread() + QLatin1Char('-') + suffix;
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
        if (!db.open()) {
            const QString text = db.lastError().text();
            const QString known = describePostgresFailure(m_url, text);
            *error = QStringLiteral("cannot open the database %1: %2")
                         .arg(m_url.displayString(), known.isEmpty() ? text : known);
        }
        return db;
    }
    return openConnection(name, error);
}

void Store::closeExtraConnection(const QString &suffix) const
{
    const QString name = connectionNameForThisThread() + QLatin1Char('-') + suffix;
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QSqlDatabase Store::database() const
{
    const QString name = connectionNameForThisThread();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (isConnectionLost(db)) {
            // The server restarted or went away: connect again (fails quietly while it is down;
            // the statement then fails with the reason).
            db.close();
            db.open();
        }
        return db;
    }
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
