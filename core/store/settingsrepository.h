#pragma once

#include "model/menusettings.h"
#include "store/repository.h"

namespace bootbench {

// Small shared settings kept in the store (not per-machine QSettings): the global menu settings
// and the pxemenu.txt text, so every bench sharing one store serves the same menu.
class SettingsRepository : public Repository
{
public:
    using Repository::Repository;

    QString value(const QString &key, const QString &fallback, QString *error) const;
    bool setValue(const QString &key, const QString &value, QString *error) const;
    // The stored value of key; when there is none, candidate is stored first. Safe when several
    // processes (benches on one PostgreSQL store) do it at once: every one gets the same value.
    QString valueOrInsert(const QString &key, const QString &candidate, QString *error) const;

    MenuSettings menuSettings(QString *error) const;
    bool setMenuSettings(const MenuSettings &settings, QString *error) const;
    // Empty when none was saved yet (the caller then uses the shipped default).
    QString menuText(QString *error) const;
    bool setMenuText(const QString &text, QString *error) const;
};

} // namespace bootbench
