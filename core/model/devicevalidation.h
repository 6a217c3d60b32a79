#pragma once

#include "model/device.h"

#include <QList>
#include <QString>

namespace bootbench {

// What is wrong with a device's editable fields, field by field (codes: the GUI words them).
enum class DeviceProblemCode : int {
    NameEmpty = 0,
    NameTooLong, // over 64 characters
    NameInvalid, // control characters, or blanks at either end
    IpInvalid,   // static address: not an IPv4 address
    IpMissing,   // static address without one
    MaskInvalid, // not a contiguous IPv4 netmask (or prefix length /0../32)
    MaskMissing, // static address without one
    GatewayInvalid,
    GatewayOutsideSubnet,
    DnsServerInvalid, // args: the text
    HostNameInvalid,  // RFC 1123 labels: letters, digits, '-', 1..63 each, 253 in all
    DnsSuffixInvalid,
};

struct DeviceProblem
{
    DeviceProblemCode code = DeviceProblemCode::NameEmpty;
    QString field; // "name", "ip", "mask", "gateway", "dnsServers", "hostName", "dnsSuffix"
    QString detail;
    friend bool operator==(const DeviceProblem &, const DeviceProblem &) = default;
};

// Name and image-safe data. A device needs a name; static addressing needs IP and mask.
QList<DeviceProblem> validateDevice(const Device &device);
QList<DeviceProblem> validateImageSafe(const ImageSafeData &data);

bool isValidHostName(const QString &name);
bool isValidDomainName(const QString &name);
// "255.255.255.0" or "24" / "/24"; false for anything else.
bool parseNetmask(const QString &text, quint32 *mask);
// DNS servers as typed: separated by commas, semicolons or blanks.
QStringList splitDnsServers(const QString &text);

} // namespace bootbench
