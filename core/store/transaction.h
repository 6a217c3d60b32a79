#pragma once

#include <QSqlDatabase>

namespace bootbench {

// One transaction per unit of work. Nests: an inner Transaction on a connection that already has
// one open joins it, so a repository call can be part of a larger save (import, editors).
// Rolls back unless commit() succeeded.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isValid() const { return m_ok; }
    bool commit(QString *error);

private:
    QSqlDatabase m_db;
    bool m_outermost = false;
    bool m_ok = false;
    bool m_done = false;
};

} // namespace bootbench
