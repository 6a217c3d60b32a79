#include "tftp/tftpreadtransfer.h"

#include <algorithm>
#include <sys/socket.h>

namespace bootbench {

namespace {
constexpr int kMaxBatch = 64;
// UDP GSO: at most 64 segments (UDP_MAX_SEGMENTS of older kernels) and one IP datagram's worth
// of payload per send.
constexpr int kMaxGsoSegments = 64;
constexpr qsizetype kMaxGsoBytes = 63 * 1024;

QByteArray errorText(const char *payload, qsizetype size)
{
    const QByteArrayView text(payload, size);
    const qsizetype nul = text.indexOf('\0');
    return (nul >= 0 ? text.first(nul) : text).toByteArray().left(200);
}
} // namespace

TftpReadTransfer::TftpReadTransfer(TftpTransferSetup setup, TftpTransferObserver *observer,
                                   std::unique_ptr<TftpSource> source, QByteArray *scratch)
    : TftpTransfer(std::move(setup), observer)
    , m_source(std::move(source))
    , m_scratch(scratch)
{}

void TftpReadTransfer::start(Clock::time_point now)
{
    const qint64 size = m_source->size();
    const int blksize = m_setup.negotiation.blksize;
    if (size >= 0) {
        m_last = quint64(size / blksize) + 1; // a size divisible by blksize ends with an empty block
        m_lastLength = size % blksize;
    }
    if (!m_setup.negotiation.oack.isEmpty()) {
        m_oack = TftpPacket::encodeOack(m_setup.negotiation.oack);
        m_awaitingOackAck = true;
        send(m_oack);
        armTimer(now);
        return;
    }
    sendWindow(now);
}

qint64 TftpReadTransfer::bytesDone() const
{
    const quint64 acknowledged = m_base - 1;
    if (m_last && acknowledged >= m_last)
        return qint64(m_last - 1) * m_setup.negotiation.blksize + m_lastLength;
    return qint64(acknowledged) * m_setup.negotiation.blksize;
}

bool TftpReadTransfer::windowOpen() const
{
    return m_next < m_base + quint64(m_setup.negotiation.windowsize) && (m_last == 0 || m_next <= m_last);
}

bool TftpReadTransfer::blockExists(quint64 block) const
{
    return m_last == 0 || block <= m_last;
}

void TftpReadTransfer::sendWindow(Clock::time_point now)
{
    if (m_setup.negotiation.windowsize == 1) {
        sendLockStep(now);
        return;
    }
    const int blksize = m_setup.negotiation.blksize;
    const qsizetype slot = blksize + TftpPacket::kHeaderSize;
    // A window leaves as one UDP GSO send when it can (the kernel cuts it into the DATA packets: one
    // route look-up and one socket buffer allocation per window instead of per block); else as
    // one sendmmsg. The packets are laid out back to back in the scratch buffer either way.
    const bool segmented = m_segmentationOffload && m_setup.negotiation.windowsize > 1 && 2 * slot <= kMaxGsoBytes;
    const qsizetype batchBytes = segmented ? std::min<qsizetype>(m_scratch->size(), kMaxGsoBytes) : m_scratch->size();
    const int batchLimit = int(std::clamp<qsizetype>(batchBytes / slot, 1, segmented ? kMaxGsoSegments : kMaxBatch));
    mmsghdr messages[kMaxBatch];
    iovec vectors[kMaxBatch];
    const quint64 highestBefore = m_highestSent;
    while (windowOpen()) {
        int count = 0;
        while (count < batchLimit && windowOpen()) {
            char *packet = m_scratch->data() + count * slot;
            const qint64 n = readBlock(m_next, packet);
            if (n < 0) {
                failToRead(m_next);
                return;
            }
            vectors[count] = {packet, size_t(n + TftpPacket::kHeaderSize)};
            messages[count] = {};
            messages[count].msg_hdr.msg_name = const_cast<sockaddr *>(m_setup.peer.raw());
            messages[count].msg_hdr.msg_namelen = m_setup.peer.length;
            messages[count].msg_hdr.msg_iov = &vectors[count];
            messages[count].msg_hdr.msg_iovlen = 1;
            if (m_next <= m_highestSent)
                countRetransmission();
            else
                m_highestSent = m_next;
            ++m_next;
            ++count;
        }
        int sent = 0;
        if (count == 1) {
            sent = send(static_cast<const char *>(vectors[0].iov_base), qsizetype(vectors[0].iov_len)) ? 1 : 0;
        } else if (segmented) {
            const qsizetype total = qsizetype(count - 1) * slot + qsizetype(vectors[count - 1].iov_len);
            const int result = sendSegmented(m_scratch->constData(), total, int(slot));
            if (result < 0) {
                m_segmentationOffload = false;
                sent = sendBatch(messages, count);
            } else {
                sent = result ? count : 0;
            }
        } else {
            sent = sendBatch(messages, count);
        }
        if (sent < count) {
            // Socket buffer full: what did not leave is sent again after the next ACK or timeout.
            m_next -= quint64(count - sent);
            m_highestSent = std::max(highestBefore, m_next - 1);
            break;
        }
    }
    armTimer(now);
}

qint64 TftpReadTransfer::readBlock(quint64 block, char *packet)
{
    const int blksize = m_setup.negotiation.blksize;
    const qint64 n = m_source->read(qint64(block - 1) * blksize, packet + TftpPacket::kHeaderSize, blksize);
    if (n < 0)
        return -1;
    const quint16 number = quint16(block & 0xffff);
    packet[0] = 0;
    packet[1] = char(TftpOpcode::Data);
    packet[2] = char(number >> 8);
    packet[3] = char(number & 0xff);
    if (n < blksize) {
        m_last = block;
        m_lastLength = n;
    }
    return n;
}

void TftpReadTransfer::failToRead(quint64 block)
{
    sendError(TftpErrorCode::NotDefined, "Read error on the server");
    fail(TftpFailure::ServerError, QStringLiteral("cannot read block %1 of the file").arg(block));
}

bool TftpReadTransfer::prepare(quint64 block)
{
    const qsizetype capacity = m_setup.negotiation.blksize + TftpPacket::kHeaderSize;
    if (m_prepared.size() < capacity)
        m_prepared = QByteArray(capacity, Qt::Uninitialized);
    m_preparedBlock = 0;
    const qint64 n = readBlock(block, m_prepared.data());
    if (n < 0)
        return false;
    m_preparedBlock = block;
    m_preparedSize = n + TftpPacket::kHeaderSize;
    return true;
}

void TftpReadTransfer::sendLockStep(Clock::time_point now)
{
    if (!windowOpen()) {
        armTimer(now);
        return;
    }
    if (m_preparedBlock != m_next && !prepare(m_next)) {
        failToRead(m_next);
        return;
    }
    // Not sent (socket buffer full): the timeout sends it again.
    if (send(m_prepared.constData(), m_preparedSize)) {
        if (m_next <= m_highestSent)
            countRetransmission();
        else
            m_highestSent = m_next;
        ++m_next;
    }
    armTimer(now);
    // While the block travels and the client answers, read the next one: when its ACK comes, the
    // next DATA leaves at once (the read, a copy out of the page cache, is most of a round trip's
    // work at large block sizes). A read error here is reported when that block is really due.
    if (blockExists(m_next))
        prepare(m_next);
}

void TftpReadTransfer::handle(TftpOpcode opcode, quint16 block, const char *payload, qsizetype size,
                              Clock::time_point now)
{
    switch (opcode) {
    case TftpOpcode::Ack: {
        if (m_awaitingOackAck) {
            if (block != 0)
                return; // not an answer to the OACK
            m_awaitingOackAck = false;
            progressed(now);
            sendWindow(now);
            return;
        }
        // Which of the blocks in flight does this 16-bit number name? Only base-1 .. next-1 can be.
        const quint64 low = m_base - 1, high = m_next - 1;
        const quint64 acked = low + quint64((int(block) - int(low & 0xffff)) & 0xffff);
        if (acked > high)
            return; // older than anything in flight, or garbage
        if (acked == low) {
            ++m_duplicateAcks; // never answered: the timeout resends if something was lost
            return;
        }
        m_base = acked + 1;
        if (m_last && acked >= m_last) {
            finish(now);
            return;
        }
        progressed(now);
        if (acked < high)
            m_next = m_base; // the client missed part of the window: resend from the first gap
        sendWindow(now);
        return;
    }
    case TftpOpcode::Error: {
        const QByteArray message = errorText(payload, size);
        if (m_awaitingOackAck && m_setup.negotiation.tsize >= 0) {
            fail(TftpFailure::TsizeProbe, QStringLiteral("the client read the size (tsize %1) and ended the request "
                                                         "(error %2 \"%3\"), as UEFI firmware does before loading")
                                              .arg(m_setup.negotiation.tsize)
                                              .arg(block)
                                              .arg(QString::fromUtf8(message)));
        } else {
            fail(TftpFailure::ClientAbort,
                 QStringLiteral("the client aborted the transfer after %1 of %2 bytes "
                                "(error %3 \"%4\")")
                     .arg(bytesDone())
                     .arg(bytesTotal() >= 0 ? QString::number(bytesTotal()) : QStringLiteral("?"))
                     .arg(block)
                     .arg(QString::fromUtf8(message)));
        }
        return;
    }
    case TftpOpcode::Rrq:
    case TftpOpcode::Wrq:
    case TftpOpcode::Oack: return; // stray; harmless
    case TftpOpcode::Data:
    default:
        sendError(TftpErrorCode::IllegalOperation, "Illegal TFTP operation");
        fail(TftpFailure::IllegalOperation,
             QStringLiteral("the client sent %1 during a read transfer").arg(tftpOpcodeName(opcode)));
        return;
    }
}

void TftpReadTransfer::onTimeout(Clock::time_point now)
{
    const QString waitingFor = m_awaitingOackAck ? QStringLiteral("the acknowledgement of the OACK")
                                                 : QStringLiteral("the ACK of block %1").arg(m_base);
    if (!retryAllowed(waitingFor))
        return;
    if (m_awaitingOackAck) {
        countRetransmission();
        send(m_oack);
        armTimer(now);
        return;
    }
    m_next = m_base; // resend the window from the first unacknowledged block
    sendWindow(now);
}

} // namespace bootbench
