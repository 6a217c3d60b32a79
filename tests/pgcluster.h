#pragma once
// A private PostgreSQL cluster for tests: initdb in a temporary folder, the server on a free
// loopback port with its socket in that folder, removed afterwards. When run as root the server
// runs as "nobody" (postgres refuses to run as root). Needs Debian's postgresql package; without
// it start() fails naming the package (never a silent skip).

#include "store/databaseurl.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>

namespace bootbench::test {

class PgCluster
{
public:
    static constexpr const char *kUser = "bootbench";
    static constexpr const char *kPassword = "bench-secret";

    PgCluster() = default;
    ~PgCluster() { stop(); }
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    // The folder of initdb / pg_ctl (the newest /usr/lib/postgresql/N/bin), empty when missing.
    static QString binDir()
    {
        const QDir root(QStringLiteral("/usr/lib/postgresql"));
        QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(),
                  [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
        for (const QString &v : versions) {
            const QString bin = root.filePath(v + QStringLiteral("/bin"));
            if (QFile::exists(bin + QStringLiteral("/initdb")) && QFile::exists(bin + QStringLiteral("/pg_ctl")))
                return bin;
        }
        return {};
    }

    // initdb + start; false with *error saying why (the missing package, the failing command).
    bool start(QString *error)
    {
        m_bin = binDir();
        if (m_bin.isEmpty()) {
            *error = QStringLiteral("PostgreSQL is not installed: install the Debian package postgresql "
                                    "(no /usr/lib/postgresql/N/bin/initdb)");
            return false;
        }
        if (!m_dir.isValid()) {
            *error = QStringLiteral("cannot create a temporary folder: ") + m_dir.errorString();
            return false;
        }
        if (::geteuid() == 0) {
            const passwd *pw = ::getpwnam("nobody");
            if (!pw) {
                *error = QStringLiteral("running as root and there is no user \"nobody\" to run postgres as");
                return false;
            }
            m_uid = pw->pw_uid;
            m_gid = pw->pw_gid;
            if (::chown(QFile::encodeName(m_dir.path()).constData(), m_uid, m_gid) != 0) {
                *error = QStringLiteral("cannot give %1 to nobody").arg(m_dir.path());
                return false;
            }
        }
        QFile pw(m_dir.filePath(QStringLiteral("pwfile")));
        if (!pw.open(QIODevice::WriteOnly) || pw.write(kPassword) < 0) {
            *error = QStringLiteral("cannot write %1").arg(pw.fileName());
            return false;
        }
        pw.close();
        if (m_uid && ::chown(QFile::encodeName(pw.fileName()).constData(), m_uid, m_gid) != 0) {
            *error = QStringLiteral("cannot give %1 to nobody").arg(pw.fileName());
            return false;
        }
        if (!run(QStringLiteral("initdb"),
                 {QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), QString::fromLatin1(kUser),
                  QStringLiteral("--pwfile=") + pw.fileName(), QStringLiteral("--auth=scram-sha-256"),
                  QStringLiteral("--encoding=UTF8"), QStringLiteral("--no-locale"), QStringLiteral("--no-sync")},
                 error))
            return false;
        QFile::remove(pw.fileName());
        {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0)) {
                *error = QStringLiteral("no free loopback port for postgres");
                return false;
            }
            m_port = probe.serverPort();
        }
        m_started = true;
        return startServer(error);
    }

    // pg_ctl start (again, after stopServer()); waits until it accepts connections.
    bool startServer(QString *error)
    {
        const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                               "-c synchronous_commit=off -c full_page_writes=off")
                                    .arg(m_port)
                                    .arg(m_dir.path());
        return run(QStringLiteral("pg_ctl"),
                   {QStringLiteral("-D"), dataDir(), QStringLiteral("-l"), m_dir.filePath(QStringLiteral("log")),
                    QStringLiteral("-o"), options, QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"),
                    QStringLiteral("start")},
                   error);
    }

    // pg_ctl stop -m fast: connections are cut, as in a server restart.
    bool stopServer(QString *error)
    {
        return run(QStringLiteral("pg_ctl"),
                   {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                    QStringLiteral("stop")},
                   error);
    }

    void stop()
    {
        if (!m_started)
            return;
        m_started = false;
        QString ignored;
        run(QStringLiteral("pg_ctl"),
            {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
             QStringLiteral("stop")},
            &ignored);
    }

    quint16 port() const { return m_port; }
    QString serverLog() const
    {
        QFile f(m_dir.filePath(QStringLiteral("log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    // A new, empty database; its URL (password included).
    bool createDatabase(DatabaseUrl *url, QString *error)
    {
        static std::atomic<int> counter{0};
        const QString name = QStringLiteral("bench_%1_%2").arg(::getpid()).arg(++counter);
        {
            QSqlDatabase admin = adminConnection(QStringLiteral("postgres"), error);
            if (!admin.isOpen())
                return false;
            QSqlQuery q(admin);
            if (!q.exec(QStringLiteral("CREATE DATABASE ") + name)) {
                *error = QStringLiteral("CREATE DATABASE %1: %2").arg(name, q.lastError().text());
                return false;
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("pgcluster-admin"));
        *url = urlFor(name);
        return true;
    }

    DatabaseUrl urlFor(const QString &database) const
    {
        DatabaseUrl url;
        url.kind = DatabaseUrl::Kind::Postgres;
        url.host = QStringLiteral("127.0.0.1");
        url.port = m_port;
        url.user = QString::fromLatin1(kUser);
        url.password = QString::fromLatin1(kPassword);
        url.database = database;
        return url;
    }

    // The text form, e.g. for --db (the password left out: give it in PGPASSWORD).
    QString urlText(const QString &database) const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
            .arg(QString::fromLatin1(kUser))
            .arg(m_port)
            .arg(database);
    }

private:
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    QSqlDatabase adminConnection(const QString &database, QString *error) const
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("pgcluster-admin"));
        const DatabaseUrl url = urlFor(database);
        db.setHostName(url.host);
        db.setPort(url.port);
        db.setUserName(url.user);
        db.setPassword(url.password);
        db.setDatabaseName(url.database);
        if (!db.open())
            *error = QStringLiteral("cannot connect to the test cluster: ") + db.lastError().text();
        return db;
    }

    bool run(const QString &tool, const QStringList &args, QString *error) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setWorkingDirectory(m_dir.path());
        const uid_t uid = m_uid;
        const gid_t gid = m_gid;
        if (uid) {
            p.setChildProcessModifier([uid, gid] {
                if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
                    ::_exit(126);
            });
        }
        p.start(m_bin + QLatin1Char('/') + tool, args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            *error = QStringLiteral("%1 failed (exit %2): %3\n%4")
                         .arg(tool)
                         .arg(p.exitCode())
                         .arg(QString::fromLocal8Bit(p.readAll()), serverLog().right(2000));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/bootbench-pg-XXXXXX")};
    QString m_bin;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    quint16 m_port = 0;
    bool m_started = false;
};

} // namespace bootbench::test
