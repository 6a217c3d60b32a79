#pragma once

#include "tftp/tftptransfer.h"

namespace bootbench {

// A write request being received (only when an upload folder is configured). The data goes to a
// hidden temporary file in the target folder and is linked to its final name only when complete,
// so a half-received file is never visible and an existing file is never replaced.
// With windowsize > 1, an ACK is sent every `windowsize` blocks; a block out of order is answered
// once with the ACK of the last block received in order (RFC 7440). After the last block the
// transfer lingers for one timeout to acknowledge a repeated last block again.
class TftpWriteTransfer final : public TftpTransfer
{
public:
    // dirFd: the folder the file goes to (the transfer owns it).
    TftpWriteTransfer(TftpTransferSetup setup, TftpTransferObserver *observer, int dirFd, const QString &fileName);
    ~TftpWriteTransfer() override;

    bool isUpload() const override { return true; }
    void start(Clock::time_point now) override;
    qint64 bytesDone() const override { return m_bytesWritten; }
    qint64 bytesTotal() const override { return m_setup.negotiation.tsize; }

protected:
    void handle(TftpOpcode opcode, quint16 block, const char *payload, qsizetype size, Clock::time_point now) override;
    void onTimeout(Clock::time_point now) override;

private:
    void sendAck(quint64 block);
    bool write(const char *data, qsizetype size, QString *error);
    bool commit(TftpFailure *failure, QString *error);
    void discard();

    const int m_dirFd;
    const QByteArray m_fileName;
    QByteArray m_tempName;
    int m_fileFd = -1;
    QByteArray m_lastSent; // OACK or the last ACK, for retransmission
    quint64 m_expected = 1;
    int m_sinceAck = 0;
    bool m_gapAnswered = false;
    bool m_pendingCr = false; // netascii: a CR whose partner byte is in the next block
    qint64 m_bytesWritten = 0;
};

} // namespace bootbench
