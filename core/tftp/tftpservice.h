#pragma once

#include "config/serviceconfig.h"
#include "services/networkservice.h"
#include "tftp/tftpfileprovider.h"
#include "tftp/tftppathresolver.h"
#include "tftp/tftptransfer.h"

#include <atomic>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace bootbench {

class TftpFileHandle;
class TftpReactor;
class TftpTransferThread;

// The TFTP service (issue 3): serves the files of preboot phases 2, 5, 6 and 7 from the TFTP root
// (and virtual files from registered providers), accepts uploads only into an explicitly
// configured folder, and publishes one event stream per transfer. Listens on
// config.address:config.tftpPort; each transfer gets its own socket on an ephemeral port.
class TftpService final : public NetworkService, private TftpTransferObserver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TftpService)

public:
    TftpService(const ServiceConfig &config, EventStream *events);
    ~TftpService() override;

    // Thread-safe; see TftpFileProvider.
    void addFileProvider(std::shared_ptr<TftpFileProvider> provider) { m_providers.add(std::move(provider)); }
    void removeFileProvider(const TftpFileProvider *provider) { m_providers.remove(provider); }

    // Thread-safe. The port actually listened on (config.tftpPort 0 picks a free one), 0 if stopped.
    quint16 boundPort() const { return m_boundPort.load(); }
    int activeTransfers() const { return m_activeTransfers.load() + m_handedOffTransfers.load(); }

protected:
    bool startService(QString *error) override;
    void stopService() override;

private:
    void onReady(int fd, TftpTransfer::Clock::time_point now);
    void onTick(TftpTransfer::Clock::time_point now);
    void removeFinished();
    void onRequestDatagram(QByteArrayView bytes, const TftpEndpoint &from, const QHostAddress &local,
                           TftpTransfer::Clock::time_point now);
    void onReadRequest(const TftpPacket &request, TftpTransferSetup setup, const QHostAddress &local,
                       TftpTransfer::Clock::time_point now);
    void onWriteRequest(const TftpPacket &request, TftpTransferSetup setup, const QHostAddress &local,
                        TftpTransfer::Clock::time_point now);
    void launch(std::unique_ptr<TftpTransfer> transfer, TftpTransfer::Clock::time_point now);
    // The second transfer thread takes the next read transfer when it runs fewer than this one.
    bool handOffNext() const;
    void handOff(std::unique_ptr<TftpTransfer> transfer);
    // A request that repeats one whose transfer has not heard from its client yet.
    bool isRepeatedRequest(const TftpEndpoint &from, QByteArrayView bytes);
    // Refuses a request: ERROR packet from a fresh port, plus the event.
    void refuse(const TftpEndpoint &to, const QHostAddress &local, const QString &path, bool upload, TftpErrorCode code,
                const QByteArray &message, TftpFailure failure, const QString &reason);
    int openTransferSocket(const QHostAddress &local, QString *error) const;
    std::shared_ptr<TftpFileHandle> sharedHandle(const TftpOpenedFile &opened);

    TftpTransferObserver *observer() { return this; }
    void transferProgress(const TftpTransfer &transfer) override;
    void transferFinished(const TftpTransfer &transfer) override;
    void transferFailed(const TftpTransfer &transfer, TftpFailure failure, const QString &reason) override;

    const ServiceConfig m_config;
    TftpSettings m_settings;
    TftpFileProviderRegistry m_providers;
    std::unique_ptr<TftpPathResolver> m_root;
    std::unique_ptr<TftpPathResolver> m_uploads;
    std::unique_ptr<TftpReactor> m_reactor;
    int m_listenFd = -1;
    QHostAddress m_listenAddress;
    bool m_listenAny = false;
    QByteArray m_scratch; // send buffer shared by all transfers (one thread)
    QByteArray m_receive; // request receive buffer
    std::unordered_map<int, std::unique_ptr<TftpTransfer>> m_transfers; // by socket
    std::unique_ptr<TftpTransferThread> m_second;                       // null on a single-core machine
    struct HandedOff
    {
        TftpEndpoint peer;
        QByteArray request;
        std::shared_ptr<const std::atomic<bool>> settled;
    };
    std::vector<HandedOff> m_handedOff; // transfers of m_second that may still see their request again
    std::map<std::pair<dev_t, ino_t>, std::weak_ptr<TftpFileHandle>> m_openFiles;
    std::atomic<quint16> m_boundPort{0};
    std::atomic<int> m_activeTransfers{0};
    std::atomic<int> m_handedOffTransfers{0};
};

} // namespace bootbench
