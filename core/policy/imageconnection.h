#pragma once

#include "policy/byterange.h"
#include "policy/httprequesthead.h"
#include "policy/imageaccess.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace bootbench {

class ImageServer;

// One connection to the image server: reads one request head with HttpRequestHead, then streams
// an image out (GET/HEAD, Range) or in (PUT to NAME.part, fsynced and renamed when complete, the
// folder fsynced before the 201), and closes.
// Memory stays bounded by the head limit plus a few chunks, whatever the image size.
class ImageConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageConnection)

public:
    // Takes the socket. With `refuse` set, answers 503 (too many connections) and closes.
    ImageConnection(ImageServer *server, QTcpSocket *socket, bool refuse);
    ~ImageConnection() override;

private:
    enum class State { Head, Download, Upload, Closing, Lingering };

    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void onTimeout();

    void startRequest(const QByteArray &leftover);
    void startDownload();
    void pump();
    void finishDownload();
    void startUpload(const QByteArray &leftover);
    void consumeBody(const char *data, qint64 size);
    void completeUpload();
    bool startPiece(); // appending upload: NAME.part kept and cut to the offset
    void answerPiece();
    // The SHA-256 of the whole NAME.part (an appending upload's pieces came over several connections).
    QByteArray hashPart(QString *error) const;
    // A folder image's manifest.json, before it is renamed into place: it must parse and name only
    // files the folder holds with their sizes (core/images/imagemanifest.h).
    bool checkManifest(QString *error) const;
    // Removes NAME.part, releases the reservation, publishes image-upload-failed; answers `status`
    // with `reason` when the client is still there and status > 0.
    void failUpload(int status, const QString &reason);

    // Writes a whole answer (JSON) and closes after it, reading and dropping what the client still
    // sends (bounded) so it sees the answer instead of a reset.
    void replyJson(int status, const QByteArray &json, const QList<QPair<QByteArray, QByteArray>> &extra = {});
    void replyError(int status, const QString &message, const QList<QPair<QByteArray, QByteArray>> &extra = {});
    void writeHead(int status, const QList<QPair<QByteArray, QByteArray>> &fields);
    void publish(const QString &kind, const QString &detail, int severity, int outcome = 0);
    void restartTimer(int ms);
    QString peer() const;

    ImageServer *const m_server;
    QTcpSocket *const m_socket;
    State m_state = State::Head;
    QByteArray m_buffer;
    HttpRequestHead m_head;
    ImageAccess::Decision m_access;
    QTimer m_timer;
    QFile m_file;
    QString m_partPath; // upload: NAME.part, locked while the upload runs (imagepartfile.h)
    QByteArray m_chunk;
    ByteRange m_range;
    qint64 m_size = 0;        // download: file size; upload: declared length
    qint64 m_remaining = 0;   // download: bytes still to queue; upload: bytes still to receive
    qint64 m_done = 0;        // bytes queued (download) or written (upload)
    qint64 m_writtenBack = 0; // upload: bytes handed to the disk's write-back so far
    qint64 m_lingerBudget = 0;
    // Appending upload (PUT ...?offset=N[&final=1], docs/http-api.md): where this piece goes, -1 for
    // a whole upload; whether it is the last one; whether NAME.part was cut to the offset (then a
    // broken piece cuts it back there and keeps it, so the client resends only that piece).
    qint64 m_offset = -1;
    bool m_final = false;
    bool m_pieceOpen = false;
    bool m_reserved = false;
    bool m_shutDown = false;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    QElapsedTimer m_clock;
};

} // namespace bootbench
