#pragma once

#include <QObject>

#include <atomic>

namespace bootbench {

// Decides who listens on UDP port 67 when the proxyDHCP and the bench DHCP server run in the
// same process (a port is bound once per interface). The DHCP server has priority: while it runs,
// its offers to PXE clients carry option 60 "PXEClient" and no boot file, so the clients come to
// the proxy on port 4011 (figures 1-2, 1-3) and the proxy has nothing to do on 67. Whenever the
// server does not hold the port (not started yet, stopped, refused because another DHCP server
// answered its probe) the proxy listens on 67 itself: variant A.
//
// Both sockets on 67 are opened with SO_REUSEADDR when an arbiter is shared, so the hand-over
// never fails on a socket the other thread has not closed yet; during that moment the proxy drops
// what arrives on its port-67 socket. Thread-safe; the proxy follows serverHoldsChanged() on its
// own thread.
class DhcpPortArbiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DhcpPortArbiter)

public:
    DhcpPortArbiter() = default;
    bool serverHolds() const { return m_serverHolds.load(std::memory_order_acquire); }
    // Called by the DHCP server service on its thread before it binds 67 / after it closed it.
    void setServerHolds(bool holds);

signals:
    void serverHoldsChanged(bool holds);

private:
    std::atomic<bool> m_serverHolds{false};
};

} // namespace bootbench
