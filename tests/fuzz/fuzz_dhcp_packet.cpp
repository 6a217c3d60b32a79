// libFuzzer target for the DHCP codec: decoding never reads outside the datagram, and whatever
// decodes re-encodes into something that decodes again with the same options.
#include "dhcp/dhcppacket.h"
#include "dhcp/pxeclientinfo.h"

#include <cstdint>
#include <cstdlib>

using namespace bootbench::dhcp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const DecodeResult r = decodeDhcpPacket(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!r.ok()) {
        if (decodeErrorText(r.error).isEmpty() || r.errorOffset < 0 || size_t(r.errorOffset) > size)
            std::abort();
        return 0;
    }
    const PxeClientInfo info = pxeClientInfo(r.packet);
    (void)info.summary();
    (void)info.isIpxe();
    (void)r.packet.mac();
    (void)messageTypeName(r.packet.messageType());
    const QByteArray wire = encodeDhcpPacket(r.packet);
    const DecodeResult again = decodeDhcpPacket(wire);
    if (!again.ok() || again.packet.hasOption(opt::Overload))
        std::abort();
    const size_t expected = r.packet.options.size() - (r.packet.hasOption(opt::Overload) ? 1 : 0);
    if (again.packet.options.size() != expected)
        std::abort();
    for (const DhcpOption &o : r.packet.options) {
        if (o.code == opt::Overload)
            continue; // the encoder never overloads: it drops 52
        const QByteArray *v = again.packet.option(o.code);
        if (!v || *v != o.data)
            std::abort();
    }
    return 0;
}
