#pragma once

#include "store/databaseurl.h"

#include <QSqlDatabase>
#include <QString>

namespace bootbench {

// The schema version this build writes. Migration steps are forward-only; each runs inside one
// transaction with the version update, so a failed step leaves the previous version intact.
int latestSchemaVersion();
// 0 for an empty database.
int schemaVersion(QSqlDatabase db);
// Brings the database to latestSchemaVersion(). Refuses a database from a newer Bootbench.
// upToVersion (tests) stops early.
bool migrateSchema(QSqlDatabase db, DatabaseUrl::Kind kind, QString *error, int upToVersion = -1);

} // namespace bootbench
