#include "tftp/tftpsource.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace bootbench {

TftpFileHandle::TftpFileHandle(int fd, qint64 size, dev_t device, ino_t inode, qint64 mtimeNs)
    : m_fd(fd)
    , m_size(size)
    , m_device(device)
    , m_inode(inode)
    , m_mtimeNs(mtimeNs)
{
    // Transfers read front to back: let the kernel read ahead generously.
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
}

TftpFileHandle::~TftpFileHandle()
{
    ::close(m_fd);
}

bool TftpFileHandle::sameFile(dev_t device, ino_t inode, qint64 size, qint64 mtimeNs) const
{
    return device == m_device && inode == m_inode && size == m_size && mtimeNs == m_mtimeNs;
}

TftpFileSource::TftpFileSource(std::shared_ptr<TftpFileHandle> file, qint64 readAheadBytes)
    : m_file(std::move(file))
    , m_readAheadBytes(std::max<qint64>(0, readAheadBytes))
{}

qint64 TftpFileSource::read(qint64 offset, char *buffer, qint64 length)
{
    if (length <= 0 || m_readAheadBytes < 4 * length)
        return readFile(offset, buffer, length);
    const bool cached = offset >= m_readAheadFrom && offset + length <= m_readAheadFrom + m_readAheadLength;
    if (!cached && offset < m_file->size()) {
        if (m_readAhead.isEmpty())
            m_readAhead = QByteArray(m_readAheadBytes, Qt::Uninitialized);
        m_readAheadLength = 0; // stays empty if the read fails
        const qint64 n = readFile(offset, m_readAhead.data(), m_readAheadBytes);
        if (n < 0)
            return -1;
        m_readAheadFrom = offset;
        m_readAheadLength = n;
    }
    const qint64 n = std::clamp<qint64>(m_readAheadFrom + m_readAheadLength - offset, 0, length);
    if (n > 0 && offset >= m_readAheadFrom)
        std::memcpy(buffer, m_readAhead.constData() + (offset - m_readAheadFrom), size_t(n));
    return offset >= m_readAheadFrom ? n : 0;
}

qint64 TftpFileSource::readFile(qint64 offset, char *buffer, qint64 length) const
{
    // Never past the size seen when the transfer started: a file growing meanwhile must not make
    // the "last" block a full one (the client would wait for more).
    length = std::clamp<qint64>(m_file->size() - offset, 0, length);
    qint64 done = 0;
    while (done < length) {
        const ssize_t n = ::pread(m_file->fd(), buffer + done, size_t(length - done), offset + done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break; // truncated meanwhile
        done += n;
    }
    return done;
}

TftpMemorySource::TftpMemorySource(const QByteArray &data)
    : m_data(data)
{}

qint64 TftpMemorySource::read(qint64 offset, char *buffer, qint64 length)
{
    const qint64 n = std::clamp<qint64>(m_data.size() - offset, 0, length);
    if (n > 0)
        std::memcpy(buffer, m_data.constData() + offset, size_t(n));
    return n;
}

TftpNetasciiSource::TftpNetasciiSource(std::unique_ptr<TftpSource> raw)
    : m_raw(std::move(raw))
{}

qint64 TftpNetasciiSource::read(qint64 offset, char *buffer, qint64 length)
{
    constexpr size_t kMaxCheckpoints = 1024;
    Checkpoint start;
    for (auto it = m_checkpoints.rbegin(); it != m_checkpoints.rend(); ++it) {
        if (it->wire <= offset) {
            start = *it;
            break;
        }
    }
    qint64 wire = start.wire;
    qint64 raw = start.raw;
    int pending = start.pending;
    qint64 produced = 0;
    char chunk[4096];
    qint64 chunkPos = 0, chunkLength = 0;
    const auto put = [&](char c) {
        if (wire >= offset)
            buffer[produced++] = c;
        ++wire;
    };
    while (produced < length) {
        if (pending >= 0) {
            put(char(pending));
            pending = -1;
            continue;
        }
        if (chunkPos == chunkLength) {
            chunkLength = m_raw->read(raw, chunk, qint64(sizeof chunk));
            chunkPos = 0;
            if (chunkLength < 0)
                return -1;
            if (chunkLength == 0)
                break;
        }
        const char c = chunk[chunkPos++];
        ++raw;
        if (c == '\n') {
            put('\r');
            pending = '\n';
        } else if (c == '\r') {
            put('\r');
            pending = 0;
        } else {
            put(c);
        }
    }
    if (produced == length) {
        const Checkpoint next{wire, raw, pending};
        const auto at = std::lower_bound(m_checkpoints.begin(), m_checkpoints.end(), wire,
                                         [](const Checkpoint &c, qint64 w) { return c.wire < w; });
        if (at == m_checkpoints.end() || at->wire != wire)
            m_checkpoints.insert(at, next);
        while (m_checkpoints.size() > kMaxCheckpoints)
            m_checkpoints.pop_front();
    }
    return produced;
}

} // namespace bootbench
