#pragma once

#include "model/bootevent.h"

#include <QObject>
#include <QThread>

namespace bootbench {

class Store;

// Writes boot events to the store in batches, on its own thread and its own connection, so no
// service and no GUI ever waits for the disk.
class EventWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventWriter)

public:
    explicit EventWriter(const Store &store, QObject *parent = nullptr);
    ~EventWriter() override; // writes what is queued, closes the connection, joins the thread

    qint64 writtenCount() const { return m_written.loadRelaxed(); }

public slots:
    // Thread-safe: queues the batch for the writer thread.
    void write(const bootbench::BootEventBatch &batch);
    // Blocks until every batch queued so far is written.
    void drain();

signals:
    void writeFailed(const QString &reason);

private:
    void writeNow(const BootEventBatch &batch);

    const Store &m_store;
    QThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread
    QAtomicInteger<qint64> m_written = 0;
};

} // namespace bootbench
