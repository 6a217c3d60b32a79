#pragma once

#include <QDateTime>
#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

namespace bootbench {

class Store;

// Notices changes made by another process or bench on the same store and emits changed() with
// the new configuration revision, eventsAdded() when another bench stored boot events.
// PostgreSQL: LISTEN on a connection of its own (NOTIFY from Repository::bumpRevision and
// EventRepository::append), no polling; when that connection is lost (server restart) it says so
// (connectionChanged), connects again every intervalMs, listens again and catches up: changed()
// when the revision moved meanwhile, eventsAdded() in any case. SQLite has no notifications: the
// revision is read every intervalMs.
class StoreWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWatcher)

public:
    explicit StoreWatcher(const Store &store, int intervalMs = 1000, QObject *parent = nullptr);
    ~StoreWatcher() override;
    qint64 revision() const { return m_revision; }
    bool isConnected() const { return m_connected; }
    // When the connection was lost (invalid while connected).
    QDateTime disconnectedSince() const { return m_disconnectedSince; }

public slots:
    void poll();

signals:
    void changed(qint64 revision);
    void eventsAdded();
    void connectionChanged(bool connected, const QDateTime &since);

private:
    bool listen();
    void onNotification(const QString &name, const QVariant &payload);
    void checkConnection();

    const Store &m_store;
    QTimer m_timer;
    qint64 m_revision = -1;
    bool m_postgres = false;
    bool m_connected = true;
    QDateTime m_disconnectedSince;
    QString m_connectionSuffix;
    QString m_connectionName;
};

} // namespace bootbench
