#pragma once

#include "config/serviceconfig.h"
#include "dhcp/dhcpinterface.h"
#include "services/networkservice.h"

#include <QElapsedTimer>

#include <atomic>
#include <memory>

namespace bootbench {

class AddressBook;
class DhcpPortArbiter;
class DhcpSocket;
namespace dhcp {
class ProxyResponder;
}

// proxyDHCP (service name "proxydhcp"): answers PXE clients on UDP 67 (variant A proxy offers)
// and on UDP 4011 (boot file ACKs, variants A and B), on the chosen interface only. Refuses to
// start without a chosen interface. Shares port 67 with the bench DHCP server through a
// DhcpPortArbiter (see there); learns MAC ↔ IP into an AddressBook.
class ProxyDhcpService final : public NetworkService
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyDhcpService)

public:
    ProxyDhcpService(const ServiceConfig &config, EventStream *events,
                     std::shared_ptr<DhcpPortArbiter> arbiter = nullptr, std::shared_ptr<AddressBook> book = nullptr);
    ~ProxyDhcpService() override;

    // Thread-safe: whether the proxy currently listens on config.dhcpPort.
    bool listensOnDhcpPort() const { return m_on67.load(); }
    quint64 answered() const { return m_answered.load(); }

signals:
    void dhcpPortListeningChanged(bool listening);

protected:
    bool startService(QString *error) override;
    void stopService() override;

private:
    enum class Socket { Dhcp, Pxe };
    void onDatagram(Socket which, const char *data, qsizetype size, quint32 from, quint16 fromPort);
    void onClientPortDatagram(const char *data, qsizetype size, quint32 from);
    void followServer(bool serverHolds);
    bool openDhcpPort(QString *error);
    void closeDhcpPort();
    void flushEvents();

    const ServiceConfig m_config;
    const std::shared_ptr<DhcpPortArbiter> m_arbiter;
    const std::shared_ptr<AddressBook> m_book;
    DhcpInterface m_iface;
    std::unique_ptr<dhcp::ProxyResponder> m_responder;
    std::unique_ptr<DhcpSocket> m_dhcp;
    std::unique_ptr<DhcpSocket> m_pxe;
    std::unique_ptr<DhcpSocket> m_watch;
    QMetaObject::Connection m_arbiterConnection;
    BootEventBatch m_batch;
    QElapsedTimer m_clock;
    std::atomic<bool> m_on67{false};
    std::atomic<quint64> m_answered{0};
};

} // namespace bootbench
