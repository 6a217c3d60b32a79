#include "tftp/tftpwritetransfer.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace bootbench {

TftpWriteTransfer::TftpWriteTransfer(TftpTransferSetup setup, TftpTransferObserver *observer, int dirFd,
                                     const QString &fileName)
    : TftpTransfer(std::move(setup), observer)
    , m_dirFd(dirFd)
    , m_fileName(QFile::encodeName(fileName))
{}

TftpWriteTransfer::~TftpWriteTransfer()
{
    discard();
    ::close(m_dirFd);
}

void TftpWriteTransfer::discard()
{
    if (m_fileFd >= 0) {
        ::close(m_fileFd);
        m_fileFd = -1;
        ::unlinkat(m_dirFd, m_tempName.constData(), 0);
    }
}

void TftpWriteTransfer::start(Clock::time_point now)
{
    m_tempName = "." + m_fileName.left(100) + ".bootbench-upload-" +
                 QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    m_fileFd = ::openat(m_dirFd, m_tempName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (m_fileFd < 0) {
        const int err = errno;
        sendError(err == EACCES ? TftpErrorCode::AccessViolation : TftpErrorCode::NotDefined,
                  "Cannot create the file on the server");
        fail(err == EACCES ? TftpFailure::AccessViolation : TftpFailure::ServerError,
             QStringLiteral("cannot create a temporary file for the upload: %1")
                 .arg(QString::fromLocal8Bit(std::strerror(err))));
        return;
    }
    m_lastSent = m_setup.negotiation.oack.isEmpty() ? TftpPacket::encodeAck(0)
                                                    : TftpPacket::encodeOack(m_setup.negotiation.oack);
    send(m_lastSent);
    armTimer(now);
}

void TftpWriteTransfer::sendAck(quint64 block)
{
    m_lastSent = TftpPacket::encodeAck(quint16(block & 0xffff));
    m_sinceAck = 0;
    send(m_lastSent);
}

bool TftpWriteTransfer::write(const char *data, qsizetype size, QString *error)
{
    QByteArray converted;
    if (m_setup.netascii) {
        // RFC 1350 netascii on the way in: CR LF → LF, CR NUL → CR.
        converted.reserve(size + 1);
        for (qsizetype i = 0; i < size; ++i) {
            const char c = data[i];
            if (m_pendingCr) {
                m_pendingCr = false;
                if (c == '\n') {
                    converted.append('\n');
                    continue;
                }
                converted.append('\r');
                if (c == '\0')
                    continue;
            }
            if (c == '\r')
                m_pendingCr = true;
            else
                converted.append(c);
        }
        data = converted.constData();
        size = converted.size();
    }
    qsizetype done = 0;
    while (done < size) {
        const ssize_t n = ::write(m_fileFd, data + done, size_t(size - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = QString::fromLocal8Bit(std::strerror(errno));
            return false;
        }
        done += n;
    }
    return true;
}

bool TftpWriteTransfer::commit(TftpFailure *failure, QString *error)
{
    if (m_pendingCr && !write("\0", 1, error)) // a CR at the very end stands for itself
        return false;
    ::close(m_fileFd);
    m_fileFd = -1;
    // link() fails if the name exists meanwhile: an existing file is never replaced.
    const int rc = ::linkat(m_dirFd, m_tempName.constData(), m_dirFd, m_fileName.constData(), 0);
    const int err = errno;
    ::unlinkat(m_dirFd, m_tempName.constData(), 0);
    if (rc != 0) {
        *failure = err == EEXIST ? TftpFailure::FileExists : TftpFailure::ServerError;
        *error = QStringLiteral("cannot give the upload its name: %1").arg(QString::fromLocal8Bit(std::strerror(err)));
        return false;
    }
    return true;
}

void TftpWriteTransfer::handle(TftpOpcode opcode, quint16 block, const char *payload, qsizetype size,
                               Clock::time_point now)
{
    if (opcode == TftpOpcode::Error) {
        if (!isRunning())
            return;
        discard();
        fail(TftpFailure::ClientAbort, QStringLiteral("the client aborted the upload after %1 bytes (error %2 \"%3\")")
                                           .arg(m_bytesWritten)
                                           .arg(block)
                                           .arg(QString::fromUtf8(QByteArray(payload, qstrnlen(payload, size)))));
        return;
    }
    if (opcode != TftpOpcode::Data)
        return; // ACKs, requests: not ours to answer
    if (!isRunning()) {
        // Lingering: the client did not get our last ACK and sent its last block again.
        if (block == quint16((m_expected - 1) & 0xffff))
            send(m_lastSent);
        return;
    }
    const int blksize = m_setup.negotiation.blksize;
    if (block != quint16(m_expected & 0xffff)) {
        if (!m_gapAnswered) {
            m_gapAnswered = true; // once, until the next block in order: no duplicate bursts
            sendAck(m_expected - 1);
        }
        return;
    }
    if (size > blksize) {
        sendError(TftpErrorCode::IllegalOperation, "Block larger than the negotiated blksize");
        discard();
        fail(TftpFailure::IllegalOperation,
             QStringLiteral("block %1 has %2 bytes, more than the blksize %3").arg(m_expected).arg(size).arg(blksize));
        return;
    }
    QString error;
    if (m_bytesWritten + size > m_setup.settings.maxUploadBytes) {
        sendError(TftpErrorCode::DiskFull, "Upload too large");
        discard();
        fail(TftpFailure::DiskFull,
             QStringLiteral("the upload exceeds the limit of %1 bytes").arg(m_setup.settings.maxUploadBytes));
        return;
    }
    if (!write(payload, size, &error)) {
        sendError(TftpErrorCode::DiskFull, "Cannot write the file");
        discard();
        fail(TftpFailure::DiskFull, QStringLiteral("cannot write the upload: %1").arg(error));
        return;
    }
    m_bytesWritten += size;
    m_gapAnswered = false;
    const quint64 received = m_expected++;
    ++m_sinceAck;
    progressed(now);
    if (size < blksize) {
        TftpFailure failure = TftpFailure::None;
        if (!commit(&failure, &error)) {
            sendError(failure == TftpFailure::FileExists ? TftpErrorCode::FileExists : TftpErrorCode::NotDefined,
                      "Cannot store the file");
            fail(failure, error);
            return;
        }
        sendAck(received);
        finish(now, /*linger=*/true);
        return;
    }
    if (m_sinceAck >= m_setup.negotiation.windowsize)
        sendAck(received);
}

void TftpWriteTransfer::onTimeout(Clock::time_point now)
{
    if (!retryAllowed(QStringLiteral("DATA block %1").arg(m_expected)))
        return;
    countRetransmission();
    m_sinceAck = 0;
    send(m_lastSent);
    armTimer(now);
}

} // namespace bootbench
