#pragma once

#include "images/imagestore.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <functional>

class QTcpServer;

namespace bootbench {

class ImageConnection;
class PolicyContext;

struct ImageServerOptions
{
    QString root;                              // the image store
    qint64 maxUploadBytes = qint64(512) << 30; // larger uploads: 413
    int chunkBytes = 1 << 20;                  // read from the file / written to the socket at once
    qint64 highWaterBytes = 4 << 20;           // the next chunk is queued below this many unsent bytes
    int headTimeoutMs = 30000;                 // a request head must arrive within this
    int idleTimeoutMs = 120000;                // no progress for this long: the transfer is given up
    int maxConnections = 64;                   // more at once: 503
    // Bytes free for new files in a folder; default QStorageInfo. Tests inject their own.
    std::function<qint64(const QString &folder)> freeBytes;
};

// The image routes of the engine API (docs/http-api.md, "Images") on a plain QTcpServer of their
// own: Qt HttpServer 6.4 holds request bodies whole in memory and reads served files whole, so
// images are streamed here in bounded pieces instead (1 MiB chunks written as the socket drains,
// uploads written to NAME.part as they arrive). Memory does not grow with the image size.
// Lives on the policy service's worker thread and shares its PolicyContext.
class ImageServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageServer)

public:
    ImageServer(PolicyContext &context, ImageServerOptions options, QObject *parent = nullptr);
    ~ImageServer() override;

    // Removes the stale uploads first (removeStaleUploads), then listens on address:port (0: any
    // free port); false with *error (port owner named when known).
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const;

    PolicyContext &context() { return m_context; }
    const ImageStore &store() const { return m_store; }
    const ImageServerOptions &options() const { return m_options; }
    qint64 freeBytes(const QString &folder) const;

    // Uploads in progress, so two devices cannot write the same image and the free-space check
    // counts what running uploads will still need. false when `path` is being uploaded already.
    bool reserveUpload(const QString &path, qint64 bytes);
    void releaseUpload(const QString &path);
    qint64 reservedBytes() const;

    // Removes each NAME.part in the image store that no upload holds (left by a crash or a power
    // cut while an upload ran) and publishes image-stale-upload-removed for it; returns how many.
    int removeStaleUploads();

private:
    void acceptConnections();

    PolicyContext &m_context;
    const ImageServerOptions m_options;
    const ImageStore m_store;
    QTcpServer *m_tcp = nullptr;
    QHash<QString, qint64> m_uploads; // absolute path → declared length
    int m_connections = 0;
};

} // namespace bootbench
