#pragma once

#include "store/repository.h"

#include <QJsonObject>

namespace bootbench {

// The whole configuration (devices, bundles, assignments, hardware rules, menu settings and text)
// as one JSON document, for `bootbench export` / `import` and backups.
class ConfigurationRepository : public Repository
{
public:
    using Repository::Repository;

    static constexpr int kFormatVersion = 1;

    QJsonObject exportAll(QString *error) const;
    // Replaces the configuration with the document's, in one transaction: on any error (a bad MAC,
    // an unknown bundle, invalid criteria, a duplicate) nothing changes and *error says what and
    // where. Boot events and leases are kept.
    bool importAll(const QJsonObject &document, QString *error) const;
};

} // namespace bootbench
