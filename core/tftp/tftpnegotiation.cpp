#include "tftp/tftpnegotiation.h"

#include <algorithm>

namespace bootbench {

namespace {

// A decimal number of at most 18 digits, nothing else (no sign, no spaces). -1 otherwise.
qint64 parseNumber(const QByteArray &value)
{
    if (value.isEmpty() || value.size() > 18)
        return -1;
    qint64 n = 0;
    for (char c : value) {
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

} // namespace

TftpNegotiation TftpNegotiation::negotiate(const TftpPacket &request, const TftpLimits &limits, qint64 fileSize)
{
    TftpNegotiation n;
    const bool read = request.opcode == TftpOpcode::Rrq;
    const int maxBlksize = std::clamp(limits.maxBlksize, kMinBlksize, kMaxBlksize);
    const int maxWindow = std::clamp(limits.maxWindowsize, 1, 65535);
    for (const TftpOption &o : request.options) {
        const qint64 value = parseNumber(o.value);
        if (o.name == "blksize") {
            if (!limits.blksizeNegotiation)
                continue; // switched off: plain 512-byte blocks, no OACK entry
            if (value < kMinBlksize) {
                // RFC 2348 allows 8..65464; a smaller or non-numeric value cannot be honoured.
                n.refused = true;
                n.refusal = "blksize \"" + o.value.left(32) + "\" is not a number from 8 to 65464";
                return n;
            }
            n.blksize = int(std::min<qint64>(value, maxBlksize)); // the server may answer smaller
            n.oack.append({o.name, QByteArray::number(n.blksize)});
        } else if (o.name == "tsize") {
            if (value < 0)
                continue;
            if (read) {
                if (fileSize < 0)
                    continue; // size not known in advance (netascii): leave the option out
                n.tsize = fileSize;
            } else {
                n.tsize = value;
            }
            n.oack.append({o.name, QByteArray::number(n.tsize)});
        } else if (o.name == "timeout") {
            if (value < 1 || value > 255)
                continue; // RFC 2349: 1..255 seconds; anything else is not acknowledged
            n.timeoutSeconds = int(value);
            n.oack.append({o.name, QByteArray::number(value)});
        } else if (o.name == "windowsize") {
            if (value < 1 || value > 65535)
                continue; // RFC 7440: 1..65535
            n.windowsize = int(std::min<qint64>(value, maxWindow));
            n.oack.append({o.name, QByteArray::number(n.windowsize)});
        }
        // Unknown options are ignored (RFC 2347).
    }
    return n;
}

QString TftpNegotiation::summary() const
{
    QStringList parts;
    parts << QStringLiteral("blksize=%1").arg(blksize);
    if (windowsize > 1)
        parts << QStringLiteral("windowsize=%1").arg(windowsize);
    if (tsize >= 0)
        parts << QStringLiteral("tsize=%1").arg(tsize);
    if (timeoutSeconds > 0)
        parts << QStringLiteral("timeout=%1").arg(timeoutSeconds);
    return parts.join(QLatin1Char(' '));
}

} // namespace bootbench
