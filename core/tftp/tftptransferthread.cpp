#include "tftp/tftptransferthread.h"

#include "tftp/tftpreactor.h"

#include <QThread>

#include <unordered_map>

namespace bootbench {

namespace {
constexpr int kScratchBytes = 1 << 20;
}

class TftpTransferThread::Worker final : public QObject
{
public:
    Worker(std::atomic<int> *count, int tickIntervalMs)
        : m_count(count)
        , m_tickIntervalMs(tickIntervalMs)
    {}

    // On the thread.
    bool open(QString *error)
    {
        m_reactor =
            std::make_unique<TftpReactor>([this](int fd, auto now) { onReady(fd, now); },
                                          [this](auto now) { onTick(now); }, [this](auto) { removeFinished(); });
        m_reactor->setTickInterval(m_tickIntervalMs);
        m_reactor->setBusyPollLimit(1); // one transfer alone
        return m_reactor->open(error);
    }

    void adopt(TftpTransfer *raw)
    {
        std::unique_ptr<TftpTransfer> transfer(raw);
        QString error;
        const int fd = transfer->fd();
        if (!m_reactor || !m_reactor->add(fd, &error)) {
            transfer->abort(error.isEmpty() ? QStringLiteral("the TFTP transfer thread is stopping") : error);
            m_count->fetch_sub(1);
            return;
        }
        TftpTransfer *t = transfer.get();
        m_transfers.emplace(fd, std::move(transfer));
        m_reactor->setTicking(true);
        t->start(TftpTransfer::Clock::now());
        removeFinished(); // e.g. the first send failed
    }

    void abortAll(const QString &reason)
    {
        for (auto &[fd, transfer] : m_transfers) {
            m_reactor->remove(fd);
            transfer->abort(reason);
        }
        m_count->fetch_sub(int(m_transfers.size()));
        m_transfers.clear();
        m_reactor.reset();
    }

private:
    void onReady(int fd, TftpTransfer::Clock::time_point now)
    {
        const auto it = m_transfers.find(fd);
        if (it != m_transfers.end())
            it->second->onReadable(now);
    }

    void onTick(TftpTransfer::Clock::time_point now)
    {
        for (auto &entry : m_transfers)
            entry.second->onTick(now);
    }

    void removeFinished()
    {
        for (auto it = m_transfers.begin(); it != m_transfers.end();) {
            if (it->second->isDone()) {
                m_reactor->remove(it->first);
                it = m_transfers.erase(it);
                m_count->fetch_sub(1);
            } else {
                ++it;
            }
        }
        if (m_transfers.empty())
            m_reactor->setTicking(false);
    }

    std::atomic<int> *const m_count;
    const int m_tickIntervalMs;
    std::unique_ptr<TftpReactor> m_reactor;
    std::unordered_map<int, std::unique_ptr<TftpTransfer>> m_transfers; // by socket
};

TftpTransferThread::TftpTransferThread(int tickIntervalMs, std::atomic<int> *counter)
    : m_tickIntervalMs(tickIntervalMs)
    , m_transfers(counter)
{}

TftpTransferThread::~TftpTransferThread()
{
    stop(QStringLiteral("the TFTP service stopped"));
}

bool TftpTransferThread::start(QString *error)
{
    m_scratch = QByteArray(kScratchBytes, Qt::Uninitialized);
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("tftp-transfers"));
    m_worker = new Worker(m_transfers, m_tickIntervalMs);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    bool opened = false;
    QMetaObject::invokeMethod(
        m_worker, [this, &opened, error] { opened = m_worker->open(error); }, Qt::BlockingQueuedConnection);
    if (!opened)
        stop(QString());
    return opened;
}

void TftpTransferThread::adopt(std::unique_ptr<TftpTransfer> transfer)
{
    m_transfers->fetch_add(1);
    TftpTransfer *raw = transfer.release();
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker, [worker, raw] { worker->adopt(raw); }, Qt::QueuedConnection);
}

void TftpTransferThread::stop(const QString &reason)
{
    if (!m_thread)
        return;
    // Queued after every adopt() posted before: nothing handed over is left behind.
    QMetaObject::invokeMethod(
        m_worker, [this, reason] { m_worker->abortAll(reason); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_thread;
    m_worker = nullptr;
    m_thread = nullptr;
}

} // namespace bootbench
