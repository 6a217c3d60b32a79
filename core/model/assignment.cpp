#include "model/assignment.h"

namespace bootbench {

namespace {
constexpr const char *kStateKeys[] = {"pending", "running", "done", "failed"};
}

QString assignmentStateKey(AssignmentState state)
{
    const int i = static_cast<int>(state);
    return i >= 0 && i < 4 ? QString::fromLatin1(kStateKeys[i]) : QString();
}

bool assignmentStateFromKey(const QString &key, AssignmentState *state)
{
    for (int i = 0; i < 4; ++i) {
        if (key == QLatin1String(kStateKeys[i])) {
            *state = static_cast<AssignmentState>(i);
            return true;
        }
    }
    return false;
}

QJsonObject Assignment::toJson() const
{
    return {{QStringLiteral("mac"), mac},
            {QStringLiteral("bundle"), bundleName},
            {QStringLiteral("mode"), persistent ? QStringLiteral("persistent") : QStringLiteral("once")},
            {QStringLiteral("state"), assignmentStateKey(state)},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("created"), created.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("started"), started.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("finished"), finished.toUTC().toString(Qt::ISODate)}};
}

Assignment Assignment::fromJson(const QJsonObject &o)
{
    Assignment a;
    a.mac = o.value(QStringLiteral("mac")).toString();
    a.bundleName = o.value(QStringLiteral("bundle")).toString();
    a.persistent = o.value(QStringLiteral("mode")).toString() == QLatin1String("persistent");
    assignmentStateFromKey(o.value(QStringLiteral("state")).toString(), &a.state);
    a.reason = o.value(QStringLiteral("reason")).toString();
    a.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODate);
    a.started = QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODate);
    a.finished = QDateTime::fromString(o.value(QStringLiteral("finished")).toString(), Qt::ISODate);
    return a;
}

} // namespace bootbench
