#include "store/settingsrepository.h"

#include "store/transaction.h"

#include <QJsonDocument>

namespace bootbench {

namespace {
const QString kMenuSettings = QStringLiteral("menu.settings");
const QString kMenuText = QStringLiteral("menu.text");
} // namespace

QString SettingsRepository::value(const QString &key, const QString &fallback, QString *error) const
{
    QSqlQuery q(db());
    if (!run(q, QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key}, error) || !q.next())
        return fallback;
    return q.value(0).toString();
}

bool SettingsRepository::setValue(const QString &key, const QString &value, QString *error) const
{
    Transaction tx(db());
    QSqlQuery del(db()), ins(db());
    if (!run(del, QStringLiteral("DELETE FROM settings WHERE key = ?"), {key}, error) ||
        !run(ins, QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?)"), {key, value}, error,
             QStringLiteral("cannot save setting %1").arg(key)) ||
        !bumpRevision(error))
        return false;
    return tx.commit(error);
}

QString SettingsRepository::valueOrInsert(const QString &key, const QString &candidate, QString *error) const
{
    {
        Transaction tx(db());
        QSqlQuery ins(db());
        // SQLite >= 3.24 and PostgreSQL: a concurrent insert of the same key is not an error.
        if (!run(ins, QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
                 {key, candidate}, error, QStringLiteral("cannot save setting %1").arg(key)))
            return {};
        if (ins.numRowsAffected() > 0 && !bumpRevision(error))
            return {};
        if (!tx.commit(error))
            return {};
    }
    return value(key, QString(), error);
}

MenuSettings SettingsRepository::menuSettings(QString *error) const
{
    const QString text = value(kMenuSettings, {}, error);
    if (text.isEmpty())
        return {};
    return MenuSettings::fromJson(QJsonDocument::fromJson(text.toUtf8()).object());
}

bool SettingsRepository::setMenuSettings(const MenuSettings &settings, QString *error) const
{
    if (settings.timeoutSeconds < 0 || settings.timeoutSeconds > 3600) {
        *error = QStringLiteral("the menu time-out must be between 0 and 3600 seconds");
        return false;
    }
    return setValue(kMenuSettings, QString::fromUtf8(QJsonDocument(settings.toJson()).toJson(QJsonDocument::Compact)),
                    error);
}

QString SettingsRepository::menuText(QString *error) const
{
    return value(kMenuText, {}, error);
}

bool SettingsRepository::setMenuText(const QString &text, QString *error) const
{
    return setValue(kMenuText, text, error);
}

} // namespace bootbench
