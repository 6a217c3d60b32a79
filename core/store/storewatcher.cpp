#include "store/storewatcher.h"

#include "store/repository.h"

namespace bootbench {

StoreWatcher::StoreWatcher(const Store &store, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_revision = configurationRevision(m_store);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StoreWatcher::poll);
    m_timer.start();
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
