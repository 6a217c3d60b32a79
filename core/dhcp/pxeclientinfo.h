#pragma once

#include "dhcp/dhcppacket.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace bootbench::dhcp {

// Client architecture codes (RFC 4578 option 93, IANA registry) that matter on a bench.
namespace arch {
constexpr quint16 BiosX86 = 0;
constexpr quint16 EfiIa32 = 6;
constexpr quint16 EfiBc = 7; // what most x64 UEFI firmware sends
constexpr quint16 EfiX64 = 9;
constexpr quint16 EfiArm32 = 10;
constexpr quint16 EfiArm64 = 11;
constexpr quint16 EfiX64Http = 16;
} // namespace arch

// The PXE facts of a client's request, read liberally: any field may be absent or odd.
struct PxeClientInfo
{
    QByteArray vendorClass; // option 60 as sent, e.g. "PXEClient:Arch:00007:UNDI:003000"
    QList<quint16> archs;   // option 93 (a list: RFC 4578 allows several)
    bool hasNdi = false;    // option 94
    quint8 ndiType = 0;     // 1 = UNDI
    quint8 ndiMajor = 0;
    quint8 ndiMinor = 0;
    QByteArray guid;               // option 97 as sent (normally 17 bytes, first 0)
    QList<QByteArray> userClasses; // option 77, RFC 3004 list or iPXE's plain string
    bool hasIpxeOptions = false;   // option 175
    int discoveryControl = -1;     // option 43 sub-option 6, -1 when absent
    bool hasBootItem = false;      // option 43 sub-option 71
    quint16 bootItemType = 0;
    quint16 bootItemLayer = 0;

    // The architecture to serve: the first of option 93, BIOS (0) when absent (PXE 2.1 clients
    // without option 93 are BIOS ROMs).
    quint16 arch() const { return archs.isEmpty() ? arch::BiosX86 : archs.first(); }
    bool isIpxe() const; // user class "iPXE" or option 175
    bool hasVendorPrefix(const QString &prefix) const;
    QString guidText() const; // 8-4-4-4-12 hex of the 16 GUID bytes; empty when absent
    QString userClassText() const;
    QString summary() const; // one line for events: arch, GUID, vendor class, user class
};

PxeClientInfo pxeClientInfo(const DhcpPacket &packet);

// Option 43 PXE sub-options (PXE 2.1 §2.4.7): code/length/value, PAD 0, END 255. Stops at the
// first malformed sub-option.
struct PxeSubOption
{
    quint8 code = 0;
    QByteArray data;
};
QList<PxeSubOption> parsePxeSubOptions(const QByteArray &option43);

// "EFI BC" etc.; "architecture N" for codes without a name.
QString archName(quint16 code);

} // namespace bootbench::dhcp
