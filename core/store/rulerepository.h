#pragma once

#include "model/hardwarerule.h"
#include "store/repository.h"

#include <QList>

namespace bootbench {

class RuleRepository : public Repository
{
public:
    using Repository::Repository;

    QList<HardwareRule> list(QString *error) const; // in order: first match wins
    // Appends (position = end). Validates the criteria and the bundle.
    bool add(const HardwareRule &rule, QString *error) const;
    bool update(const HardwareRule &rule, QString *error) const; // matched by id
    bool remove(qint64 id, QString *error) const;
    // Moves rule `id` to position `to` (0-based), shifting the others.
    bool move(qint64 id, int to, QString *error) const;
    // The first enabled rule that matches the device, if any.
    std::optional<HardwareRule> firstMatch(const Device &device, QString *error) const;
};

} // namespace bootbench
