#include "store/transaction.h"

#include <QHash>
#include <QSqlError>

namespace bootbench {

namespace {
struct Nesting
{
    int depth = 0;
    bool innerFailed = false; // an inner unit of work was abandoned: the outer one must not commit
};
// Connections are per thread, so the nesting is too.
thread_local QHash<QString, Nesting> t_nesting;
} // namespace

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    Nesting &n = t_nesting[m_db.connectionName()];
    m_outermost = n.depth == 0;
    m_ok = m_outermost ? m_db.transaction() : true;
    if (m_ok) {
        ++n.depth;
        if (m_outermost)
            n.innerFailed = false;
    }
}

Transaction::~Transaction()
{
    if (!m_ok || m_done)
        return;
    Nesting &n = t_nesting[m_db.connectionName()];
    --n.depth;
    if (m_outermost)
        m_db.rollback();
    else
        n.innerFailed = true;
}

bool Transaction::commit(QString *error)
{
    if (!m_ok) {
        *error = QStringLiteral("could not begin a transaction: ") + m_db.lastError().text();
        return false;
    }
    m_done = true;
    Nesting &n = t_nesting[m_db.connectionName()];
    --n.depth;
    if (!m_outermost)
        return true;
    if (n.innerFailed) {
        m_db.rollback();
        *error = QStringLiteral("a part of the change failed; nothing was saved");
        return false;
    }
    if (!m_db.commit()) {
        *error = QStringLiteral("could not save: ") + m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

} // namespace bootbench
