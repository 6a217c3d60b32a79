#include "policy/imageconnection.h"

#include "images/imagemanifest.h"
#include "policy/imagepartfile.h"
#include "policy/imageserver.h"
#include "policy/policycontext.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTcpSocket>
#include <QUrlQuery>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace bootbench {

namespace {

constexpr qint64 kLingerBytes = 64 << 20; // dropped at most after an early answer, then reset
const QByteArray kChecksumField = "x-image-sha256";
// An upload's data is handed to the disk every this many bytes, so the fsync before the 201 has
// little left to write (1 GiB at 70 MB/s: 46 ms instead of 1.4 s; README "Image transfers").
constexpr qint64 kWriteBackBytes = 8 << 20;
constexpr qint64 kMaxManifestBytes = 4 << 20; // a folder image's manifest.json

QString rate(qint64 bytes, qint64 ms)
{
    return QStringLiteral("%1 bytes in %2 s (%3 MB/s)")
        .arg(bytes)
        .arg(double(ms) / 1000.0, 0, 'f', 1)
        .arg(ms > 0 ? double(bytes) / double(ms) / 1000.0 : 0.0, 0, 'f', 1);
}

QByteArray httpDate(const QDateTime &t)
{
    return QLocale::c().toString(t.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

} // namespace

ImageConnection::ImageConnection(ImageServer *server, QTcpSocket *socket, bool refuse)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(server->options().chunkBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ImageConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &ImageConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ImageConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &ImageConnection::onDisconnected);
    restartTimer(server->options().headTimeoutMs);
    if (refuse)
        replyError(503, QStringLiteral("too many image transfers at once (%1); try again later")
                            .arg(server->options().maxConnections));
}

ImageConnection::~ImageConnection()
{
    m_socket->disconnect(this);
    if (m_state == State::Upload)
        failUpload(0, QStringLiteral("the policy service stopped"));
    else if (m_state == State::Download && (m_remaining > 0 || m_socket->bytesToWrite() > 0))
        publish(QStringLiteral("image-download-aborted"),
                QStringLiteral("%1: the policy service stopped after %2 of %3 bytes")
                    .arg(m_access.image)
                    .arg(m_done - m_socket->bytesToWrite())
                    .arg(m_range.length()),
                int(BootEvent::Severity::Warning));
}

QString ImageConnection::peer() const
{
    return m_socket->peerAddress().toString();
}

void ImageConnection::restartTimer(int ms)
{
    m_timer.start(ms);
}

void ImageConnection::publish(const QString &kind, const QString &detail, int severity, int outcome)
{
    if (!m_access.authorised)
        return; // events name a device only when it proved who it is
    m_server->context().publish(m_access.mac, kind, Phase::Imaging, Outcome(outcome), detail, peer(),
                                BootEvent::Severity(severity), QStringLiteral("engine"));
}

void ImageConnection::writeHead(int status, const QList<QPair<QByteArray, QByteArray>> &fields)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    for (const auto &f : fields)
        head += f.first + ": " + f.second + "\r\n";
    head += "Connection: close\r\n\r\n";
    m_socket->write(head);
}

void ImageConnection::replyJson(int status, const QByteArray &json, const QList<QPair<QByteArray, QByteArray>> &extra)
{
    QList<QPair<QByteArray, QByteArray>> fields = extra;
    fields.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    fields.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(json.size())));
    writeHead(status, fields);
    m_socket->write(json);
    m_state = State::Lingering;
    m_lingerBudget = kLingerBytes;
    restartTimer(m_server->options().idleTimeoutMs);
}

void ImageConnection::replyError(int status, const QString &message, const QList<QPair<QByteArray, QByteArray>> &extra)
{
    replyJson(status, QJsonDocument(QJsonObject{{QStringLiteral("error"), message}}).toJson(QJsonDocument::Compact),
              extra);
}

void ImageConnection::onReadyRead()
{
    switch (m_state) {
    case State::Head: {
        m_buffer += m_socket->read(HttpRequestHead::kMaxHeadBytes + 1 - m_buffer.size());
        int consumed = 0, status = 0;
        QByteArray error;
        const auto parsed = HttpRequestHead::parse(m_buffer, &m_head, &consumed, &status, &error);
        if (parsed == HttpRequestHead::Status::Incomplete)
            return;
        if (parsed == HttpRequestHead::Status::Error) {
            replyError(status, QString::fromLatin1(error));
            return;
        }
        const QByteArray leftover = m_buffer.mid(consumed);
        m_buffer.clear();
        startRequest(leftover);
        if (m_state == State::Upload && m_socket->bytesAvailable() > 0)
            onReadyRead();
        return;
    }
    case State::Upload:
        while (m_state == State::Upload && m_socket->bytesAvailable() > 0) {
            if (m_chunk.size() < m_server->options().chunkBytes)
                m_chunk.resize(m_server->options().chunkBytes);
            const qint64 n = m_socket->read(m_chunk.data(), m_chunk.size());
            if (n <= 0)
                break;
            consumeBody(m_chunk.constData(), n);
        }
        restartTimer(m_server->options().idleTimeoutMs);
        return;
    case State::Lingering: {
        const qint64 dropped = m_socket->skip(m_socket->bytesAvailable());
        m_lingerBudget -= qMax<qint64>(dropped, 0);
        if (m_lingerBudget <= 0) {
            m_socket->abort();
            deleteLater();
        }
        return;
    }
    case State::Download:
    case State::Closing:
        m_socket->skip(m_socket->bytesAvailable()); // nothing more is expected: dropped
        return;
    }
}

void ImageConnection::onBytesWritten()
{
    switch (m_state) {
    case State::Download:
        restartTimer(m_server->options().idleTimeoutMs);
        if (m_remaining > 0)
            pump();
        else if (m_socket->bytesToWrite() == 0)
            finishDownload();
        return;
    case State::Lingering:
        if (!m_shutDown && m_socket->bytesToWrite() == 0) {
            // The answer is out: tell the client we are done sending, keep reading until it closes.
            m_shutDown = true;
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        }
        return;
    default: return;
    }
}

void ImageConnection::onDisconnected()
{
    if (m_state == State::Upload)
        failUpload(0, QStringLiteral("the connection closed after %1 of %2 bytes").arg(m_done).arg(m_size));
    else if (m_state == State::Download && (m_remaining > 0 || m_socket->bytesToWrite() > 0))
        publish(QStringLiteral("image-download-aborted"),
                QStringLiteral("%1: the client went away after %2 of %3 bytes (it can resume with Range)")
                    .arg(m_access.image)
                    .arg(m_done - m_socket->bytesToWrite())
                    .arg(m_range.length()),
                int(BootEvent::Severity::Warning));
    m_state = State::Closing;
    m_timer.stop();
    deleteLater();
}

void ImageConnection::onTimeout()
{
    const int seconds = m_server->options().idleTimeoutMs / 1000;
    if (m_state == State::Upload)
        failUpload(0, QStringLiteral("no data for %1 s after %2 of %3 bytes").arg(seconds).arg(m_done).arg(m_size));
    else if (m_state == State::Download)
        publish(QStringLiteral("image-download-aborted"),
                QStringLiteral("%1: the client read nothing for %2 s").arg(m_access.image).arg(seconds),
                int(BootEvent::Severity::Warning));
    m_state = State::Closing;
    m_socket->abort();
    deleteLater();
}

void ImageConnection::startRequest(const QByteArray &leftover)
{
    const QByteArray &m = m_head.method;
    if (m != "GET" && m != "HEAD" && m != "PUT") {
        replyError(405, QStringLiteral("image routes take GET, HEAD and PUT, not %1").arg(QString::fromLatin1(m)),
                   {{"Allow", "GET, HEAD, PUT"}});
        return;
    }
    const QByteArray decoded = m_head.decodedPath();
    if (decoded.isEmpty()) {
        replyError(400, QStringLiteral("the path is not a valid percent-encoded path"));
        return;
    }
    QString token;
    const QByteArray auth = m_head.field("authorization");
    if (auth.startsWith("Bearer "))
        token = QString::fromLatin1(auth.mid(7).trimmed());
    else
        token =
            QUrlQuery(QString::fromLatin1(m_head.query())).queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
    const auto direction = m == "PUT" ? ImageAccess::Direction::Upload : ImageAccess::Direction::Download;
    if (direction == ImageAccess::Direction::Upload && m_head.contentLength < 0) {
        replyError(411, m_head.chunked ? QStringLiteral("uploads need Content-Length; chunked transfer is not taken")
                                       : QStringLiteral("uploads need Content-Length (the image's size in bytes)"));
        return;
    }
    m_access = ImageAccess::check(m_server->context(), m_server->store(), direction, QString::fromUtf8(decoded), token,
                                  m_socket->peerAddress());
    if (m_access.status != 200) {
        publish(direction == ImageAccess::Direction::Upload ? QStringLiteral("image-upload-failed")
                                                            : QStringLiteral("image-download-refused"),
                QStringLiteral("%1: %2").arg(m_access.image, m_access.error), int(BootEvent::Severity::Warning));
        replyError(m_access.status, m_access.error);
        return;
    }
    if (direction == ImageAccess::Direction::Upload)
        startUpload(leftover);
    else
        startDownload();
}

void ImageConnection::startDownload()
{
    m_file.setFileName(m_access.path);
    if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        replyError(500, QStringLiteral("cannot read %1: %2").arg(m_access.path, m_file.errorString()));
        return;
    }
    m_size = m_file.size();
    const QByteArray lastModified = httpDate(QFileInfo(m_file).lastModified());
    m_range.kind = ByteRange::Kind::Whole;
    m_range.first = 0;
    m_range.last = m_size - 1;
    // If-Range with anything but our Last-Modified: the file changed, so the whole of it.
    const bool ifRangeOk = !m_head.hasField("if-range") || m_head.field("if-range") == lastModified;
    if (m_head.hasField("range") && ifRangeOk)
        m_range = ByteRange::parse(m_head.field("range"), m_size);
    if (m_range.kind == ByteRange::Kind::Unsatisfiable) {
        publish(QStringLiteral("image-download-refused"),
                QStringLiteral("%1: range \"%2\" lies outside its %3 bytes")
                    .arg(m_access.image, QString::fromLatin1(m_head.field("range")))
                    .arg(m_size),
                int(BootEvent::Severity::Warning));
        replyError(416, QStringLiteral("the range lies outside the image's %1 bytes").arg(m_size),
                   {{"Content-Range", "bytes */" + QByteArray::number(m_size)}});
        return;
    }
    const bool partial = m_range.kind == ByteRange::Kind::Partial;
    QList<QPair<QByteArray, QByteArray>> fields{{"Content-Type", "application/octet-stream"},
                                                {"Content-Length", QByteArray::number(m_range.length())},
                                                {"Accept-Ranges", "bytes"},
                                                {"Last-Modified", lastModified}};
    if (partial)
        fields.append({"Content-Range", "bytes " + QByteArray::number(m_range.first) + '-' +
                                            QByteArray::number(m_range.last) + '/' + QByteArray::number(m_size)});
    writeHead(partial ? 206 : 200, fields);
    if (m_head.method == "HEAD") {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_file.seek(m_range.first)) {
        m_socket->abort();
        deleteLater();
        return;
    }
    publish(QStringLiteral("image-download-started"),
            partial ? QStringLiteral("%1: bytes %2-%3 of %4 (resumed with Range)")
                          .arg(m_access.image)
                          .arg(m_range.first)
                          .arg(m_range.last)
                          .arg(m_size)
                    : QStringLiteral("%1: %2 bytes").arg(m_access.image).arg(m_size),
            int(BootEvent::Severity::Info));
    m_state = State::Download;
    m_remaining = m_range.length();
    m_clock.start();
    restartTimer(m_server->options().idleTimeoutMs);
    pump();
}

void ImageConnection::pump()
{
    const ImageServerOptions &o = m_server->options();
    if (m_chunk.size() < o.chunkBytes)
        m_chunk.resize(o.chunkBytes);
    while (m_remaining > 0 && m_socket->bytesToWrite() < o.highWaterBytes) {
        const qint64 n = m_file.read(m_chunk.data(), qMin<qint64>(m_remaining, m_chunk.size()));
        if (n <= 0) {
            publish(QStringLiteral("image-download-aborted"),
                    QStringLiteral("%1: reading failed after %2 bytes: %3")
                        .arg(m_access.image)
                        .arg(m_done)
                        .arg(n < 0 ? m_file.errorString() : QStringLiteral("the file became shorter")),
                    int(BootEvent::Severity::Error));
            m_state = State::Closing;
            m_socket->abort(); // the head promised more: the client must see a broken transfer
            deleteLater();
            return;
        }
        m_socket->write(m_chunk.constData(), n);
        m_remaining -= n;
        m_done += n;
    }
}

void ImageConnection::finishDownload()
{
    publish(QStringLiteral("image-download-finished"),
            QStringLiteral("%1: %2").arg(m_access.image, rate(m_done, m_clock.elapsed())),
            int(BootEvent::Severity::Info));
    m_file.close();
    m_state = State::Closing;
    m_socket->disconnectFromHost();
}

void ImageConnection::startUpload(const QByteArray &leftover)
{
    const ImageServerOptions &o = m_server->options();
    m_size = m_head.contentLength;
    const QString &name = m_access.image;
    const QUrlQuery query(QString::fromLatin1(m_head.query()));
    if (query.hasQueryItem(QStringLiteral("offset"))) {
        bool ok = false;
        m_offset = query.queryItemValue(QStringLiteral("offset")).toLongLong(&ok);
        if (!ok || m_offset < 0) {
            m_offset = -1;
            failUpload(400, QStringLiteral("offset must be a number of bytes, not \"%1\"")
                                .arg(query.queryItemValue(QStringLiteral("offset"))));
            return;
        }
        m_final = query.queryItemValue(QStringLiteral("final")) == QLatin1String("1");
    }
    if (qMax<qint64>(m_offset, 0) + m_size > o.maxUploadBytes) {
        failUpload(413, QStringLiteral("%1 would be %2 bytes; uploads are limited to %3 bytes (policy upload limit)")
                            .arg(name)
                            .arg(qMax<qint64>(m_offset, 0) + m_size)
                            .arg(o.maxUploadBytes));
        return;
    }
    if (m_access.folderFile == ImageManifest::fileName() && qMax<qint64>(m_offset, 0) + m_size > kMaxManifestBytes) {
        failUpload(413, QStringLiteral("%1 would be %2 bytes; a manifest has at most %3")
                            .arg(name)
                            .arg(qMax<qint64>(m_offset, 0) + m_size)
                            .arg(kMaxManifestBytes));
        return;
    }
    if (QFileInfo::exists(m_access.path) && !m_access.overwrite) {
        failUpload(409, QStringLiteral("image \"%1\" exists already and bundle \"%2\" does not allow replacing it "
                                       "(its take action needs \"overwrite\": true)")
                            .arg(name, m_access.bundle));
        return;
    }
    if (!m_access.folder.isEmpty() && m_access.folderFile != ImageManifest::fileName() && m_offset <= 0) {
        // A new take into a folder image: the old image stops being one before any of its files changes.
        const QString manifest = QFileInfo(m_access.path).absolutePath() + QLatin1Char('/') + ImageManifest::fileName();
        if (QFileInfo::exists(manifest) && !m_access.overwrite) {
            failUpload(409, QStringLiteral("image \"%1\" exists already and bundle \"%2\" does not allow replacing it "
                                           "(its take action needs \"overwrite\": true)")
                                .arg(m_access.folder, m_access.bundle));
            return;
        }
        if (QFileInfo::exists(manifest) && !QFile::remove(manifest)) {
            failUpload(500, QStringLiteral("cannot remove %1 to replace image \"%2\"").arg(manifest, m_access.folder));
            return;
        }
    }
    const QString folder = QFileInfo(m_access.path).absolutePath();
    QString existing = folder;
    while (!QFileInfo::exists(existing) && existing != QDir::rootPath())
        existing = QFileInfo(existing).absolutePath();
    const qint64 free = m_server->freeBytes(existing);
    const qint64 others = m_server->reservedBytes();
    if (free >= 0 && free < m_size + others) {
        failUpload(507, QStringLiteral("not enough free space for %1 in %2: %3 bytes free, %4 bytes needed "
                                       "(%5 for this image + %6 for uploads in progress)")
                            .arg(name, existing)
                            .arg(free)
                            .arg(m_size + others)
                            .arg(m_size)
                            .arg(others));
        return;
    }
    if (!m_server->reserveUpload(m_access.path, m_size)) {
        failUpload(409, QStringLiteral("image \"%1\" is being uploaded by another connection").arg(name));
        return;
    }
    m_reserved = true;
    if (!QDir().mkpath(folder)) {
        failUpload(500, QStringLiteral("cannot create the folder %1").arg(folder));
        return;
    }
    m_partPath = m_access.path + QStringLiteral(".part");
    QString error;
    bool held = false;
    const int fd = imagepart::openLocked(m_partPath, &error, &held, m_offset > 0);
    if (fd < 0) {
        m_partPath.clear(); // not ours: never removed by failUpload
        failUpload(held ? 409 : 500, error);
        return;
    }
    if (!m_file.open(fd, QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::AutoCloseHandle)) {
        failUpload(500, QStringLiteral("cannot write %1: %2").arg(m_partPath, m_file.errorString()));
        return;
    }
    if (m_offset >= 0 && !startPiece())
        return;
    m_state = State::Upload;
    m_remaining = m_size;
    m_writtenBack = 0;
    m_hash.reset();
    m_clock.start();
    if (m_offset <= 0) // an appending upload's later pieces are not events of their own
        publish(QStringLiteral("image-upload-started"),
                m_offset < 0 ? QStringLiteral("%1: %2 bytes").arg(name).arg(m_size)
                             : QStringLiteral("%1: in pieces (appending upload)").arg(name),
                int(BootEvent::Severity::Info));
    if (m_head.field("expect").toLower() == "100-continue")
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    restartTimer(o.idleTimeoutMs);
    if (!leftover.isEmpty())
        consumeBody(leftover.constData(), leftover.size());
    if (m_state == State::Upload && m_remaining == 0)
        completeUpload();
}

void ImageConnection::consumeBody(const char *data, qint64 size)
{
    const qint64 take = qMin(size, m_remaining); // anything after the declared length is dropped
    if (take <= 0)
        return;
    if (m_file.write(data, take) != take) {
        failUpload(507, QStringLiteral("writing %1 failed after %2 bytes: %3")
                            .arg(m_partPath)
                            .arg(m_done)
                            .arg(m_file.errorString()));
        return;
    }
    m_hash.addData(QByteArrayView(data, take));
    m_done += take;
    m_remaining -= take;
    if (m_done - m_writtenBack >= kWriteBackBytes) {
        imagepart::startWriteBack(int(m_file.handle()), qMax<qint64>(m_offset, 0) + m_writtenBack,
                                  m_done - m_writtenBack);
        m_writtenBack = m_done;
    }
    if (m_remaining == 0)
        completeUpload();
}

void ImageConnection::completeUpload()
{
    // Durable before the 201: the data on disk (fsync), then the rename, then the folder (fsync), so a
    // power cut after the answer cannot leave an empty or torn image.
    if (m_offset >= 0 && !m_final) {
        answerPiece();
        return;
    }
    QElapsedTimer syncClock;
    syncClock.start();
    QString error;
    if (!imagepart::syncFile(int(m_file.handle()), m_partPath, &error)) {
        failUpload(500, error);
        return;
    }
    if (m_file.error() != QFileDevice::NoError) {
        failUpload(507, QStringLiteral("writing %1 failed: %2").arg(m_partPath, m_file.errorString()));
        return;
    }
    const QByteArray sha = m_offset >= 0 ? hashPart(&error) : m_hash.result().toHex();
    if (sha.isEmpty()) {
        failUpload(500, error);
        return;
    }
    const QByteArray expected = m_head.field(kChecksumField).toLower();
    if (!expected.isEmpty() && expected != sha) {
        failUpload(400, QStringLiteral("the upload's SHA-256 is %1, not the %2 given in X-Image-SHA256")
                            .arg(QString::fromLatin1(sha), QString::fromLatin1(expected)));
        return;
    }
    if (QFileInfo::exists(m_access.path) && !m_access.overwrite) {
        failUpload(409,
                   QStringLiteral("image \"%1\" appeared while it was uploaded; not replaced").arg(m_access.image));
        return;
    }
    if (m_access.folderFile == ImageManifest::fileName() && !checkManifest(&error)) {
        failUpload(400, error);
        return;
    }
    const qint64 total = qMax<qint64>(m_offset, 0) + m_done;
    if (std::rename(QFile::encodeName(m_partPath).constData(), QFile::encodeName(m_access.path).constData()) != 0) {
        failUpload(500, QStringLiteral("cannot rename %1 to %2").arg(m_partPath, m_access.path));
        return;
    }
    m_partPath.clear(); // renamed: nothing of ours to remove any more
    m_file.close();     // releases the lock
    if (!imagepart::syncFolder(QFileInfo(m_access.path).absolutePath(), &error)) {
        // The rename may not survive a power cut: no image rather than one the client cannot trust.
        QFile::remove(m_access.path);
        failUpload(500, error + QStringLiteral("; the upload was removed, upload it again"));
        return;
    }
    const qint64 syncMs = syncClock.elapsed();
    m_server->releaseUpload(m_access.path);
    m_reserved = false;
    m_state = State::Closing;
    publish(QStringLiteral("image-upload-finished"),
            QStringLiteral("%1: %2, sha256 %3, on disk (fsync) in %4 ms")
                .arg(m_access.image,
                     m_offset < 0 ? rate(m_done, m_clock.elapsed())
                                  : QStringLiteral("%1 bytes in pieces (appending upload)").arg(total),
                     QString::fromLatin1(sha))
                .arg(syncMs),
            int(BootEvent::Severity::Info));
    replyJson(201, QJsonDocument(QJsonObject{{QStringLiteral("image"), m_access.image},
                                             {QStringLiteral("size"), double(total)},
                                             {QStringLiteral("sha256"), QString::fromLatin1(sha)}})
                       .toJson(QJsonDocument::Compact));
}

bool ImageConnection::startPiece()
{
    struct stat st
    {};
    if (::fstat(int(m_file.handle()), &st) != 0) {
        failUpload(500, QStringLiteral("cannot read the size of %1").arg(m_partPath));
        return false;
    }
    if (m_offset > st.st_size) {
        // The client thinks more arrived than did: it resumes from what is there.
        const qint64 have = st.st_size;
        m_file.close(); // keeps NAME.part as it is
        m_partPath.clear();
        failUpload(0, QStringLiteral("offset %1 is past the %2 bytes received").arg(m_offset).arg(have));
        replyJson(409, QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                                  QStringLiteral("%1 has %2 bytes so far; send from offset %2, not %3")
                                                      .arg(m_access.image)
                                                      .arg(have)
                                                      .arg(m_offset)},
                                                 {QStringLiteral("offset"), double(have)}})
                           .toJson(QJsonDocument::Compact));
        return false;
    }
    if (::ftruncate(int(m_file.handle()), m_offset) != 0 || !m_file.seek(m_offset)) {
        failUpload(500, QStringLiteral("cannot cut %1 to offset %2").arg(m_partPath).arg(m_offset));
        return false;
    }
    m_pieceOpen = true;
    return true;
}

void ImageConnection::answerPiece()
{
    const qint64 offset = m_offset + m_done;
    m_pieceOpen = false;
    m_partPath.clear(); // kept for the next piece
    m_file.close();     // releases the lock
    m_server->releaseUpload(m_access.path);
    m_reserved = false;
    m_state = State::Closing;
    replyJson(200, QJsonDocument(QJsonObject{{QStringLiteral("image"), m_access.image},
                                             {QStringLiteral("offset"), double(offset)}})
                       .toJson(QJsonDocument::Compact));
}

QByteArray ImageConnection::hashPart(QString *error) const
{
    QFile in(m_partPath);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1 to check it: %2").arg(m_partPath, in.errorString());
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&in)) {
        *error = QStringLiteral("cannot read %1 to check it: %2").arg(m_partPath, in.errorString());
        return {};
    }
    return hash.result().toHex();
}

bool ImageConnection::checkManifest(QString *error) const
{
    QFile in(m_partPath);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(m_partPath, in.errorString());
        return false;
    }
    QString why;
    const auto manifest = ImageManifest::parse(in.readAll(), &why);
    if (manifest && manifest->checkFiles(QFileInfo(m_access.path).absolutePath(), &why))
        return true;
    *error = QStringLiteral("image \"%1\" is not complete, its manifest is refused: %2").arg(m_access.folder, why);
    return false;
}

void ImageConnection::failUpload(int status, const QString &reason)
{
    if (m_offset >= 0 && m_pieceOpen && m_file.isOpen()) {
        // A broken piece: NAME.part goes back to where the piece started and stays for the resend.
        (void)::ftruncate(int(m_file.handle()), m_offset);
        m_partPath.clear();
    }
    m_pieceOpen = false;
    if (!m_partPath.isEmpty() && (m_file.isOpen() || m_state == State::Upload))
        QFile::remove(m_partPath); // while still holding its lock (closing the file releases it)
    m_file.close();
    m_partPath.clear();
    if (m_reserved) {
        m_server->releaseUpload(m_access.path);
        m_reserved = false;
    }
    m_state = State::Closing;
    publish(QStringLiteral("image-upload-failed"), QStringLiteral("%1: %2").arg(m_access.image, reason),
            int(BootEvent::Severity::Error), int(Outcome::Failed));
    if (status > 0 && m_socket->state() == QAbstractSocket::ConnectedState)
        replyError(status, reason);
}

} // namespace bootbench
