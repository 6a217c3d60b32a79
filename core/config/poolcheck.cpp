#include "config/poolcheck.h"

namespace bootbench {

namespace {
bool ipv4(const QString &text, QHostAddress *address)
{
    // Four numbers: "10.0.0" would be read as 10.0.0.0.
    const QString t = text.trimmed();
    return t.count(QLatin1Char('.')) == 3 && address->setAddress(t) &&
           address->protocol() == QAbstractSocket::IPv4Protocol;
}
} // namespace

PoolProblem checkPool(const QString &first, const QString &last)
{
    if (first.trimmed().isEmpty() || last.trimmed().isEmpty())
        return PoolProblem::Missing;
    QHostAddress a, b;
    if (!ipv4(first, &a))
        return PoolProblem::FirstNotAnAddress;
    if (!ipv4(last, &b))
        return PoolProblem::LastNotAnAddress;
    if (a.toIPv4Address() > b.toIPv4Address())
        return PoolProblem::Reversed;
    return PoolProblem::None;
}

ServiceConfig composableConfig(const ServiceConfig &wanted)
{
    ServiceConfig config = wanted;
    const bool poolUsable = !config.rangeFirst.isNull() && !config.rangeLast.isNull() &&
                            config.rangeFirst.toIPv4Address() <= config.rangeLast.toIPv4Address();
    if (config.wants(QStringLiteral("dhcp")) && !poolUsable) {
        config.services.removeAll(QStringLiteral("dhcp"));
        // Without its server the pool means nothing: it does not block the others' validation.
        config.rangeFirst = QHostAddress();
        config.rangeLast = QHostAddress();
    }
    return config;
}

QPair<QString, QString> suggestedPool(const QHostAddress &interfaceAddress)
{
    quint32 base = 0xc0000200u; // 192.0.2.0
    if (interfaceAddress.protocol() == QAbstractSocket::IPv4Protocol && !interfaceAddress.isLoopback())
        base = interfaceAddress.toIPv4Address() & 0xffffff00u;
    return {QHostAddress(base + 100).toString(), QHostAddress(base + 199).toString()};
}

} // namespace bootbench
