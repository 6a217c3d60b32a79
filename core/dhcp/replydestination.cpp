#include "dhcp/replydestination.h"

namespace bootbench::dhcp {

ReplyDestination replyDestination(const DhcpPacket &request, MessageType replyType, quint32 sourceAddress,
                                  quint16 sourcePort, bool arrivedOnPxePort, quint16 clientPort, quint16 serverPort)
{
    constexpr quint32 kBroadcast = 0xffffffffu;
    if (request.giaddr != 0)
        return {request.giaddr, serverPort};
    if (arrivedOnPxePort) {
        if (sourceAddress != 0 && sourceAddress != kBroadcast && sourcePort != 0)
            return {sourceAddress, sourcePort};
        return {kBroadcast, clientPort};
    }
    if (replyType == MessageType::Nak)
        return {kBroadcast, clientPort};
    if (request.ciaddr != 0)
        return {request.ciaddr, clientPort};
    return {kBroadcast, clientPort};
}

} // namespace bootbench::dhcp
