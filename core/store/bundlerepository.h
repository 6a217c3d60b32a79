#pragma once

#include "model/bundle.h"
#include "store/repository.h"

#include <QList>
#include <QStringList>
#include <optional>

namespace bootbench {

class BundleRepository : public Repository
{
public:
    using Repository::Repository;

    QList<Bundle> list(QString *error) const;
    std::optional<Bundle> find(const QString &name, QString *error) const;
    bool add(const Bundle &bundle, QString *error) const;
    bool update(const Bundle &bundle, QString *error) const; // matched by name
    // Renames a bundle; assignments and rules follow it (they refer to it by id).
    bool rename(const QString &from, const QString &to, QString *error) const;
    // Refuses while the bundle is assigned or used by a rule, and says by which devices and rules.
    bool remove(const QString &name, QString *error) const;
    // Devices (MACs) and rules (names) that use the bundle.
    bool usage(const QString &name, QStringList *devices, QStringList *rules, QString *error) const;
};

} // namespace bootbench
