#include "model/bootevent.h"

namespace bootbench {

namespace {
constexpr const char *kSeverityKeys[] = {"debug", "info", "warning", "error"};
}

QString severityKey(BootEvent::Severity severity)
{
    const int index = static_cast<int>(severity);
    return index >= 0 && index < 4 ? QString::fromLatin1(kSeverityKeys[index]) : QStringLiteral("info");
}

BootEvent::Severity severityFromKey(const QString &key)
{
    for (int i = 0; i < 4; ++i) {
        if (key == QLatin1String(kSeverityKeys[i]))
            return static_cast<BootEvent::Severity>(i);
    }
    return BootEvent::Severity::Info;
}

QJsonObject BootEvent::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("time")] = time.toUTC().toString(Qt::ISODateWithMs);
    o[QStringLiteral("mac")] = mac;
    o[QStringLiteral("service")] = service;
    o[QStringLiteral("kind")] = kind;
    o[QStringLiteral("phase")] = static_cast<int>(phase);
    o[QStringLiteral("outcome")] = outcomeKey(outcome);
    o[QStringLiteral("severity")] = severityKey(severity);
    o[QStringLiteral("bytes")] = bytes;
    o[QStringLiteral("total")] = total;
    o[QStringLiteral("peer")] = peer;
    o[QStringLiteral("detail")] = detail;
    if (!bench.isEmpty())
        o[QStringLiteral("bench")] = bench;
    return o;
}

BootEvent BootEvent::fromJson(const QJsonObject &o)
{
    BootEvent e;
    e.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    e.time.setTimeSpec(Qt::UTC);
    e.mac = o.value(QStringLiteral("mac")).toString();
    e.service = o.value(QStringLiteral("service")).toString();
    e.kind = o.value(QStringLiteral("kind")).toString();
    e.phase = phaseFromInt(o.value(QStringLiteral("phase")).toInt());
    e.outcome = outcomeFromKey(o.value(QStringLiteral("outcome")).toString());
    e.severity = severityFromKey(o.value(QStringLiteral("severity")).toString());
    e.bytes = o.value(QStringLiteral("bytes")).toInteger();
    e.total = o.value(QStringLiteral("total")).toInteger();
    e.peer = o.value(QStringLiteral("peer")).toString();
    e.detail = o.value(QStringLiteral("detail")).toString();
    e.bench = o.value(QStringLiteral("bench")).toString();
    return e;
}

QString BootEvent::toLogLine() const
{
    QString line = time.toUTC().toString(Qt::ISODateWithMs) + QLatin1Char(' ') + service + QLatin1Char(' ') + kind;
    if (phase != Phase::None)
        line += QStringLiteral(" phase=") + QString::number(static_cast<int>(phase));
    if (outcome != Outcome::None)
        line += QStringLiteral(" outcome=") + outcomeKey(outcome);
    if (!mac.isEmpty())
        line += QStringLiteral(" mac=") + mac;
    if (!peer.isEmpty())
        line += QStringLiteral(" peer=") + peer;
    if (bytes > 0)
        line += QStringLiteral(" bytes=") + QString::number(bytes);
    if (!detail.isEmpty())
        line += QStringLiteral(" ") + detail;
    return line;
}

} // namespace bootbench
