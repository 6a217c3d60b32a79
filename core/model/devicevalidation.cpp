#include "model/devicevalidation.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace bootbench {

namespace {
bool parseIpv4(const QString &text, quint32 *out)
{
    static const QRegularExpression dotted(QStringLiteral("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$"));
    if (!dotted.match(text).hasMatch())
        return false;
    bool ok = false;
    const QHostAddress a(text);
    const quint32 v = a.toIPv4Address(&ok);
    if (!ok)
        return false;
    if (out)
        *out = v;
    return true;
}
} // namespace

bool isValidHostName(const QString &name)
{
    if (name.isEmpty() || name.size() > 253)
        return false;
    static const QRegularExpression label(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    for (const QString &l : name.split(QLatin1Char('.'))) {
        if (!label.match(l).hasMatch())
            return false;
    }
    return true;
}

bool isValidDomainName(const QString &name)
{
    return isValidHostName(name);
}

bool parseNetmask(const QString &input, quint32 *mask)
{
    QString text = input.trimmed();
    if (text.startsWith(QLatin1Char('/')))
        text.remove(0, 1);
    bool ok = false;
    const int prefix = text.toInt(&ok);
    if (ok && !text.contains(QLatin1Char('.'))) {
        if (prefix < 0 || prefix > 32)
            return false;
        *mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
        return true;
    }
    quint32 v = 0;
    if (!parseIpv4(text, &v))
        return false;
    // Contiguous ones from the top: ~v + 1 is a power of two (or 0 for 255.255.255.255).
    const quint32 inverted = ~v;
    if ((inverted & (inverted + 1)) != 0)
        return false;
    *mask = v;
    return true;
}

QStringList splitDnsServers(const QString &text)
{
    static const QRegularExpression sep(QStringLiteral("[,;\\s]+"));
    return text.split(sep, Qt::SkipEmptyParts);
}

QList<DeviceProblem> validateImageSafe(const ImageSafeData &d)
{
    QList<DeviceProblem> out;
    quint32 ip = 0, mask = 0, gateway = 0;
    bool haveIp = false, haveMask = false;
    if (!d.useDhcp) {
        if (d.ip.trimmed().isEmpty())
            out.append({DeviceProblemCode::IpMissing, QStringLiteral("ip"), {}});
        else if (!(haveIp = parseIpv4(d.ip.trimmed(), &ip)))
            out.append({DeviceProblemCode::IpInvalid, QStringLiteral("ip"), d.ip});
        if (d.mask.trimmed().isEmpty())
            out.append({DeviceProblemCode::MaskMissing, QStringLiteral("mask"), {}});
        else if (!(haveMask = parseNetmask(d.mask, &mask)))
            out.append({DeviceProblemCode::MaskInvalid, QStringLiteral("mask"), d.mask});
        if (!d.gateway.trimmed().isEmpty()) {
            if (!parseIpv4(d.gateway.trimmed(), &gateway))
                out.append({DeviceProblemCode::GatewayInvalid, QStringLiteral("gateway"), d.gateway});
            else if (haveIp && haveMask && (gateway & mask) != (ip & mask))
                out.append({DeviceProblemCode::GatewayOutsideSubnet, QStringLiteral("gateway"), d.gateway});
        }
    }
    for (const QString &s : d.dnsServers) {
        if (!parseIpv4(s.trimmed(), nullptr)) {
            out.append({DeviceProblemCode::DnsServerInvalid, QStringLiteral("dnsServers"), s});
            break;
        }
    }
    if (!d.hostName.isEmpty() && !isValidHostName(d.hostName))
        out.append({DeviceProblemCode::HostNameInvalid, QStringLiteral("hostName"), d.hostName});
    if (!d.dnsSuffix.isEmpty() && !isValidDomainName(d.dnsSuffix))
        out.append({DeviceProblemCode::DnsSuffixInvalid, QStringLiteral("dnsSuffix"), d.dnsSuffix});
    return out;
}

QList<DeviceProblem> validateDevice(const Device &device)
{
    QList<DeviceProblem> out;
    const QString name = device.name;
    bool control = false;
    for (const QChar c : name)
        control = control || c.category() == QChar::Other_Control;
    if (name.trimmed().isEmpty())
        out.append({DeviceProblemCode::NameEmpty, QStringLiteral("name"), {}});
    else if (name.size() > 64)
        out.append({DeviceProblemCode::NameTooLong, QStringLiteral("name"), {}});
    else if (control || name != name.trimmed())
        out.append({DeviceProblemCode::NameInvalid, QStringLiteral("name"), {}});
    out << validateImageSafe(device.imageSafe);
    return out;
}

} // namespace bootbench
