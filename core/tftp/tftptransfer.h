#pragma once

#include "tftp/tftpnegotiation.h"
#include "tftp/tftpsocket.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <memory>

namespace bootbench {

// Service-wide transfer tuning (from ServiceConfig).
struct TftpSettings
{
    TftpLimits limits;
    int timeoutMs = 1000;         // first retransmission timeout; doubles per retry (at most 8×)
    int retries = 5;              // retransmissions of one packet before the transfer is given up
    int progressIntervalMs = 500; // at most this often a progress event per transfer
    int maxTransfers = 512;       // concurrent transfers; more are answered "server busy"
    qint64 maxUploadBytes = qint64(4) << 30;
};

// Why a request or a transfer ended without success. The service maps these to TFTP error codes,
// timeline outcomes and event texts.
enum class TftpFailure {
    None = 0,
    NotFound,
    AccessViolation,
    UploadsDisabled,
    IllegalOperation, // bad mode, malformed request, unexpected packet
    OptionRefused,
    FileExists,
    DiskFull,
    Busy,
    ServerError, // socket or read error on our side
    Timeout,     // the client stopped answering
    ClientAbort, // the client sent an ERROR
    TsizeProbe,  // the client read the size from the OACK and aborted: normal (EDK2)
    Stopped,     // the service stopped during the transfer
};

class TftpTransfer;

// Receives the life of each transfer (on the service thread).
class TftpTransferObserver
{
public:
    virtual ~TftpTransferObserver() = default;
    virtual void transferProgress(const TftpTransfer &transfer) = 0;
    virtual void transferFinished(const TftpTransfer &transfer) = 0;
    virtual void transferFailed(const TftpTransfer &transfer, TftpFailure failure, const QString &reason) = 0;
};

struct TftpTransferSetup
{
    int fd = -1; // the transfer's own socket (ephemeral port); the transfer owns it
    TftpEndpoint peer;
    QString path;       // normalised name as requested
    QByteArray request; // the request datagram (to recognise a retransmitted request)
    TftpNegotiation negotiation;
    bool netascii = false;
    TftpSettings settings;
};

// One TFTP transfer on its own UDP socket: receives the datagrams of its socket and the service's
// timer ticks, and keeps the retransmission state. Subclasses implement reading and writing.
class TftpTransfer
{
public:
    using Clock = std::chrono::steady_clock;

    TftpTransfer(TftpTransferSetup setup, TftpTransferObserver *observer);
    virtual ~TftpTransfer(); // closes the socket
    Q_DISABLE_COPY_MOVE(TftpTransfer)

    virtual bool isUpload() const = 0;
    virtual void start(Clock::time_point now) = 0;
    // Reads one datagram from the socket (level-triggered: called again while more are queued).
    void onReadable(Clock::time_point now);
    // Retransmission deadlines and progress events; called a few times per timeout period.
    void onTick(Clock::time_point now);
    // Stops a running transfer (service shutdown): tells the client, reports Stopped.
    void abort(const QString &reason);

    bool isDone() const { return m_state == State::Done; }
    bool isRunning() const { return m_state == State::Running; }
    // True until the client answered anything: a repeated request is then a retransmission.
    bool awaitingFirstAnswer() const { return !m_heardFromPeer; }
    // Becomes true (for good) once the client answered or the transfer ended; readable from any
    // thread, also after the transfer is gone (a transfer run by another thread).
    std::shared_ptr<const std::atomic<bool>> settledFlag() const { return m_settled; }

    int fd() const { return m_setup.fd; }
    const TftpEndpoint &peer() const { return m_setup.peer; }
    const QString &path() const { return m_setup.path; }
    const QByteArray &request() const { return m_setup.request; }
    const TftpNegotiation &negotiation() const { return m_setup.negotiation; }
    bool netascii() const { return m_setup.netascii; }
    virtual qint64 bytesDone() const = 0;
    virtual qint64 bytesTotal() const = 0; // -1 when unknown
    qint64 retransmissions() const { return m_retransmissions; }
    qint64 elapsedMs(Clock::time_point now) const;
    qint64 elapsedMs() const { return elapsedMs(m_endedAt == Clock::time_point() ? Clock::now() : m_endedAt); }

protected:
    enum class State { Running, Lingering, Done };

    virtual void handle(TftpOpcode opcode, quint16 block, const char *payload, qsizetype size,
                        Clock::time_point now) = 0;
    virtual void onTimeout(Clock::time_point now) = 0;
    // A lingering transfer (upload answered, waiting for a repeated last block) ends here.
    virtual void onLingerEnd() {}

    bool send(const char *data, qsizetype size);
    bool send(const QByteArray &packet) { return send(packet.constData(), packet.size()); }
    int sendBatch(struct mmsghdr *messages, int count); // number sent
    // size bytes of back-to-back datagrams of segmentSize bytes (the last may be shorter) in one
    // sendmsg with UDP_SEGMENT (UDP GSO): 1 sent, 0 socket buffer full (nothing sent), -1 the
    // kernel or the device refuses GSO here (the caller falls back to sendBatch for good).
    int sendSegmented(const char *data, qsizetype size, int segmentSize);
    void sendError(TftpErrorCode code, const QByteArray &message);

    void armTimer(Clock::time_point now);
    void disarmTimer() { m_timerArmed = false; }
    // The client moved the transfer forward: retries and back-off start over.
    void progressed(Clock::time_point now);
    // A timeout: false when the retries are used up (the transfer has then failed).
    bool retryAllowed(const QString &waitingFor);
    void countRetransmission(qint64 packets = 1) { m_retransmissions += packets; }

    void finish(Clock::time_point now, bool linger = false);
    void fail(TftpFailure failure, const QString &reason);

    TftpTransferSetup m_setup;
    TftpTransferObserver *const m_observer;

private:
    State m_state = State::Running;
    Clock::time_point m_startedAt;
    Clock::time_point m_endedAt;
    Clock::time_point m_deadline;
    Clock::time_point m_lastProgressEvent;
    qint64 m_lastProgressBytes = 0;
    bool m_timerArmed = false;
    bool m_heardFromPeer = false;
    std::shared_ptr<std::atomic<bool>> m_settled = std::make_shared<std::atomic<bool>>(false);
    int m_baseTimeoutMs = 1000;
    int m_currentTimeoutMs = 1000;
    int m_tries = 0;
    qint64 m_retransmissions = 0;
};

} // namespace bootbench
