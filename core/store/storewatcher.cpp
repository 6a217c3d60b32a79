#include "store/storewatcher.h"

#include "store/repository.h"
#include "store/store.h"

#include <QSqlDriver>
#include <QSqlQuery>

#include <atomic>

namespace bootbench {

namespace {
std::atomic<int> s_watcherCounter{0};
}

StoreWatcher::StoreWatcher(const Store &store, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_postgres(store.url().kind == DatabaseUrl::Kind::Postgres)
    , m_connectionSuffix(QStringLiteral("listen-%1").arg(++s_watcherCounter))
{
    m_timer.setInterval(intervalMs);
    if (m_postgres) {
        m_connected = listen();
        if (!m_connected)
            m_disconnectedSince = QDateTime::currentDateTimeUtc();
        // Only a local look at the listening connection's state (no query): was it lost?
        connect(&m_timer, &QTimer::timeout, this, &StoreWatcher::checkConnection);
    } else {
        m_revision = configurationRevision(m_store);
        connect(&m_timer, &QTimer::timeout, this, &StoreWatcher::poll);
    }
    m_timer.start();
}

StoreWatcher::~StoreWatcher()
{
    if (m_postgres)
        m_store.closeExtraConnection(m_connectionSuffix);
}

bool StoreWatcher::listen()
{
    QString error;
    QSqlDatabase db = m_store.openExtraConnection(m_connectionSuffix, &error);
    m_connectionName = db.connectionName();
    if (!db.isOpen())
        return false;
    QSqlDriver *driver = db.driver();
    disconnect(driver, nullptr, this, nullptr);
    if (!driver->subscribeToNotification(QString::fromLatin1(kConfigurationChannel)) ||
        !driver->subscribeToNotification(QString::fromLatin1(kEventsChannel)))
        return false;
    connect(driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                onNotification(name, payload);
            });
    // Read after subscribing: nothing committed in between is missed.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT value FROM revision WHERE id = 1")) || !q.next())
        return false;
    m_revision = q.value(0).toLongLong();
    return true;
}

void StoreWatcher::onNotification(const QString &name, const QVariant &payload)
{
    if (name == QLatin1String(kEventsChannel)) {
        if (payload.toString() != m_store.benchName())
            emit eventsAdded();
        return;
    }
    bool ok = false;
    const qint64 revision = payload.toString().toLongLong(&ok);
    if (ok && revision > m_revision) {
        m_revision = revision;
        emit changed(revision);
    }
}

void StoreWatcher::checkConnection()
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const bool lost = !db.isValid() || Store::isConnectionLost(db);
    if (m_connected && !lost)
        return;
    if (m_connected) {
        m_connected = false;
        m_disconnectedSince = QDateTime::currentDateTimeUtc();
        emit connectionChanged(false, m_disconnectedSince);
    }
    const qint64 before = m_revision;
    if (!listen())
        return;
    m_connected = true;
    emit connectionChanged(true, m_disconnectedSince);
    m_disconnectedSince = {};
    if (m_revision != before)
        emit changed(m_revision);
    emit eventsAdded(); // whatever other benches stored meanwhile
}

void StoreWatcher::poll()
{
    const qint64 now = configurationRevision(m_store);
    if (now >= 0 && now != m_revision) {
        m_revision = now;
        emit changed(now);
    }
}

} // namespace bootbench
