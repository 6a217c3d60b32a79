#pragma once

#include "dhcp/dhcppacket.h"

namespace bootbench::dhcp {

struct ReplyDestination
{
    quint32 address = 0; // host order; 0xffffffff: limited broadcast
    quint16 port = 0;
    bool isBroadcast() const { return address == 0xffffffffu; }
};

// Where a server reply goes (RFC 2131 §4.1), given where the request came from:
// - through a relay (giaddr set): to the relay on the server port;
// - a port-4011 request: back to its source address and port (OVMF sends from 4011 and listens
//   there); broadcast to the client port when the source has no address;
// - a NAK: broadcast; ciaddr set: unicast to ciaddr; else broadcast. (Unicast to yiaddr before
//   the client has the address would need an ARP entry injected; broadcast always works.)
ReplyDestination replyDestination(const DhcpPacket &request, MessageType replyType, quint32 sourceAddress,
                                  quint16 sourcePort, bool arrivedOnPxePort, quint16 clientPort, quint16 serverPort);

} // namespace bootbench::dhcp
