#pragma once

#include "model/assignment.h"
#include "model/bootevent.h"
#include "model/device.h"

#include <QObject>
#include <QThread>

#include <functional>

namespace bootbench {

class Store;

// Device identity and assignment, as the monitor shows them.
struct DeviceRecord
{
    Device device;
    bool known = false;
    Assignment assignment;
    bool assigned = false;
};

// Reads the store on a thread of its own, so the GUI never waits for a query: event history for
// the timeline and the details, the device directory for names and assignments. Each request
// returns an id; the answer comes as a signal on the reader's thread of creation.
class StoreReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreReader)

public:
    explicit StoreReader(const Store &store, QObject *parent = nullptr);
    ~StoreReader() override; // finishes the running query, closes the connection, joins

    // Events of one device (all devices when mac is empty) in [from, to), oldest first.
    int requestEvents(const QString &mac, const QDateTime &from, const QDateTime &to, int limit);
    int requestDevice(const QString &mac);
    int requestDirectory();
    // The configuration revision (bumped by every change to devices, bundles, assignments...).
    int requestRevision();

signals:
    void eventsReady(int id, const bootbench::BootEventBatch &events, const QString &error);
    void deviceReady(int id, const bootbench::DeviceRecord &record, const QString &error);
    void directoryReady(int id, const QList<bootbench::DeviceRecord> &records, const QString &error);
    void revisionReady(int id, qint64 revision);

private:
    void post(std::function<void()> job);

    const Store &m_store;
    QThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread
    int m_nextId = 1;
};

} // namespace bootbench

Q_DECLARE_METATYPE(bootbench::DeviceRecord)
