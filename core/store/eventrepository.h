#pragma once

#include "model/bootevent.h"
#include "store/repository.h"

namespace bootbench {

class EventRepository : public Repository
{
public:
    using Repository::Repository;

    // Appends the whole batch in one transaction with one prepared statement.
    bool append(const BootEventBatch &batch, QString *error) const;
    // Events of one device (or every event when mac is empty), oldest first, within [from, to)
    // when given; at most `limit` (0: no limit).
    BootEventBatch query(const QString &mac, const QDateTime &from, const QDateTime &to, int limit,
                         QString *error) const;
    qint64 count(QString *error) const;
};

} // namespace bootbench
