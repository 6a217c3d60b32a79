#pragma once

#include <QString>

namespace bootbench {

// Where the store lives. Accepted forms:
//   /path/to/bootbench.db, sqlite:/path/to.db, sqlite:///path/to.db   → SQLite (the default)
//   postgresql://user:password@host:5432/dbname (also postgres://)      → PostgreSQL
struct DatabaseUrl
{
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    QString path; // SQLite file
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;

    QString driverName() const;
    QString displayString() const; // never shows the password
};

bool parseDatabaseUrl(const QString &text, DatabaseUrl *url, QString *error);

} // namespace bootbench
