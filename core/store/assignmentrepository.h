#pragma once

#include "model/assignment.h"
#include "store/repository.h"

#include <QList>
#include <optional>

namespace bootbench {

class AssignmentRepository : public Repository
{
public:
    using Repository::Repository;

    QList<Assignment> list(QString *error) const;
    std::optional<Assignment> forDevice(const QString &mac, QString *error) const;
    // Assigns (or re-assigns) a bundle to a known device; the new assignment is pending.
    bool assign(const QString &mac, const QString &bundleName, bool persistent, QString *error) const;
    bool unassign(const QString &mac, QString *error) const;
    // Running → done clears a "once" assignment; a persistent one stays (state done).
    bool setState(const QString &mac, AssignmentState state, const QString &reason, QString *error) const;
};

} // namespace bootbench
