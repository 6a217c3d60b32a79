#pragma once

#include "tftp/tftptransfer.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace bootbench {

// A second thread that runs TFTP transfers: its own epoll set (TftpReactor), its own send
// buffer, its own timer tick. The service's thread keeps the listening socket and some of the
// transfers and hands the others over here, so that on a multi-core machine many concurrent
// transfers use two cores (copying 64 KiB blocks into the kernel is the work at large block sizes).
// A transfer handed over lives and dies on this thread; its observer is called from here.
class TftpTransferThread final
{
public:
    // counter: transfers adopted and not finished yet; owned by the caller, outlives the thread.
    TftpTransferThread(int tickIntervalMs, std::atomic<int> *counter);
    ~TftpTransferThread(); // stop() if needed
    Q_DISABLE_COPY_MOVE(TftpTransferThread)

    bool start(QString *error);
    // Any thread. The transfer must have been built with scratch() as its send buffer.
    void adopt(std::unique_ptr<TftpTransfer> transfer);
    // Blocks until every transfer of the thread has been aborted (reason) and the thread ended.
    void stop(const QString &reason);
    // Transfers adopted and not finished yet (thread-safe).
    int transfers() const { return m_transfers->load(); }
    QByteArray *scratch() { return &m_scratch; }

private:
    class Worker;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
    QByteArray m_scratch;
    const int m_tickIntervalMs;
    std::atomic<int> *const m_transfers;
};

} // namespace bootbench
