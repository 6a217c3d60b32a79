#pragma once

#include <QObject>
#include <QTimer>

namespace bootbench {

class Store;

// Notices configuration changes made by another process on the same store (the command line
// while `serve` or the GUI runs) by polling the revision counter, and emits changed().
class StoreWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWatcher)

public:
    explicit StoreWatcher(const Store &store, int intervalMs = 1000, QObject *parent = nullptr);
    qint64 revision() const { return m_revision; }

public slots:
    void poll();

signals:
    void changed(qint64 revision);

private:
    const Store &m_store;
    QTimer m_timer;
    qint64 m_revision = -1;
};

} // namespace bootbench
