#pragma once

#include "model/device.h"
#include "store/repository.h"

#include <QList>
#include <optional>

namespace bootbench {

class DeviceRepository : public Repository
{
public:
    using Repository::Repository;

    QList<Device> list(QString *error) const;
    std::optional<Device> find(const QString &mac, QString *error) const;
    // Adds a new device; the MAC is validated and normalised. Fails if it exists already.
    bool add(Device device, QString *error) const;
    // Updates every field of an existing device (matched by MAC).
    bool update(const Device &device, QString *error) const;
    // Creates the device if unknown, else merges the non-empty identity/hardware fields and
    // updates last seen. Used when a device reports itself (policy service).
    bool registerSeen(const Device &reported, QString *error) const;
    bool remove(const QString &mac, QString *error) const;
};

} // namespace bootbench
