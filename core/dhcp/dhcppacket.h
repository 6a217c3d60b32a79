#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace bootbench::dhcp {

// DHCP message types (RFC 2132 option 53).
enum class MessageType : quint8 {
    None = 0, // no option 53: plain BOOTP, or not set yet
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
};

// Option codes used by Bootbench (RFC 2132, RFC 4578, iPXE).
namespace opt {
constexpr quint8 Pad = 0;
constexpr quint8 SubnetMask = 1;
constexpr quint8 Router = 3;
constexpr quint8 DomainNameServer = 6;
constexpr quint8 HostName = 12;
constexpr quint8 DomainName = 15;
constexpr quint8 BroadcastAddress = 28;
constexpr quint8 VendorSpecific = 43;
constexpr quint8 RequestedAddress = 50;
constexpr quint8 LeaseTime = 51;
constexpr quint8 Overload = 52;
constexpr quint8 MessageType = 53;
constexpr quint8 ServerId = 54;
constexpr quint8 ParameterList = 55;
constexpr quint8 Message = 56;
constexpr quint8 MaxMessageSize = 57;
constexpr quint8 RenewalTime = 58;
constexpr quint8 RebindingTime = 59;
constexpr quint8 VendorClass = 60;
constexpr quint8 ClientId = 61;
constexpr quint8 TftpServerName = 66;
constexpr quint8 BootFileName = 67;
constexpr quint8 UserClass = 77;
constexpr quint8 ClientArch = 93;
constexpr quint8 ClientNdi = 94;
constexpr quint8 ClientGuid = 97;
constexpr quint8 Ipxe = 175; // iPXE's encapsulated options: sent only by iPXE
constexpr quint8 End = 255;
} // namespace opt

constexpr quint8 kBootRequest = 1;
constexpr quint8 kBootReply = 2;
constexpr quint16 kBroadcastFlag = 0x8000;
constexpr int kFixedHeaderSize = 236;    // op .. file
constexpr int kMinimumMessageSize = 240; // fixed header + magic cookie
constexpr int kBootpMinimumSize = 300;   // replies are padded to this (RFC 951 clients expect it)

struct DhcpOption
{
    quint8 code = 0;
    QByteArray data;
};

// One BOOTP/DHCP message. Addresses are IPv4 in host byte order (0: unset).
struct DhcpPacket
{
    quint8 op = kBootRequest;
    quint8 htype = 1; // Ethernet
    quint8 hlen = 6;
    quint8 hops = 0;
    quint32 xid = 0;
    quint16 secs = 0;
    quint16 flags = 0;
    quint32 ciaddr = 0;
    quint32 yiaddr = 0;
    quint32 siaddr = 0;
    quint32 giaddr = 0;
    std::array<quint8, 16> chaddr{};
    QByteArray sname; // without trailing NULs; empty when the field carried options (overload)
    QByteArray file;  // idem
    // In wire order. A code appears once: repeated instances are concatenated (RFC 3396), which
    // is also how the encoder splits values longer than 255 bytes.
    std::vector<DhcpOption> options;

    const QByteArray *option(quint8 code) const;
    bool hasOption(quint8 code) const { return option(code) != nullptr; }
    void setOption(quint8 code, const QByteArray &data); // replaces, keeps the position
    void removeOption(quint8 code);

    MessageType messageType() const; // None when option 53 is absent or malformed
    void setMessageType(MessageType type);
    // The start of an answer to this request (RFC 2131 table 3): BOOTREPLY with the request's
    // hardware type and address, xid, flags and relay address; message type and server identifier set.
    DhcpPacket replyTemplate(MessageType type, quint32 serverId) const;
    std::optional<quint32> ipv4Option(quint8 code) const; // exactly 4 bytes, else nullopt
    void setIpv4Option(quint8 code, quint32 address);
    std::optional<quint32> uint32Option(quint8 code) const;
    void setUint32Option(quint8 code, quint32 value);

    bool broadcastRequested() const { return (flags & kBroadcastFlag) != 0; }
    // "aa:bb:cc:dd:ee:ff" for Ethernet (htype 1, hlen 6), else empty.
    QString mac() const;
    QByteArray macBytes() const; // 6 bytes, or empty when not Ethernet
    void setMac(const QByteArray &sixBytes);
};

enum class DecodeError {
    None,
    TruncatedHeader,   // shorter than the 236-byte fixed header + 4-byte cookie
    BadHardwareLength, // hlen > 16
    BadMagicCookie,    // not 99.130.83.99: plain BOOTP or not DHCP at all
    OptionTruncated,   // an option's length runs past the end of its field
    MissingEnd,        // the options field has no END (255)
};

struct DecodeResult
{
    DhcpPacket packet;
    DecodeError error = DecodeError::None;
    int errorOffset = -1; // byte offset in the datagram where decoding stopped, when it failed
    bool ok() const { return error == DecodeError::None; }
};

// Bytes in, struct out. Never reads outside [data, data + size). Options overloaded into sname /
// file (option 52) are parsed from those fields, bounded by the field.
DecodeResult decodeDhcpPacket(const char *data, qsizetype size);
inline DecodeResult decodeDhcpPacket(const QByteArray &datagram)
{
    return decodeDhcpPacket(datagram.constData(), datagram.size());
}

// Struct out, bytes in: header, magic cookie, option 53 first, every other option in order (split
// into 255-byte instances when longer), END, padded with zeros to 300 bytes.
QByteArray encodeDhcpPacket(const DhcpPacket &packet);

QString decodeErrorText(DecodeError error); // for debug events, e.g. "wrong magic cookie"
QString messageTypeName(MessageType type);  // "DHCPDISCOVER", …
QString ipv4Text(quint32 address);          // "192.0.2.1"

} // namespace bootbench::dhcp
