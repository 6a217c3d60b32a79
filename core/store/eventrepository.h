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
    // Other benches' events (bench <> excludeBench) with an id above afterId, oldest first, at most
    // `limit` (0: 10,000); bench and storeId filled.
    BootEventBatch since(qint64 afterId, const QString &excludeBench, int limit, QString *error) const;
    // The newest event's id (0: none; -1 on error).
    qint64 lastId(QString *error) const;
    qint64 count(QString *error) const;
};

} // namespace bootbench
