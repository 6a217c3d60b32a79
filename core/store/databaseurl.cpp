#include "store/databaseurl.h"

#include <QCoreApplication>
#include <QDir>
#include <QUrl>

namespace bootbench {

QString DatabaseUrl::driverName() const
{
    return kind == Kind::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
}

QString DatabaseUrl::displayString() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite:") + path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

bool parseDatabaseUrl(const QString &text, DatabaseUrl *url, QString *error)
{
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        *error = QCoreApplication::translate("bootbench::DatabaseUrl", "the database URL is empty");
        return false;
    }
    DatabaseUrl out;
    if (t.startsWith(QLatin1String("postgresql://")) || t.startsWith(QLatin1String("postgres://"))) {
        const QUrl u(t, QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty() || u.path().size() < 2) {
            *error = QCoreApplication::translate(
                         "bootbench::DatabaseUrl",
                         "\"%1\" is not a PostgreSQL URL like postgresql://user:password@host:5432/dbname")
                         .arg(t);
            return false;
        }
        out.kind = DatabaseUrl::Kind::Postgres;
        out.host = u.host();
        out.port = u.port(5432);
        out.user = u.userName();
        out.password = u.password();
        out.database = u.path().mid(1);
        *url = out;
        return true;
    }
    QString path = t;
    if (path.startsWith(QLatin1String("sqlite://")))
        path = path.mid(9);
    else if (path.startsWith(QLatin1String("sqlite:")))
        path = path.mid(7);
    else if (path.contains(QLatin1String("://"))) {
        *error =
            QCoreApplication::translate("bootbench::DatabaseUrl",
                                        "unsupported database URL \"%1\": use a SQLite file path or postgresql://...")
                .arg(t);
        return false;
    }
    if (path.isEmpty()) {
        *error = QCoreApplication::translate("bootbench::DatabaseUrl", "the SQLite URL \"%1\" names no file").arg(t);
        return false;
    }
    out.path = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    *url = out;
    return true;
}

} // namespace bootbench
