#pragma once

#include "model/bootevent.h"

#include <QObject>
#include <QThread>

namespace bootbench {

class Store;

// Writes boot events to the store in batches, on its own thread and its own connection, so no
// service and no GUI ever waits for the disk or the network. When the store cannot be written
// (a PostgreSQL server restarting) the events wait in a queue of at most `bound` events and are
// written, in order, once it can again (tried every retryMs); beyond the bound the oldest are
// dropped and counted. After the reconnect the writer stores a "store-events-lost" event saying
// how many (and the bound), and emits storeAvailable().
class EventWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventWriter)

public:
    static constexpr int kDefaultBound = 100000;

    explicit EventWriter(const Store &store, QObject *parent = nullptr, int bound = kDefaultBound, int retryMs = 1000);
    ~EventWriter() override; // writes what is queued (one last try), closes the connection, joins the thread

    qint64 writtenCount() const { return m_written.loadRelaxed(); }
    qint64 lostCount() const { return m_lost.loadRelaxed(); }
    int waitingCount() const { return m_waiting.loadRelaxed(); }
    int bound() const { return m_bound; }

public slots:
    // Thread-safe: queues the batch for the writer thread.
    void write(const bootbench::BootEventBatch &batch);
    // Blocks until every batch queued so far is written or waiting for the store.
    void drain();

signals:
    void writeFailed(const QString &reason);
    // The store could not be written since `since`; events wait (at most bound()).
    void storeUnavailable(const QDateTime &since, const QString &reason);
    // Written again; `lost` events were dropped meanwhile (beyond the bound).
    void storeAvailable(qint64 lost);

private:
    void writeNow(const BootEventBatch &batch);
    void flushWaiting();

    const Store &m_store;
    const int m_bound;
    const int m_retryMs;
    QThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread
    // Worker thread only:
    BootEventBatch m_queue;
    qint64 m_lostSinceFailure = 0;
    bool m_failing = false;
    bool m_retryScheduled = false;
    QAtomicInteger<qint64> m_written = 0;
    QAtomicInteger<qint64> m_lost = 0;
    QAtomicInteger<int> m_waiting = 0;
};

} // namespace bootbench
