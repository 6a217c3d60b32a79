// libFuzzer target for the TFTP request path: the packet decoder, name normalisation and option
// negotiation never read outside the datagram, never crash, and keep their promises: a decoded
// packet re-encodes to one that decodes the same; a normalised name never climbs out of the root,
// never starts with "/", never holds "\" or a control character; negotiated values stay in range.
#include "tftp/tftpnegotiation.h"
#include "tftp/tftppacket.h"
#include "tftp/tftprequestname.h"

#include <cstdint>
#include <cstdlib>

using namespace bootbench;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    TftpPacket packet;
    const TftpDecodeError error = TftpPacket::decode(bytes, &packet);
    if (tftpDecodeErrorKey(error) == QLatin1String("unknown"))
        std::abort();
    TftpOpcode opcode;
    quint16 block;
    if (TftpPacket::peekHeader(bytes, &opcode, &block) != (size >= 4))
        std::abort();
    if (error != TftpDecodeError::None)
        return 0;
    if (packet.options.size() > TftpPacket::kMaxOptions)
        std::abort();

    // Round trip (ERROR messages lose everything after an embedded NUL, by design).
    TftpPacket again;
    if (TftpPacket::decode(packet.encode(), &again) != TftpDecodeError::None || again.opcode != packet.opcode ||
        again.filename != packet.filename || again.options != packet.options || again.block != packet.block ||
        again.data != packet.data)
        std::abort();

    if (!packet.isRequest())
        return 0;
    QString normalised, reason;
    if (TftpRequestName::normalise(packet.filename, &normalised, &reason)) {
        if (normalised.isEmpty() || normalised.startsWith(QLatin1Char('/')) || normalised.contains(QLatin1Char('\\')))
            std::abort();
        for (const QString &part : normalised.split(QLatin1Char('/'))) {
            if (part.isEmpty() || part == QLatin1String("..") || part == QLatin1String("."))
                std::abort();
        }
        for (const QChar c : normalised) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                std::abort();
        }
    } else if (reason.isEmpty()) {
        std::abort();
    }

    for (const bool blksizeOn : {true, false}) {
        TftpLimits limits;
        limits.blksizeNegotiation = blksizeOn;
        limits.maxBlksize = 1468;
        limits.maxWindowsize = 64;
        const TftpNegotiation n = TftpNegotiation::negotiate(packet, limits, qint64(size) * 1000);
        if (n.refused)
            continue;
        if (n.blksize < 8 || n.blksize > 1468 || (!blksizeOn && n.blksize != 512) || n.windowsize < 1 ||
            n.windowsize > 64 || n.timeoutSeconds < 0 || n.timeoutSeconds > 255 ||
            n.oack.size() > packet.options.size())
            std::abort();
        (void)n.summary();
        (void)TftpPacket::encodeOack(n.oack);
    }
    return 0;
}
