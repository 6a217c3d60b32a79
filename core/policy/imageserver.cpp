#include "policy/imageserver.h"

#include "net/portowner.h"
#include "policy/imageconnection.h"
#include "policy/imagepartfile.h"
#include "policy/policycontext.h"

#include <QStorageInfo>
#include <QTcpServer>
#include <QTcpSocket>

namespace bootbench {

ImageServer::ImageServer(PolicyContext &context, ImageServerOptions options, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_options(std::move(options))
    , m_store(m_options.root)
    , m_tcp(new QTcpServer(this))
{
    connect(m_tcp, &QTcpServer::newConnection, this, &ImageServer::acceptConnections);
}

ImageServer::~ImageServer()
{
    // Connections are children: they abort their transfers (and remove unfinished uploads) first.
    const QList<ImageConnection *> connections = findChildren<ImageConnection *>(Qt::FindDirectChildrenOnly);
    for (ImageConnection *c : connections)
        delete c;
}

bool ImageServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    removeStaleUploads();
    if (m_tcp->listen(address, port))
        return true;
    const QString owner = describePortOwner(Transport::Tcp, port);
    *error = QStringLiteral("cannot listen for image transfers on %1:%2: %3")
                 .arg(address.toString())
                 .arg(port)
                 .arg(owner.isEmpty() ? m_tcp->errorString() : QStringLiteral("the port is taken by ") + owner);
    if (port < 1024 && owner.isEmpty())
        *error += QStringLiteral(" (ports below 1024 need privilege: setcap cap_net_bind_service=+ep bootbench)");
    return false;
}

int ImageServer::removeStaleUploads()
{
    QStringList errors;
    const QList<imagepart::Stale> removed = imagepart::removeStale(m_options.root, &errors);
    for (const imagepart::Stale &part : removed) {
        m_context.publish(QString(), QStringLiteral("image-stale-upload-removed"), Phase::Imaging, Outcome::None,
                          QStringLiteral("removed the unfinished upload %1 (%2 bytes), left by a crash or a power cut "
                                         "during an upload; that image must be uploaded again")
                              .arg(part.path)
                              .arg(part.size),
                          QString(), BootEvent::Severity::Warning, QStringLiteral("engine"));
    }
    for (const QString &e : std::as_const(errors))
        m_context.publish(QString(), QStringLiteral("image-stale-upload-removed"), Phase::Imaging, Outcome::Failed,
                          e + QStringLiteral(" (left by a crash or a power cut; remove it by hand)"), QString(),
                          BootEvent::Severity::Error, QStringLiteral("engine"));
    return int(removed.size());
}

quint16 ImageServer::port() const
{
    return m_tcp->serverPort();
}

qint64 ImageServer::freeBytes(const QString &folder) const
{
    if (m_options.freeBytes)
        return m_options.freeBytes(folder);
    QStorageInfo info(folder);
    return info.isValid() ? info.bytesAvailable() : -1;
}

bool ImageServer::reserveUpload(const QString &path, qint64 bytes)
{
    if (m_uploads.contains(path))
        return false;
    m_uploads.insert(path, bytes);
    return true;
}

void ImageServer::releaseUpload(const QString &path)
{
    m_uploads.remove(path);
}

qint64 ImageServer::reservedBytes() const
{
    qint64 sum = 0;
    for (qint64 b : m_uploads)
        sum += b;
    return sum;
}

void ImageServer::acceptConnections()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        const bool tooMany = m_connections >= m_options.maxConnections;
        auto *connection = new ImageConnection(this, socket, tooMany);
        ++m_connections;
        connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
    }
}

} // namespace bootbench
