#include "dhcp/pxeclientinfo.h"

#include <QStringList>
#include <QtEndian>

namespace bootbench::dhcp {

namespace {

QList<QByteArray> parseUserClasses(const QByteArray &raw)
{
    if (raw.isEmpty())
        return {};
    // iPXE sends the bare string "iPXE"; RFC 3004 is a list of length-prefixed strings. Accept the
    // RFC form only when it covers the option exactly.
    QList<QByteArray> list;
    qsizetype i = 0;
    while (i < raw.size()) {
        const int len = quint8(raw.at(i));
        if (len == 0 || i + 1 + len > raw.size())
            return {raw};
        list << raw.mid(i + 1, len);
        i += 1 + len;
    }
    return list;
}

} // namespace

QList<PxeSubOption> parsePxeSubOptions(const QByteArray &option43)
{
    QList<PxeSubOption> out;
    const auto *p = reinterpret_cast<const uchar *>(option43.constData());
    const qsizetype n = option43.size();
    qsizetype i = 0;
    while (i < n) {
        const quint8 code = p[i];
        if (code == 0) {
            ++i;
            continue;
        }
        if (code == 255 || i + 1 >= n)
            break;
        const int len = p[i + 1];
        if (i + 2 + len > n)
            break;
        out.append({code, option43.mid(i + 2, len)});
        i += 2 + len;
    }
    return out;
}

PxeClientInfo pxeClientInfo(const DhcpPacket &packet)
{
    PxeClientInfo info;
    if (const QByteArray *v = packet.option(opt::VendorClass))
        info.vendorClass = *v;
    if (const QByteArray *v = packet.option(opt::ClientArch)) {
        const auto *p = reinterpret_cast<const uchar *>(v->constData());
        for (qsizetype i = 0; i + 1 < v->size(); i += 2)
            info.archs << qFromBigEndian<quint16>(p + i);
    }
    if (const QByteArray *v = packet.option(opt::ClientNdi); v && v->size() >= 3) {
        info.hasNdi = true;
        info.ndiType = quint8(v->at(0));
        info.ndiMajor = quint8(v->at(1));
        info.ndiMinor = quint8(v->at(2));
    }
    if (const QByteArray *v = packet.option(opt::ClientGuid))
        info.guid = *v;
    if (const QByteArray *v = packet.option(opt::UserClass))
        info.userClasses = parseUserClasses(*v);
    info.hasIpxeOptions = packet.hasOption(opt::Ipxe);
    if (const QByteArray *v = packet.option(opt::VendorSpecific)) {
        for (const PxeSubOption &s : parsePxeSubOptions(*v)) {
            if (s.code == 6 && s.data.size() >= 1) {
                info.discoveryControl = quint8(s.data.at(0));
            } else if (s.code == 71 && s.data.size() >= 4) {
                info.hasBootItem = true;
                const auto *p = reinterpret_cast<const uchar *>(s.data.constData());
                info.bootItemType = qFromBigEndian<quint16>(p);
                info.bootItemLayer = qFromBigEndian<quint16>(p + 2);
            }
        }
    }
    return info;
}

bool PxeClientInfo::isIpxe() const
{
    if (hasIpxeOptions)
        return true;
    for (const QByteArray &c : userClasses) {
        if (c == "iPXE")
            return true;
    }
    return false;
}

bool PxeClientInfo::hasVendorPrefix(const QString &prefix) const
{
    return !prefix.isEmpty() && vendorClass.startsWith(prefix.toLatin1());
}

QString PxeClientInfo::guidText() const
{
    if (guid.isEmpty())
        return {};
    // Type byte 0 then 16 bytes; print the bytes as sent (firmware disagrees on the byte order).
    const qsizetype skip = guid.size() == 17 ? 1 : 0;
    static const char hex[] = "0123456789abcdef";
    QString text;
    text.reserve(40);
    for (qsizetype i = skip; i < guid.size(); ++i) {
        const qsizetype at = i - skip;
        if (guid.size() - skip == 16 && (at == 4 || at == 6 || at == 8 || at == 10))
            text.append(QLatin1Char('-'));
        const auto b = quint8(guid.at(i));
        text.append(QLatin1Char(hex[b >> 4]));
        text.append(QLatin1Char(hex[b & 0xf]));
    }
    return text;
}

QString PxeClientInfo::userClassText() const
{
    QStringList parts;
    for (const QByteArray &c : userClasses)
        parts << QString::fromLatin1(c);
    return parts.join(QLatin1Char(','));
}

QString PxeClientInfo::summary() const
{
    // Built by appending: this runs for every PXE DISCOVER, at up to tens of thousands a second.
    QString text;
    text.reserve(160);
    text +=
        QLatin1String("arch=") + QString::number(arch()) + QLatin1String(" (") + archName(arch()) + QLatin1Char(')');
    if (!guid.isEmpty())
        text += QLatin1String(" guid=") + guidText();
    if (!vendorClass.isEmpty())
        text += QLatin1String(" vendor-class=\"") + QLatin1String(vendorClass) + QLatin1Char('"');
    if (!userClasses.isEmpty())
        text += QLatin1String(" user-class=\"") + userClassText() + QLatin1Char('"');
    if (hasNdi)
        text += QLatin1String(" undi=") + QString::number(ndiMajor) + QLatin1Char('.') + QString::number(ndiMinor);
    if (hasIpxeOptions)
        text += QLatin1String(" ipxe-options");
    return text;
}

QString archName(quint16 code)
{
    switch (code) {
    case 0: return QStringLiteral("BIOS x86");
    case 1: return QStringLiteral("NEC PC98");
    case 2: return QStringLiteral("Itanium");
    case 6: return QStringLiteral("EFI IA32");
    case 7: return QStringLiteral("EFI BC x64");
    case 9: return QStringLiteral("EFI x86-64");
    case 10: return QStringLiteral("EFI ARM32");
    case 11: return QStringLiteral("EFI ARM64");
    case 15: return QStringLiteral("x86 UEFI HTTP");
    case 16: return QStringLiteral("x64 UEFI HTTP");
    case 18: return QStringLiteral("ARM32 UEFI HTTP");
    case 19: return QStringLiteral("ARM64 UEFI HTTP");
    default: return QStringLiteral("architecture %1").arg(code);
    }
}

} // namespace bootbench::dhcp
