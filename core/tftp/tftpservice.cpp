#include "tftp/tftpservice.h"

#include "net/udpendpoint.h"
#include "tftp/tftpevents.h"
#include "tftp/tftpreactor.h"
#include "tftp/tftpreadtransfer.h"
#include "tftp/tftpsource.h"
#include "tftp/tftptransferthread.h"
#include "tftp/tftpwritetransfer.h"

#include <QDir>
#include <QFile>
#include <QNetworkInterface>
#include <QThread>
#include <QUdpSocket>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace bootbench {

namespace {
constexpr int kScratchBytes = 1 << 20;
// Per read transfer with small blocks (allocated on first use): one pread() per this many bytes.
constexpr qint64 kReadAheadBytes = 64 << 10;
constexpr int kRequestsPerWakeup = 64;
constexpr int kListenReceiveBuffer = 1 << 20;
// IPv4 header 20 + UDP 8 + TFTP 4: the largest block that fits one Ethernet frame of the MTU.
constexpr int kBlockOverhead = 32;

// A NUL inside the requested name ("pxelinux.0\0../../etc/passwd\0octet\0") shows as a mode that
// is none, followed later by a real one.
bool nulInName(QByteArrayView bytes)
{
    QList<QByteArray> fields;
    qsizetype pos = 2;
    while (pos < bytes.size() && fields.size() < 8) {
        qsizetype end = bytes.indexOf('\0', pos);
        if (end < 0)
            end = bytes.size();
        fields << bytes.sliced(pos, end - pos).toByteArray().toLower();
        pos = end + 1;
    }
    const auto isMode = [](const QByteArray &f) { return f == "octet" || f == "netascii" || f == "mail"; };
    if (fields.size() < 3 || isMode(fields.at(1)))
        return false;
    return std::any_of(fields.cbegin() + 2, fields.cend(), isMode);
}

QString defaultRoot(const ServiceConfig &config)
{
    if (!config.tftpRoot.isEmpty())
        return config.tftpRoot;
    if (config.dataDir.isEmpty())
        return {};
    const QString root = config.dataDir + QStringLiteral("/tftp");
    QDir().mkpath(root);
    return root;
}
} // namespace

TftpService::TftpService(const ServiceConfig &config, EventStream *events)
    : NetworkService(QStringLiteral("tftp"), events)
    , m_config(config)
{}

TftpService::~TftpService()
{
    // ServiceHost stops us on our thread first; this covers direct use (tests).
    stopService();
}

bool TftpService::startService(QString *error)
{
    m_settings = {};
    m_settings.limits.blksizeNegotiation = m_config.tftpBlksizeNegotiation;
    m_settings.limits.maxBlksize = m_config.tftpMaxBlksize;
    m_settings.limits.maxWindowsize = m_config.tftpMaxWindowsize;
    m_settings.timeoutMs = std::max(1, m_config.tftpTimeoutMs);
    m_settings.retries = std::max(0, m_config.tftpRetries);
    if (!m_config.interfaceName.isEmpty()) {
        // MTU-aware: a block that needs IP fragmentation is lost whenever any fragment is.
        const int mtu = QNetworkInterface::interfaceFromName(m_config.interfaceName).maximumTransmissionUnit();
        if (mtu > kBlockOverhead + 8)
            m_settings.limits.maxBlksize = std::min(m_settings.limits.maxBlksize, mtu - kBlockOverhead);
    }

    m_root = std::make_unique<TftpPathResolver>(defaultRoot(m_config));
    if (!m_root->isValid()) {
        *error = m_root->error();
        return false;
    }
    if (!m_config.tftpUploadDir.isEmpty()) {
        m_uploads = std::make_unique<TftpPathResolver>(m_config.tftpUploadDir);
        if (!m_uploads->isValid()) {
            *error = QStringLiteral("upload folder: %1").arg(m_uploads->error());
            return false;
        }
    }

    UdpBindRequest bind;
    bind.address = m_config.address.isNull() ? QHostAddress(QHostAddress::AnyIPv4) : m_config.address;
    bind.port = m_config.tftpPort;
    bind.interfaceName = m_config.interfaceName;
    bind.receiveBufferBytes = kListenReceiveBuffer;
    std::unique_ptr<QUdpSocket> socket = openUdpSocket(bind, error);
    if (!socket)
        return false;
    // The data path runs on raw descriptors in one epoll set: keep the bound socket's descriptor
    // (with its SO_BINDTODEVICE) and let the QUdpSocket go.
    m_listenFd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    m_boundPort = socket->localPort();
    socket.reset();
    if (m_listenFd < 0) {
        *error = QStringLiteral("cannot keep the TFTP socket: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    m_listenAddress = bind.address;
    m_listenAny = bind.address == QHostAddress(QHostAddress::AnyIPv4) || bind.address == QHostAddress::AnyIPv6 ||
                  bind.address == QHostAddress::Any;
    if (m_listenAny) // answer from the address the client asked, on a multi-homed server too
        tftpsocket::enablePacketInfo(m_listenFd, bind.address.protocol() == QAbstractSocket::IPv6Protocol);

    m_scratch = QByteArray(kScratchBytes, Qt::Uninitialized);
    m_receive = QByteArray(TftpPacket::kMaxPacketSize + 1, Qt::Uninitialized);
    m_reactor = std::make_unique<TftpReactor>([this](int fd, auto now) { onReady(fd, now); },
                                              [this](auto now) { onTick(now); }, [this](auto) { removeFinished(); });
    const int tickMs = std::clamp(m_settings.timeoutMs / 4, 5, 100);
    m_reactor->setTickInterval(tickMs);
    m_reactor->setBusyPollLimit(2); // the listening socket and one transfer
    if (!m_reactor->open(error) || !m_reactor->add(m_listenFd, error))
        return false;
    if (QThread::idealThreadCount() >= 2) {
        m_second = std::make_unique<TftpTransferThread>(tickMs, &m_handedOffTransfers);
        QString threadError;
        if (!m_second->start(&threadError))
            m_second.reset(); // one thread serves everything, as on one core
    }
    return true;
}

void TftpService::stopService()
{
    if (m_second)
        m_second->stop(QStringLiteral("the TFTP service stopped"));
    m_second.reset();
    m_handedOff.clear();
    for (auto &[fd, transfer] : m_transfers) {
        if (m_reactor)
            m_reactor->remove(fd);
        transfer->abort(QStringLiteral("the TFTP service stopped"));
    }
    m_transfers.clear();
    m_activeTransfers = 0;
    m_reactor.reset();
    tftpsocket::closeFd(m_listenFd);
    m_listenFd = -1;
    m_boundPort = 0;
    m_openFiles.clear();
}

void TftpService::onReady(int fd, TftpTransfer::Clock::time_point now)
{
    if (fd == m_listenFd) {
        for (int i = 0; i < kRequestsPerWakeup; ++i) {
            TftpEndpoint from;
            QHostAddress local;
            const qsizetype n = tftpsocket::receive(m_listenFd, m_receive.data(), m_receive.size(), &from,
                                                    m_listenAny ? &local : nullptr);
            if (n < 0)
                break;
            onRequestDatagram(QByteArrayView(m_receive.constData(), n), from, local.isNull() ? m_listenAddress : local,
                              now);
        }
        return;
    }
    const auto it = m_transfers.find(fd);
    if (it != m_transfers.end())
        it->second->onReadable(now);
}

void TftpService::onTick(TftpTransfer::Clock::time_point now)
{
    for (auto &entry : m_transfers)
        entry.second->onTick(now);
}

void TftpService::removeFinished()
{
    for (auto it = m_transfers.begin(); it != m_transfers.end();) {
        if (it->second->isDone()) {
            m_reactor->remove(it->first);
            it = m_transfers.erase(it);
        } else {
            ++it;
        }
    }
    m_activeTransfers = int(m_transfers.size());
    if (m_transfers.empty())
        m_reactor->setTicking(false);
}

void TftpService::onRequestDatagram(QByteArrayView bytes, const TftpEndpoint &from, const QHostAddress &local,
                                    TftpTransfer::Clock::time_point now)
{
    TftpPacket request;
    const TftpDecodeError error = TftpPacket::decode(bytes, &request);
    if (error == TftpDecodeError::UnknownOpcode || error == TftpDecodeError::Oversized || bytes.size() < 2)
        return; // not TFTP: answering garbage would make us a reflector
    if (!request.isRequest())
        return; // DATA/ACK/ERROR to the listening port belong to no transfer of ours
    const bool upload = request.opcode == TftpOpcode::Wrq;
    const QString shownName = QString::fromUtf8(request.filename.left(256));
    if (nulInName(bytes)) {
        refuse(from, local, shownName, upload, TftpErrorCode::AccessViolation, "Access violation",
               TftpFailure::AccessViolation, QStringLiteral("the name contains a NUL byte"));
        return;
    }
    if (error != TftpDecodeError::None) {
        const bool optionProblem =
            error == TftpDecodeError::OptionWithoutValue || error == TftpDecodeError::DuplicateOption ||
            error == TftpDecodeError::TooManyOptions || error == TftpDecodeError::EmptyOptionName;
        refuse(from, local, shownName, upload,
               optionProblem ? TftpErrorCode::OptionRefused : TftpErrorCode::IllegalOperation,
               "Malformed request: " + tftpDecodeErrorKey(error).toLatin1(),
               optionProblem ? TftpFailure::OptionRefused : TftpFailure::IllegalOperation,
               QStringLiteral("malformed request (%1)").arg(tftpDecodeErrorKey(error)));
        return;
    }
    if (isRepeatedRequest(from, bytes))
        return; // the client repeated its request: the transfer already answered and will resend
    if (request.mode != "octet" && request.mode != "netascii") {
        refuse(from, local, shownName, upload, TftpErrorCode::IllegalOperation,
               "Unsupported transfer mode \"" + request.mode.left(32) + "\"", TftpFailure::IllegalOperation,
               QStringLiteral("the transfer mode \"%1\" is not supported (octet and netascii are)")
                   .arg(QString::fromUtf8(request.mode.left(32))));
        return;
    }
    TftpTransferSetup setup;
    setup.peer = from;
    setup.request = bytes.toByteArray();
    setup.netascii = request.mode == "netascii";
    setup.settings = m_settings;
    QString reason;
    if (!TftpPathResolver::normalise(request.filename, &setup.path, &reason)) {
        refuse(from, local, shownName, upload, TftpErrorCode::AccessViolation, "Access violation",
               TftpFailure::AccessViolation, reason);
        return;
    }
    if (activeTransfers() >= m_settings.maxTransfers) {
        refuse(from, local, setup.path, upload, TftpErrorCode::NotDefined, "Server busy, try again later",
               TftpFailure::Busy,
               QStringLiteral("%1 transfers are running already (the limit)").arg(m_settings.maxTransfers));
        return;
    }
    if (upload)
        onWriteRequest(request, std::move(setup), local, now);
    else
        onReadRequest(request, std::move(setup), local, now);
}

void TftpService::onReadRequest(const TftpPacket &request, TftpTransferSetup setup, const QHostAddress &local,
                                TftpTransfer::Clock::time_point now)
{
    std::unique_ptr<TftpSource> source;
    if (std::optional<QByteArray> virtualFile = m_providers.lookup(setup.path, setup.peer.address())) {
        source = std::make_unique<TftpMemorySource>(*virtualFile);
    } else {
        TftpOpenedFile opened = m_root->openForRead(setup.path);
        if (opened.status == TftpLookup::NotFound) {
            refuse(setup.peer, local, setup.path, false, TftpErrorCode::FileNotFound, "File not found",
                   TftpFailure::NotFound, opened.reason);
            return;
        }
        if (opened.status != TftpLookup::Found) {
            refuse(setup.peer, local, setup.path, false, TftpErrorCode::AccessViolation, "Access violation",
                   TftpFailure::AccessViolation, opened.reason);
            return;
        }
        source = std::make_unique<TftpFileSource>(sharedHandle(opened), kReadAheadBytes);
    }
    if (setup.netascii)
        source = std::make_unique<TftpNetasciiSource>(std::move(source));
    setup.negotiation = TftpNegotiation::negotiate(request, m_settings.limits, source->size());
    if (setup.negotiation.refused) {
        refuse(setup.peer, local, setup.path, false, TftpErrorCode::OptionRefused, setup.negotiation.refusal,
               TftpFailure::OptionRefused, QString::fromUtf8(setup.negotiation.refusal));
        return;
    }
    QString error;
    setup.fd = openTransferSocket(local, &error);
    if (setup.fd < 0) {
        refuse(setup.peer, local, setup.path, false, TftpErrorCode::NotDefined, "Server error",
               TftpFailure::ServerError, error);
        return;
    }
    // Room for a whole window in the send buffer, so a burst is not cut short on a real NIC.
    const int window = setup.negotiation.windowsize * (setup.negotiation.blksize + 64);
    tftpsocket::growSendBuffer(setup.fd, std::min(window, 4 << 20));
    if (handOffNext()) {
        handOff(
            std::make_unique<TftpReadTransfer>(std::move(setup), observer(), std::move(source), m_second->scratch()));
        return;
    }
    launch(std::make_unique<TftpReadTransfer>(std::move(setup), observer(), std::move(source), &m_scratch), now);
}

void TftpService::onWriteRequest(const TftpPacket &request, TftpTransferSetup setup, const QHostAddress &local,
                                 TftpTransfer::Clock::time_point now)
{
    if (!m_uploads) {
        refuse(setup.peer, local, setup.path, true, TftpErrorCode::AccessViolation, "Uploads are not allowed",
               TftpFailure::UploadsDisabled,
               QStringLiteral("write requests are refused: no upload folder is configured"));
        return;
    }
    int dirFd = -1;
    QString fileName;
    const TftpOpenedFile parent = m_uploads->openParentForWrite(setup.path, &dirFd, &fileName);
    if (parent.status != TftpLookup::Found) {
        const bool notFound = parent.status == TftpLookup::NotFound;
        refuse(setup.peer, local, setup.path, true,
               notFound ? TftpErrorCode::FileNotFound : TftpErrorCode::AccessViolation,
               notFound ? "Folder not found" : "Access violation",
               notFound ? TftpFailure::NotFound : TftpFailure::AccessViolation, parent.reason);
        return;
    }
    struct stat st;
    if (::fstatat(dirFd, QFile::encodeName(fileName).constData(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        ::close(dirFd);
        refuse(setup.peer, local, setup.path, true, TftpErrorCode::FileExists, "File already exists",
               TftpFailure::FileExists,
               QStringLiteral("%1 exists already; uploads never replace a file").arg(parent.lookedFor));
        return;
    }
    setup.negotiation = TftpNegotiation::negotiate(request, m_settings.limits, -1);
    struct statvfs fs;
    const qint64 announced = setup.negotiation.tsize;
    if (!setup.negotiation.refused && announced > 0 &&
        (announced > m_settings.maxUploadBytes ||
         (::fstatvfs(dirFd, &fs) == 0 && announced > qint64(fs.f_bavail) * qint64(fs.f_frsize)))) {
        ::close(dirFd);
        refuse(setup.peer, local, setup.path, true, TftpErrorCode::DiskFull, "Not enough space for the file",
               TftpFailure::DiskFull,
               QStringLiteral("the client announced %1 bytes, more than there is room for").arg(announced));
        return;
    }
    if (setup.negotiation.refused) {
        ::close(dirFd);
        refuse(setup.peer, local, setup.path, true, TftpErrorCode::OptionRefused, setup.negotiation.refusal,
               TftpFailure::OptionRefused, QString::fromUtf8(setup.negotiation.refusal));
        return;
    }
    QString error;
    setup.fd = openTransferSocket(local, &error);
    if (setup.fd < 0) {
        ::close(dirFd);
        refuse(setup.peer, local, setup.path, true, TftpErrorCode::NotDefined, "Server error", TftpFailure::ServerError,
               error);
        return;
    }
    launch(std::make_unique<TftpWriteTransfer>(std::move(setup), observer(), dirFd, fileName), now);
}

void TftpService::launch(std::unique_ptr<TftpTransfer> transfer, TftpTransfer::Clock::time_point now)
{
    QString error;
    const int fd = transfer->fd();
    if (!m_reactor->add(fd, &error)) {
        transfer->abort(error);
        return;
    }
    publish(tftpevents::started(*transfer));
    TftpTransfer *t = transfer.get();
    m_transfers.emplace(fd, std::move(transfer));
    m_activeTransfers = int(m_transfers.size());
    m_reactor->setTicking(true);
    t->start(now);
}

bool TftpService::handOffNext() const
{
    return m_second && m_second->transfers() < int(m_transfers.size());
}

void TftpService::handOff(std::unique_ptr<TftpTransfer> transfer)
{
    publish(tftpevents::started(*transfer));
    m_handedOff.push_back({transfer->peer(), transfer->request(), transfer->settledFlag()});
    m_second->adopt(std::move(transfer));
}

bool TftpService::isRepeatedRequest(const TftpEndpoint &from, QByteArrayView bytes)
{
    for (const auto &entry : m_transfers) {
        const TftpTransfer &t = *entry.second;
        if (t.isRunning() && t.awaitingFirstAnswer() && t.peer() == from && t.request() == bytes)
            return true;
    }
    std::erase_if(m_handedOff, [](const HandedOff &h) { return h.settled->load(); });
    return std::any_of(m_handedOff.cbegin(), m_handedOff.cend(),
                       [&](const HandedOff &h) { return h.peer == from && h.request == bytes; });
}

void TftpService::refuse(const TftpEndpoint &to, const QHostAddress &local, const QString &path, bool upload,
                         TftpErrorCode code, const QByteArray &message, TftpFailure failure, const QString &reason)
{
    const QByteArray packet = TftpPacket::encodeError(code, message);
    // From a fresh port like any answer to a request (clients lock onto the port that answers).
    QString error;
    const int fd = openTransferSocket(local, &error);
    tftpsocket::sendTo(fd >= 0 ? fd : m_listenFd, to, packet.constData(), packet.size());
    tftpsocket::closeFd(fd);
    publish(tftpevents::refused(to, path, upload, failure, reason));
}

int TftpService::openTransferSocket(const QHostAddress &local, QString *error) const
{
    return tftpsocket::openBound(TftpEndpoint::fromAddress(local, 0), m_config.interfaceName, error);
}

std::shared_ptr<TftpFileHandle> TftpService::sharedHandle(const TftpOpenedFile &opened)
{
    const auto key = std::make_pair(opened.device, opened.inode);
    const auto it = m_openFiles.find(key);
    if (it != m_openFiles.end()) {
        if (std::shared_ptr<TftpFileHandle> existing = it->second.lock()) {
            if (existing->sameFile(opened.device, opened.inode, opened.size, opened.mtimeNs)) {
                ::close(opened.fd);
                return existing;
            }
        }
    }
    std::erase_if(m_openFiles, [](const auto &entry) { return entry.second.expired(); });
    auto handle = std::make_shared<TftpFileHandle>(opened.fd, opened.size, opened.device, opened.inode, opened.mtimeNs);
    m_openFiles[key] = handle;
    return handle;
}

void TftpService::transferProgress(const TftpTransfer &transfer)
{
    publish(tftpevents::progress(transfer));
}

void TftpService::transferFinished(const TftpTransfer &transfer)
{
    publish(tftpevents::finished(transfer));
}

void TftpService::transferFailed(const TftpTransfer &transfer, TftpFailure failure, const QString &reason)
{
    publish(tftpevents::failed(transfer, failure, reason));
}

} // namespace bootbench
