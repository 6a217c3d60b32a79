#include "tftp/tftptransfer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

namespace bootbench {

namespace {
constexpr int kMaxBackoffFactor = 8;
}

TftpTransfer::TftpTransfer(TftpTransferSetup setup, TftpTransferObserver *observer)
    : m_setup(std::move(setup))
    , m_observer(observer)
{
    m_startedAt = Clock::now();
    m_lastProgressEvent = m_startedAt;
    // RFC 2349: the client's "timeout" option is the retransmission timeout it wants.
    m_baseTimeoutMs = m_setup.negotiation.timeoutSeconds > 0 ? m_setup.negotiation.timeoutSeconds * 1000
                                                             : std::max(1, m_setup.settings.timeoutMs);
    m_currentTimeoutMs = m_baseTimeoutMs;
}

TftpTransfer::~TftpTransfer()
{
    m_settled->store(true);
    tftpsocket::closeFd(m_setup.fd);
}

qint64 TftpTransfer::elapsedMs(Clock::time_point now) const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - m_startedAt).count();
}

void TftpTransfer::onReadable(Clock::time_point now)
{
    thread_local QByteArray buffer(TftpPacket::kMaxPacketSize + 1, Qt::Uninitialized);
    TftpEndpoint from;
    const qsizetype n = tftpsocket::receive(m_setup.fd, buffer.data(), buffer.size(), &from);
    if (n < 0 || m_state == State::Done)
        return;
    if (!(from == m_setup.peer)) {
        // RFC 1350: a packet from the wrong TID gets an ERROR and does not disturb the transfer.
        const QByteArray error = TftpPacket::encodeError(TftpErrorCode::UnknownTransferId, "Unknown transfer ID");
        tftpsocket::sendTo(m_setup.fd, from, error.constData(), error.size());
        return;
    }
    TftpOpcode opcode;
    quint16 block;
    if (!TftpPacket::peekHeader(QByteArrayView(buffer.constData(), n), &opcode, &block))
        return; // too short to mean anything
    if (!m_heardFromPeer) {
        m_heardFromPeer = true;
        m_settled->store(true);
    }
    handle(opcode, block, buffer.constData() + TftpPacket::kHeaderSize, n - TftpPacket::kHeaderSize, now);
}

void TftpTransfer::onTick(Clock::time_point now)
{
    if (m_state == State::Done)
        return;
    if (m_timerArmed && now >= m_deadline) {
        m_timerArmed = false;
        if (m_state == State::Lingering) {
            m_state = State::Done;
            onLingerEnd();
            return;
        }
        onTimeout(now);
    }
    if (m_state != State::Running)
        return;
    const qint64 bytes = bytesDone();
    if (bytes != m_lastProgressBytes &&
        now - m_lastProgressEvent >= std::chrono::milliseconds(m_setup.settings.progressIntervalMs)) {
        m_lastProgressEvent = now;
        m_lastProgressBytes = bytes;
        m_observer->transferProgress(*this);
    }
}

void TftpTransfer::abort(const QString &reason)
{
    if (m_state != State::Running) {
        m_state = State::Done;
        return;
    }
    sendError(TftpErrorCode::NotDefined, "Server shutting down");
    fail(TftpFailure::Stopped, reason);
}

bool TftpTransfer::send(const char *data, qsizetype size)
{
    return tftpsocket::sendTo(m_setup.fd, m_setup.peer, data, size);
}

int TftpTransfer::sendBatch(mmsghdr *messages, int count)
{
    int sent = 0;
    while (sent < count) {
        const int n = ::sendmmsg(m_setup.fd, messages + sent, unsigned(count - sent), 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break; // EAGAIN / ENOBUFS: the rest counts as lost, the timeout resends it
        }
        sent += n;
    }
    return sent;
}

int TftpTransfer::sendSegmented(const char *data, qsizetype size, int segmentSize)
{
    iovec vector{const_cast<char *>(data), size_t(size)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(quint16))] = {};
    msghdr message{};
    message.msg_name = const_cast<sockaddr *>(m_setup.peer.raw());
    message.msg_namelen = m_setup.peer.length;
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = IPPROTO_UDP;
    header->cmsg_type = UDP_SEGMENT;
    header->cmsg_len = CMSG_LEN(sizeof(quint16));
    const quint16 segment = quint16(segmentSize);
    std::memcpy(CMSG_DATA(header), &segment, sizeof segment);
    for (;;) {
        if (::sendmsg(m_setup.fd, &message, 0) >= 0)
            return 1;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
            return 0;
        return -1; // EINVAL (segment over the path MTU, old kernel), EIO (no checksum offload), ...
    }
}

void TftpTransfer::sendError(TftpErrorCode code, const QByteArray &message)
{
    send(TftpPacket::encodeError(code, message));
}

void TftpTransfer::armTimer(Clock::time_point now)
{
    m_deadline = now + std::chrono::milliseconds(m_currentTimeoutMs);
    m_timerArmed = true;
}

void TftpTransfer::progressed(Clock::time_point now)
{
    m_tries = 0;
    m_currentTimeoutMs = m_baseTimeoutMs;
    armTimer(now);
}

bool TftpTransfer::retryAllowed(const QString &waitingFor)
{
    if (m_tries >= m_setup.settings.retries) {
        fail(TftpFailure::Timeout,
             QStringLiteral("timed out: no answer from the client after %1 retransmissions (waiting for %2)")
                 .arg(m_tries)
                 .arg(waitingFor));
        return false;
    }
    ++m_tries;
    m_currentTimeoutMs = std::min(m_currentTimeoutMs * 2, m_baseTimeoutMs * kMaxBackoffFactor);
    return true;
}

void TftpTransfer::finish(Clock::time_point now, bool linger)
{
    m_endedAt = now;
    m_observer->transferFinished(*this);
    if (linger) {
        m_state = State::Lingering;
        m_currentTimeoutMs = m_baseTimeoutMs;
        armTimer(now);
    } else {
        m_state = State::Done;
        m_timerArmed = false;
    }
}

void TftpTransfer::fail(TftpFailure failure, const QString &reason)
{
    if (m_state == State::Done)
        return;
    m_endedAt = Clock::now();
    m_state = State::Done;
    m_timerArmed = false;
    m_observer->transferFailed(*this, failure, reason);
}

} // namespace bootbench
