#pragma once

#include "config/serviceconfig.h"
#include "services/networkservice.h"

#include "tftp/tftpfileprovider.h"

#include <QTcpServer>

#include <atomic>
#include <memory>

namespace bootbench {

class BootFileRoutes;
class EngineRoutes;
class GrubTftpFiles;
class ImageServer;
class PolicyContext;
class PolicyHttpServer;
class PolicyRoutes;
class Store;

// The policy service ("policy"): HTTP on config.address:config.httpPort only. iPXE asks it for
// the menu settings, the menu and its work (phases 3-4, PolicyRoutes); the imaging environment
// reports to it (phase 8, EngineRoutes). Every request is read against the store's current
// configuration, so changes apply without a restart.
class PolicyService final : public NetworkService
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyService)

public:
    // With `store` null the service opens its own connection to config.policy.databaseUrl (or
    // <dataDir>/bootbench.db) on its thread. A given store must outlive the service.
    PolicyService(const ServiceConfig &config, EventStream *events, const Store *store = nullptr);
    ~PolicyService() override;

    // The port actually listened on (config.httpPort, or the one chosen for port 0); 0 when stopped.
    quint16 port() const { return m_port.load(); }
    // The image routes' port (config.policy.imagePort, or the one chosen); 0 when stopped.
    quint16 imagePort() const { return m_imagePort.load(); }
    // The virtual TFTP files of the signed GRUB chain (GrubTftpFiles): give them to the TFTP
    // service; they answer while this service runs. Thread-safe.
    std::shared_ptr<TftpFileProvider> tftpFiles() const;
    // The shipped pxemenu.txt (resource :/bootbench/pxemenu.txt when the executable has it).
    static QString defaultMenuText();

protected:
    bool startService(QString *error) override;
    void stopService() override;

private:
    ServiceConfig m_config;
    const Store *m_sharedStore;
    std::unique_ptr<Store> m_ownStore;
    std::unique_ptr<PolicyContext> m_context;
    std::unique_ptr<PolicyRoutes> m_policyRoutes;
    std::unique_ptr<EngineRoutes> m_engineRoutes;
    std::unique_ptr<PolicyHttpServer> m_http;
    std::unique_ptr<ImageServer> m_images;
    std::unique_ptr<BootFileRoutes> m_bootFiles;
    const std::shared_ptr<GrubTftpFiles> m_grubFiles;
    std::atomic<quint16> m_port{0};
    std::atomic<quint16> m_imagePort{0};
};

} // namespace bootbench
