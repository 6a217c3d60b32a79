#include "net/networkinterfaces.h"

#include <QFile>
#include <QNetworkInterface>

namespace bootbench {

namespace {
QString defaultRouteInterface()
{
    QFile f(QStringLiteral("/proc/net/route"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    f.readLine();
    while (!f.atEnd()) {
        const QList<QByteArray> cols = f.readLine().simplified().split(' ');
        if (cols.size() > 2 && cols.at(1) == "00000000")
            return QString::fromLatin1(cols.at(0));
    }
    return {};
}
} // namespace

QList<InterfaceInfo> listInterfaces()
{
    const QString uplink = defaultRouteInterface();
    QList<InterfaceInfo> out;
    const auto all = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &nic : all) {
        InterfaceInfo info;
        info.name = nic.name();
        info.mac = nic.hardwareAddress().toLower();
        info.up = nic.flags().testFlag(QNetworkInterface::IsUp);
        info.running = nic.flags().testFlag(QNetworkInterface::IsRunning);
        info.loopback = nic.flags().testFlag(QNetworkInterface::IsLoopBack);
        info.holdsDefaultRoute = !uplink.isEmpty() && nic.name() == uplink;
        for (const QNetworkAddressEntry &e : nic.addressEntries()) {
            if (e.ip().protocol() == QAbstractSocket::IPv4Protocol)
                info.ipv4 << e.ip();
        }
        out << info;
    }
    return out;
}

QHostAddress firstIpv4(const QString &interfaceName)
{
    for (const InterfaceInfo &i : listInterfaces()) {
        if (i.name == interfaceName && !i.ipv4.isEmpty())
            return i.ipv4.first();
    }
    return {};
}

QString describeInterfaces(const QList<InterfaceInfo> &interfaces)
{
    QString text;
    for (const InterfaceInfo &i : interfaces) {
        QStringList addrs;
        for (const QHostAddress &a : i.ipv4)
            addrs << a.toString();
        text += QStringLiteral("  %1  %2  %3%4%5\n")
                    .arg(i.name, -12)
                    .arg(addrs.isEmpty() ? QStringLiteral("(no IPv4)") : addrs.join(QStringLiteral(", ")), -18)
                    .arg(i.running ? QStringLiteral("link up") : QStringLiteral("no link"))
                    .arg(i.loopback ? QStringLiteral("  loopback") : QString())
                    .arg(i.holdsDefaultRoute ? QStringLiteral("  your uplink - not recommended") : QString());
    }
    return text;
}

} // namespace bootbench
