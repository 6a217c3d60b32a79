#pragma once

#include "tftp/tftpsource.h"
#include "tftp/tftptransfer.h"

#include <memory>

namespace bootbench {

// A read request being served: OACK (when options were accepted), then DATA in windows of
// `windowsize` blocks (1: RFC 1350 lock-step), block numbers rolling over from 65535 to 0.
//  - An ACK that moves the window forward sends the next window; if it acknowledges less than the
//    whole window, sending resumes from the first unacknowledged block (RFC 7440).
//  - A duplicate ACK is never answered (the Sorcerer's Apprentice bug of RFC 1350): only the
//    retransmission timeout resends, with back-off, a bounded number of times.
class TftpReadTransfer final : public TftpTransfer
{
public:
    // scratch: the service's send buffer, shared by all transfers of its thread.
    TftpReadTransfer(TftpTransferSetup setup, TftpTransferObserver *observer, std::unique_ptr<TftpSource> source,
                     QByteArray *scratch);

    bool isUpload() const override { return false; }
    void start(Clock::time_point now) override;
    qint64 bytesDone() const override;
    qint64 bytesTotal() const override { return m_source->size(); }
    qint64 duplicateAcks() const { return m_duplicateAcks; }

protected:
    void handle(TftpOpcode opcode, quint16 block, const char *payload, qsizetype size, Clock::time_point now) override;
    void onTimeout(Clock::time_point now) override;

private:
    bool windowOpen() const;
    bool blockExists(quint64 block) const; // false past the last block (once known)
    void sendWindow(Clock::time_point now);
    // Lock-step (windowsize 1): one DATA, then the next block is read while the client answers.
    void sendLockStep(Clock::time_point now);
    // Reads block into m_prepared as a DATA packet. False on a read error.
    bool prepare(quint64 block);
    // Writes block as a DATA packet at packet (room for blksize + 4 bytes); notes the last block
    // when it is short. Its payload size, -1 on a read error.
    qint64 readBlock(quint64 block, char *packet);
    void failToRead(quint64 block); // ERROR to the client, transfer failed

    std::unique_ptr<TftpSource> m_source;
    QByteArray *const m_scratch;
    QByteArray m_oack;
    bool m_awaitingOackAck = false;
    quint64 m_base = 1;        // first block not acknowledged yet (absolute, never rolls over)
    quint64 m_next = 1;        // next block to send
    quint64 m_last = 0;        // the last block (shorter than blksize); 0 while not known
    quint64 m_highestSent = 0; // to count retransmissions
    qint64 m_lastLength = 0;
    qint64 m_duplicateAcks = 0;
    bool m_segmentationOffload = true; // UDP GSO for windows; off after the kernel refused it once
    QByteArray m_prepared;             // lock-step: the DATA packet of m_preparedBlock, read ahead of its ACK
    quint64 m_preparedBlock = 0;       // 0: nothing prepared
    qsizetype m_preparedSize = 0;
};

} // namespace bootbench
