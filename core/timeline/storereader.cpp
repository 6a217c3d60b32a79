#include "timeline/storereader.h"

#include "store/assignmentrepository.h"
#include "store/devicerepository.h"
#include "store/eventrepository.h"
#include "store/repository.h"
#include "store/store.h"

#include <QHash>
#include <QMetaObject>

namespace bootbench {

StoreReader::StoreReader(const Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    qRegisterMetaType<BootEventBatch>();
    qRegisterMetaType<DeviceRecord>();
    qRegisterMetaType<QList<DeviceRecord>>();
    m_thread.setObjectName(QStringLiteral("bootbench-store-reader"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

StoreReader::~StoreReader()
{
    const Store *store = &m_store;
    QMetaObject::invokeMethod(
        m_worker, [store] { store->closeThreadConnection(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void StoreReader::post(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_worker, std::move(job), Qt::QueuedConnection);
}

int StoreReader::requestEvents(const QString &mac, const QDateTime &from, const QDateTime &to, int limit)
{
    const int id = m_nextId++;
    post([this, id, mac, from, to, limit] {
        QString error;
        const BootEventBatch events = EventRepository(m_store).query(mac, from, to, limit, &error);
        emit eventsReady(id, events, error); // queued to the receivers' thread
    });
    return id;
}

int StoreReader::requestDevice(const QString &mac)
{
    const int id = m_nextId++;
    post([this, id, mac] {
        QString error;
        DeviceRecord record;
        if (const auto device = DeviceRepository(m_store).find(mac, &error)) {
            record.device = *device;
            record.known = true;
        }
        if (error.isEmpty()) {
            if (const auto assignment = AssignmentRepository(m_store).forDevice(mac, &error)) {
                record.assignment = *assignment;
                record.assigned = true;
            }
        }
        emit deviceReady(id, record, error);
    });
    return id;
}

int StoreReader::requestDirectory()
{
    const int id = m_nextId++;
    post([this, id] {
        QString error;
        QList<DeviceRecord> records;
        QHash<QString, int> index;
        const QList<Device> devices = DeviceRepository(m_store).list(&error);
        for (const Device &d : devices) {
            index.insert(d.mac, int(records.size()));
            records.append(DeviceRecord{d, true, {}, false});
        }
        if (error.isEmpty()) {
            const QList<Assignment> assignments = AssignmentRepository(m_store).list(&error);
            for (const Assignment &a : assignments) {
                const int at = index.value(a.mac, -1);
                if (at >= 0) {
                    records[at].assignment = a;
                    records[at].assigned = true;
                }
            }
        }
        emit directoryReady(id, records, error);
    });
    return id;
}

int StoreReader::requestRevision()
{
    const int id = m_nextId++;
    post([this, id] { emit revisionReady(id, configurationRevision(m_store)); });
    return id;
}

} // namespace bootbench
