#include "dhcp/dhcpportarbiter.h"

namespace bootbench {

void DhcpPortArbiter::setServerHolds(bool holds)
{
    if (m_serverHolds.exchange(holds, std::memory_order_acq_rel) != holds)
        emit serverHoldsChanged(holds);
}

} // namespace bootbench
