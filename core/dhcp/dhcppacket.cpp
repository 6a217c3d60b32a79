#include "dhcp/dhcppacket.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace bootbench::dhcp {

namespace {

constexpr quint8 kMagicCookie[4] = {99, 130, 83, 99};
constexpr int kSnameOffset = 44;
constexpr int kSnameSize = 64;
constexpr int kFileOffset = 108;
constexpr int kFileSize = 128;

quint16 readU16(const uchar *p)
{
    return qFromBigEndian<quint16>(p);
}

quint32 readU32(const uchar *p)
{
    return qFromBigEndian<quint32>(p);
}

QByteArray fieldText(const uchar *p, int size)
{
    const auto *end = static_cast<const uchar *>(std::memchr(p, 0, size_t(size)));
    return QByteArray(reinterpret_cast<const char *>(p), end ? int(end - p) : size);
}

void appendOption(std::vector<DhcpOption> &options, quint8 code, const uchar *data, int length)
{
    for (DhcpOption &o : options) {
        if (o.code == code) { // RFC 3396: instances of one option are concatenated in order
            o.data.append(reinterpret_cast<const char *>(data), length);
            return;
        }
    }
    options.push_back({code, QByteArray(reinterpret_cast<const char *>(data), length)});
}

// Parses options in [begin, begin + size). `needEnd`: the field must contain END (the main
// options field); overloaded sname/file fields may simply run to their end. `base` is the
// offset of `begin` in the datagram, for error reporting.
DecodeError parseOptions(const uchar *begin, int size, bool needEnd, int base, std::vector<DhcpOption> &options,
                         int *errorOffset)
{
    int i = 0;
    while (i < size) {
        const quint8 code = begin[i];
        if (code == opt::Pad) {
            ++i;
            continue;
        }
        if (code == opt::End)
            return DecodeError::None;
        if (i + 1 >= size) {
            *errorOffset = base + i;
            return DecodeError::OptionTruncated;
        }
        const int length = begin[i + 1];
        if (i + 2 + length > size) {
            *errorOffset = base + i;
            return DecodeError::OptionTruncated;
        }
        appendOption(options, code, begin + i + 2, length);
        i += 2 + length;
    }
    if (needEnd) {
        *errorOffset = base + size;
        return DecodeError::MissingEnd;
    }
    return DecodeError::None;
}

void putU16(QByteArray &out, int at, quint16 v)
{
    qToBigEndian<quint16>(v, out.data() + at);
}

void putU32(QByteArray &out, int at, quint32 v)
{
    qToBigEndian<quint32>(v, out.data() + at);
}

void appendEncodedOption(QByteArray &out, quint8 code, const QByteArray &data)
{
    if (data.isEmpty()) { // a zero-length option (e.g. a flag) is legal
        out.append(char(code));
        out.append(char(0));
        return;
    }
    for (qsizetype at = 0; at < data.size(); at += 255) {
        const qsizetype chunk = std::min<qsizetype>(255, data.size() - at);
        out.append(char(code));
        out.append(char(chunk));
        out.append(data.constData() + at, chunk);
    }
}

} // namespace

const QByteArray *DhcpPacket::option(quint8 code) const
{
    for (const DhcpOption &o : options) {
        if (o.code == code)
            return &o.data;
    }
    return nullptr;
}

void DhcpPacket::setOption(quint8 code, const QByteArray &data)
{
    for (DhcpOption &o : options) {
        if (o.code == code) {
            o.data = data;
            return;
        }
    }
    options.push_back({code, data});
}

void DhcpPacket::removeOption(quint8 code)
{
    options.erase(
        std::remove_if(options.begin(), options.end(), [code](const DhcpOption &o) { return o.code == code; }),
        options.end());
}

MessageType DhcpPacket::messageType() const
{
    const QByteArray *v = option(opt::MessageType);
    if (!v || v->size() != 1)
        return MessageType::None;
    const auto t = quint8(v->at(0));
    return t >= 1 && t <= 8 ? MessageType(t) : MessageType::None;
}

void DhcpPacket::setMessageType(MessageType type)
{
    setOption(opt::MessageType, QByteArray(1, char(type)));
}

DhcpPacket DhcpPacket::replyTemplate(MessageType type, quint32 serverId) const
{
    DhcpPacket r;
    r.op = kBootReply;
    r.htype = htype;
    r.hlen = hlen;
    r.xid = xid;
    r.flags = flags;
    r.giaddr = giaddr;
    r.chaddr = chaddr;
    r.setMessageType(type);
    r.setIpv4Option(opt::ServerId, serverId);
    return r;
}

std::optional<quint32> DhcpPacket::ipv4Option(quint8 code) const
{
    const QByteArray *v = option(code);
    if (!v || v->size() != 4)
        return std::nullopt;
    return readU32(reinterpret_cast<const uchar *>(v->constData()));
}

void DhcpPacket::setIpv4Option(quint8 code, quint32 address)
{
    QByteArray v(4, Qt::Uninitialized);
    putU32(v, 0, address);
    setOption(code, v);
}

std::optional<quint32> DhcpPacket::uint32Option(quint8 code) const
{
    return ipv4Option(code);
}

void DhcpPacket::setUint32Option(quint8 code, quint32 value)
{
    setIpv4Option(code, value);
}

QString DhcpPacket::mac() const
{
    if (htype != 1 || hlen != 6)
        return {};
    static const char hex[] = "0123456789abcdef";
    QString s;
    s.reserve(17);
    for (int i = 0; i < 6; ++i) {
        if (i)
            s.append(QLatin1Char(':'));
        s.append(QLatin1Char(hex[chaddr[size_t(i)] >> 4]));
        s.append(QLatin1Char(hex[chaddr[size_t(i)] & 0xf]));
    }
    return s;
}

QByteArray DhcpPacket::macBytes() const
{
    if (htype != 1 || hlen != 6)
        return {};
    return QByteArray(reinterpret_cast<const char *>(chaddr.data()), 6);
}

void DhcpPacket::setMac(const QByteArray &sixBytes)
{
    htype = 1;
    hlen = 6;
    chaddr.fill(0);
    std::memcpy(chaddr.data(), sixBytes.constData(), size_t(std::min<qsizetype>(6, sixBytes.size())));
}

DecodeResult decodeDhcpPacket(const char *data, qsizetype size)
{
    DecodeResult r;
    const auto *p = reinterpret_cast<const uchar *>(data);
    if (!data || size < kMinimumMessageSize) {
        r.error = DecodeError::TruncatedHeader;
        r.errorOffset = int(std::max<qsizetype>(0, size));
        return r;
    }
    // Datagrams are at most 64 KiB; clamp so every offset below fits an int.
    const int n = int(std::min<qsizetype>(size, 65535));
    DhcpPacket &pk = r.packet;
    pk.op = p[0];
    pk.htype = p[1];
    pk.hlen = p[2];
    pk.hops = p[3];
    if (pk.hlen > 16) {
        r.error = DecodeError::BadHardwareLength;
        r.errorOffset = 2;
        return r;
    }
    pk.xid = readU32(p + 4);
    pk.secs = readU16(p + 8);
    pk.flags = readU16(p + 10);
    pk.ciaddr = readU32(p + 12);
    pk.yiaddr = readU32(p + 16);
    pk.siaddr = readU32(p + 20);
    pk.giaddr = readU32(p + 24);
    std::memcpy(pk.chaddr.data(), p + 28, 16);
    if (std::memcmp(p + kFixedHeaderSize, kMagicCookie, 4) != 0) {
        r.error = DecodeError::BadMagicCookie;
        r.errorOffset = kFixedHeaderSize;
        return r;
    }
    pk.options.reserve(24);
    r.error = parseOptions(p + kMinimumMessageSize, n - kMinimumMessageSize, true, kMinimumMessageSize, pk.options,
                           &r.errorOffset);
    if (!r.ok())
        return r;

    // Option overload (52): 1 = file carries options, 2 = sname, 3 = both (file first, RFC 3396).
    int overload = 0;
    if (const QByteArray *o = pk.option(opt::Overload); o && o->size() == 1)
        overload = quint8(o->at(0));
    if (overload & 1) {
        r.error = parseOptions(p + kFileOffset, kFileSize, false, kFileOffset, pk.options, &r.errorOffset);
        if (!r.ok())
            return r;
    } else {
        pk.file = fieldText(p + kFileOffset, kFileSize);
    }
    if (overload & 2) {
        r.error = parseOptions(p + kSnameOffset, kSnameSize, false, kSnameOffset, pk.options, &r.errorOffset);
        if (!r.ok())
            return r;
    } else {
        pk.sname = fieldText(p + kSnameOffset, kSnameSize);
    }
    return r;
}

QByteArray encodeDhcpPacket(const DhcpPacket &pk)
{
    QByteArray out(kMinimumMessageSize, '\0');
    out.reserve(576);
    out[0] = char(pk.op);
    out[1] = char(pk.htype);
    out[2] = char(std::min<quint8>(pk.hlen, 16));
    out[3] = char(pk.hops);
    putU32(out, 4, pk.xid);
    putU16(out, 8, pk.secs);
    putU16(out, 10, pk.flags);
    putU32(out, 12, pk.ciaddr);
    putU32(out, 16, pk.yiaddr);
    putU32(out, 20, pk.siaddr);
    putU32(out, 24, pk.giaddr);
    std::memcpy(out.data() + 28, pk.chaddr.data(), 16);
    // sname / file are NUL-terminated when they fit, truncated to the field otherwise.
    std::memcpy(out.data() + kSnameOffset, pk.sname.constData(), size_t(std::min<qsizetype>(pk.sname.size(), 63)));
    std::memcpy(out.data() + kFileOffset, pk.file.constData(), size_t(std::min<qsizetype>(pk.file.size(), 127)));
    std::memcpy(out.data() + kFixedHeaderSize, kMagicCookie, 4);
    if (const QByteArray *t = pk.option(opt::MessageType))
        appendEncodedOption(out, opt::MessageType, *t);
    for (const DhcpOption &o : pk.options) {
        if (o.code != opt::MessageType && o.code != opt::Pad && o.code != opt::End && o.code != opt::Overload)
            appendEncodedOption(out, o.code, o.data);
    }
    out.append(char(opt::End));
    if (out.size() < kBootpMinimumSize)
        out.append(kBootpMinimumSize - out.size(), '\0');
    return out;
}

QString decodeErrorText(DecodeError error)
{
    switch (error) {
    case DecodeError::None: return QStringLiteral("no error");
    case DecodeError::TruncatedHeader: return QStringLiteral("shorter than a DHCP header (240 bytes)");
    case DecodeError::BadHardwareLength: return QStringLiteral("hardware address length above 16");
    case DecodeError::BadMagicCookie: return QStringLiteral("wrong magic cookie (plain BOOTP or not DHCP)");
    case DecodeError::OptionTruncated: return QStringLiteral("an option runs past the end of the packet");
    case DecodeError::MissingEnd: return QStringLiteral("the options have no END marker");
    }
    return QStringLiteral("unknown error");
}

QString messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::None: return QStringLiteral("BOOTP");
    case MessageType::Discover: return QStringLiteral("DHCPDISCOVER");
    case MessageType::Offer: return QStringLiteral("DHCPOFFER");
    case MessageType::Request: return QStringLiteral("DHCPREQUEST");
    case MessageType::Decline: return QStringLiteral("DHCPDECLINE");
    case MessageType::Ack: return QStringLiteral("DHCPACK");
    case MessageType::Nak: return QStringLiteral("DHCPNAK");
    case MessageType::Release: return QStringLiteral("DHCPRELEASE");
    case MessageType::Inform: return QStringLiteral("DHCPINFORM");
    }
    return QStringLiteral("DHCP type %1").arg(int(type));
}

QString ipv4Text(quint32 a)
{
    QString s;
    s.reserve(15);
    for (int shift = 24; shift >= 0; shift -= 8) {
        s += QString::number((a >> shift) & 0xff);
        if (shift)
            s += QLatin1Char('.');
    }
    return s;
}

} // namespace bootbench::dhcp
