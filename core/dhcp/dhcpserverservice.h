#pragma once

#include "config/serviceconfig.h"
#include "dhcp/dhcpinterface.h"
#include "dhcp/leasestore.h"
#include "services/networkservice.h"

#include <memory>

namespace bootbench {

class AddressBook;
class DhcpPortArbiter;
class DhcpSocket;
class LeasePool;
class RouterAdvertiser;
namespace dhcp {
class DhcpServerResponder;
}

// The bench DHCP server (service name "dhcp", variant B): hands out config.rangeFirst..rangeLast
// on the chosen interface, with lease time, mask, router and DNS; PXE clients get option 60
// "PXEClient" and no boot file, and go to the proxy on port 4011. Before it starts it probes the
// interface for another DHCP server and refuses (naming its address and MAC) when one answers.
// Leases live in a LeaseStore and are honoured after a restart. Owning the segment, it also
// answers IPv6 router solicitations with "no router here" (RouterAdvertiser), so iPXE does not
// wait ~16 s for IPv6 on every boot.
class DhcpServerService final : public NetworkService
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DhcpServerService)

public:
    // `store`: null → a FileLeaseStore in config.dataDir.
    DhcpServerService(const ServiceConfig &config, EventStream *events, std::unique_ptr<LeaseStore> store = nullptr,
                      std::shared_ptr<DhcpPortArbiter> arbiter = nullptr, std::shared_ptr<AddressBook> book = nullptr);
    ~DhcpServerService() override;

protected:
    bool startService(QString *error) override;
    void stopService() override;

private:
    void onDatagram(const char *data, qsizetype size, quint32 from, quint16 fromPort);
    void flushEvents();
    bool checkPool(QString *error) const;
    void startRouterAdvertiser();

    const ServiceConfig m_config;
    std::unique_ptr<LeaseStore> m_store;
    const std::shared_ptr<DhcpPortArbiter> m_arbiter;
    const std::shared_ptr<AddressBook> m_book;
    DhcpInterface m_iface;
    quint32 m_mask = 0;
    std::unique_ptr<LeasePool> m_pool;
    std::unique_ptr<dhcp::DhcpServerResponder> m_responder;
    std::unique_ptr<DhcpSocket> m_socket;
    std::unique_ptr<RouterAdvertiser> m_advertiser;
    BootEventBatch m_batch;
};

} // namespace bootbench
