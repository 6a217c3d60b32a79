#include "timeline/devicelane.h"

namespace bootbench {

QString DeviceLane::label() const
{
    const QString who = name.isEmpty() ? mac : name;
    return architecture.isEmpty() ? who : who + QStringLiteral(" (") + architecture + QLatin1Char(')');
}

bool DeviceLane::isStalled(qint64 nowMs, qint64 thresholdMs) const
{
    return state == LaneState::Active && lastEventMs > 0 && nowMs - lastEventMs > thresholdMs;
}

EngineProgress EngineProgress::fromEvent(const BootEvent &event)
{
    // detail: "STAGE[ P%][: MESSAGE][ step=N/M][ rate=R]" (EngineRoutes::progress).
    EngineProgress p;
    p.active = true;
    p.bytes = event.bytes;
    p.total = event.total;
    QString text = event.detail;
    const QStringList words = text.split(QLatin1Char(' '));
    for (qsizetype i = words.size() - 1; i > 0; --i) {
        const QString &w = words[i];
        if (w.startsWith(QLatin1String("step="))) {
            const QStringList nm = w.mid(5).split(QLatin1Char('/'));
            p.step = nm.value(0).toInt();
            p.steps = nm.value(1).toInt();
        } else if (w.startsWith(QLatin1String("rate="))) {
            p.bytesPerSecond = w.mid(5).toDouble();
        } else {
            break;
        }
        text.chop(w.size() + 1);
    }
    const qsizetype colon = text.indexOf(QLatin1String(": "));
    QString head = colon < 0 ? text : text.left(colon);
    p.message = colon < 0 ? QString() : text.mid(colon + 2);
    if (head.endsWith(QLatin1Char('%'))) {
        const qsizetype space = head.lastIndexOf(QLatin1Char(' '));
        bool ok = false;
        const int percent = head.mid(space + 1).chopped(1).toInt(&ok);
        if (ok && space > 0) {
            p.percent = qBound(0, percent, 100);
            head.truncate(space);
        }
    }
    p.stage = head;
    if (p.percent < 0 && p.total > 0)
        p.percent = int(qMin<qint64>(100, p.bytes * 100 / p.total));
    return p;
}

QString laneStateKey(LaneState state)
{
    switch (state) {
    case LaneState::Active: return QStringLiteral("active");
    case LaneState::Menu: return QStringLiteral("menu");
    case LaneState::LocalBoot: return QStringLiteral("local-boot");
    case LaneState::Done: return QStringLiteral("done");
    case LaneState::Failed: return QStringLiteral("failed");
    }
    return {};
}

} // namespace bootbench
