#pragma once

#include <QByteArray>
#include <QString>

#include <deque>
#include <memory>
#include <sys/types.h>

namespace bootbench {

// One open file on disk, shared by every transfer of that file at the same time: one descriptor,
// no per-transfer copy; data is read with pread() from the page cache, so many clients fetching
// the same 300 MB image cost one cached copy and their RSS stays small (a full-file mmap would
// count the whole file in the process RSS).
class TftpFileHandle
{
public:
    TftpFileHandle(int fd, qint64 size, dev_t device, ino_t inode, qint64 mtimeNs);
    ~TftpFileHandle();
    Q_DISABLE_COPY_MOVE(TftpFileHandle)

    int fd() const { return m_fd; }
    qint64 size() const { return m_size; }
    bool sameFile(dev_t device, ino_t inode, qint64 size, qint64 mtimeNs) const;

private:
    const int m_fd;
    const qint64 m_size;
    const dev_t m_device;
    const ino_t m_inode;
    const qint64 m_mtimeNs;
};

// The bytes a read transfer sends, addressed by offset in the stream sent on the wire.
class TftpSource
{
public:
    virtual ~TftpSource() = default;
    // Size on the wire, or -1 when it cannot be told without reading everything (netascii).
    virtual qint64 size() const = 0;
    // Copies up to length bytes from offset into buffer; fewer only at the end. -1 on a read error.
    virtual qint64 read(qint64 offset, char *buffer, qint64 length) = 0;
};

// With readAheadBytes > 0, small reads (a quarter of it at most) are served from a read-ahead
// buffer of that size filled by one pread(): at blksize 1468 a 64 KiB buffer is one system call
// per 44 blocks instead of one per block. The buffer exists only while the transfer does.
class TftpFileSource final : public TftpSource
{
public:
    explicit TftpFileSource(std::shared_ptr<TftpFileHandle> file, qint64 readAheadBytes = 0);
    qint64 size() const override { return m_file->size(); }
    qint64 read(qint64 offset, char *buffer, qint64 length) override;

private:
    qint64 readFile(qint64 offset, char *buffer, qint64 length) const;

    std::shared_ptr<TftpFileHandle> m_file;
    const qint64 m_readAheadBytes;
    QByteArray m_readAhead;     // allocated on first use
    qint64 m_readAheadFrom = 0; // file offset of m_readAhead[0]
    qint64 m_readAheadLength = 0;
};

// A virtual file (e.g. a per-device config file from the policy service).
class TftpMemorySource final : public TftpSource
{
public:
    explicit TftpMemorySource(const QByteArray &data);
    qint64 size() const override { return m_data.size(); }
    qint64 read(qint64 offset, char *buffer, qint64 length) override;

private:
    const QByteArray m_data;
};

// RFC 1350 netascii on the way out: LF → CR LF, CR → CR NUL. Converted on the fly; the wire
// offsets where recent reads ended are remembered so a window can be resent without starting over.
class TftpNetasciiSource final : public TftpSource
{
public:
    explicit TftpNetasciiSource(std::unique_ptr<TftpSource> raw);
    qint64 size() const override { return -1; }
    qint64 read(qint64 offset, char *buffer, qint64 length) override;

private:
    struct Checkpoint
    {
        qint64 wire = 0;  // offset in the converted stream
        qint64 raw = 0;   // offset in the file
        int pending = -1; // second byte of a pair that did not fit before this point
    };
    std::unique_ptr<TftpSource> m_raw;
    std::deque<Checkpoint> m_checkpoints; // ascending by wire offset
};

} // namespace bootbench
