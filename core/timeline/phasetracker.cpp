#include "timeline/phasetracker.h"

#include <QHostAddress>

#include <algorithm>

namespace bootbench {

namespace {

// "key=value" out of a free-text detail, or empty.
QString token(const QString &detail, QLatin1String key)
{
    const qsizetype at = detail.indexOf(key);
    if (at < 0 || (at > 0 && !detail.at(at - 1).isSpace() && detail.at(at - 1) != QLatin1Char(',')))
        return {};
    const qsizetype from = at + key.size();
    qsizetype to = from;
    while (to < detail.size() && !detail.at(to).isSpace() && detail.at(to) != QLatin1Char(','))
        ++to;
    return detail.mid(from, to - from);
}

QString ipFromPeer(const QString &peer)
{
    const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
    const QString host = colon > 0 ? peer.left(colon) : peer;
    const QHostAddress address(host);
    if (address.protocol() != QAbstractSocket::IPv4Protocol)
        return {};
    const quint32 v4 = address.toIPv4Address();
    return v4 == 0 || v4 == 0xffffffffu ? QString() : host;
}

bool isFinished(const BootEvent &event)
{
    return event.kind.endsWith(QLatin1String("finished")) || event.kind.endsWith(QLatin1String("failed")) ||
           event.outcome == Outcome::Done || event.outcome == Outcome::Failed;
}

qint64 stringBytes(const QString &s)
{
    return s.isEmpty() ? 0 : 32 + s.size() * 2;
}

} // namespace

Outcome PhaseTracker::drawnOutcome(const BootEvent &event)
{
    if (event.outcome != Outcome::Failed)
        return event.outcome;
    const QString text = event.detail + QLatin1Char(' ') + event.kind;
    if (text.contains(QLatin1String("updateDrivers.tgz"), Qt::CaseInsensitive) ||
        text.contains(QLatin1String("pxelinux.cfg/"), Qt::CaseInsensitive))
        return Outcome::Expected;
    // The EDK2 size probe: the client reads tsize from the OACK and aborts before any data.
    if (event.service == QLatin1String("tftp") && event.bytes == 0 &&
        text.contains(QLatin1String("aborted"), Qt::CaseInsensitive))
        return Outcome::Expected;
    return Outcome::Failed;
}

PhaseTracker::Changes PhaseTracker::apply(const BootEventBatch &batch)
{
    Changes changes;
    if (batch.isEmpty())
        return changes;
    // Services flush from several threads: put the batch in time order once (usually a no-op).
    const BootEventBatch *events = &batch;
    BootEventBatch sorted;
    const auto byTime = [](const BootEvent &a, const BootEvent &b) { return a.time < b.time; };
    if (!std::is_sorted(batch.cbegin(), batch.cend(), byTime)) {
        sorted = batch;
        std::stable_sort(sorted.begin(), sorted.end(), byTime);
        events = &sorted;
    }

    const int rowsBefore = count();
    QList<int> touched;
    touched.reserve(64);
    for (const BootEvent &event : *events) {
        const qint64 timeMs = event.time.toMSecsSinceEpoch();
        // The engine's progress counts its disk work, not the network: the image server's own
        // download events count what moved.
        if (event.service != QLatin1String("engine") || event.kind != QLatin1String("progress"))
            m_throughput.add(event, timeMs);
        ++m_events;
        m_newestMs = qMax(m_newestMs, timeMs);
        m_oldestMs = m_oldestMs == 0 ? timeMs : qMin(m_oldestMs, timeMs);
        // Service-level events have no lane; nor has an all-zero MAC (no network card has it:
        // Bootbench's own rogue-DHCP probe on an interface without one).
        if (event.mac.isEmpty() || event.mac == QLatin1String("00:00:00:00:00:00"))
            continue;
        auto it = m_rows.constFind(event.mac);
        int row;
        if (it == m_rows.constEnd()) {
            row = count();
            m_rows.insert(event.mac, row);
            DeviceLane lane;
            lane.mac = event.mac;
            lane.firstSeenMs = timeMs;
            m_lanes.push_back(std::move(lane));
        } else {
            row = *it;
        }
        applyOne(m_lanes[size_t(row)], event, timeMs);
        if (row < rowsBefore && (touched.isEmpty() || touched.last() != row))
            touched.append(row);
    }
    changes.events = events->size();
    if (count() > rowsBefore) {
        changes.firstNewRow = rowsBefore;
        changes.newRows = count() - rowsBefore;
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    changes.changedRows = touched;
    ++m_revision;
    return changes;
}

void PhaseTracker::applyOne(DeviceLane &lane, const BootEvent &event, qint64 timeMs)
{
    const Outcome outcome = drawnOutcome(event);
    const int phase = int(event.phase);

    // A new run: the device starts over with DHCP after its run ended, or after it had got past
    // the first downloads (a reboot part-way). iPXE's own DHCP is phase 3, not a new run.
    const LaneRun *current = lane.currentRun();
    if (!current || (event.phase == Phase::Dhcp && (lane.state != LaneState::Active || current->highestPhase >= 3))) {
        LaneRun run;
        run.startMs = run.endMs = timeMs;
        lane.runs.append(run);
        if (lane.runs.size() > DeviceLane::kMaxRuns) {
            lane.runs.removeFirst();
            ++lane.droppedRuns;
            // The marks go with their run: once a lane keeps kMaxRuns runs, its memory stops
            // growing however many boots it has seen.
            const qint64 keepFrom = lane.runs.constFirst().startMs;
            qsizetype old = 0;
            while (old < lane.marks.size() && lane.marks.at(old).timeMs < keepFrom)
                ++old;
            if (old > 0) {
                lane.marks.remove(0, old);
                lane.droppedMarks += int(old);
            }
        }
        lane.state = LaneState::Active;
        lane.failureReason.clear();
        lane.currentPhase = Phase::None;
        lane.transfer.active = false;
    }
    LaneRun &run = lane.runs.last();
    run.startMs = qMin(run.startMs, timeMs);
    run.endMs = qMax(run.endMs, timeMs);
    if (phase >= kFirstPhase && phase <= kLastPhase) {
        PhaseSpan &span = run.spans[size_t(phase)];
        if (!span.isValid()) {
            span.startMs = span.endMs = timeMs;
        } else {
            span.startMs = qMin(span.startMs, timeMs);
            span.endMs = qMax(span.endMs, timeMs);
        }
        ++span.events;
        if (phase > run.highestPhase) {
            // Progress past a failed phase (a retry that worked) makes the device active again.
            if (lane.state == LaneState::Failed && phase > int(lane.currentPhase))
                lane.state = LaneState::Active;
            run.highestPhase = phase;
        }
        lane.currentPhase = Phase(run.highestPhase);
        ++lane.eventsPerPhase[size_t(phase)];
        if (lane.state == LaneState::Menu && outcome == Outcome::None)
            lane.state = LaneState::Active; // a choice was made and the device goes on
    }

    switch (outcome) {
    case Outcome::LocalBoot: lane.state = LaneState::LocalBoot; break;
    case Outcome::MenuShown: lane.state = LaneState::Menu; break;
    case Outcome::Done: lane.state = LaneState::Done; break;
    case Outcome::Failed:
        lane.state = LaneState::Failed;
        lane.failureReason = event.detail.isEmpty() ? event.kind : event.detail;
        break;
    case Outcome::Expected:
    case Outcome::None: break;
    }
    if (outcome != Outcome::None) {
        lane.marks.append(LaneMark{timeMs, outcome, event.phase, event.detail.isEmpty() ? event.kind : event.detail});
        if (lane.marks.size() > DeviceLane::kMaxMarks) {
            lane.marks.removeFirst();
            ++lane.droppedMarks;
        }
    }

    if (const QString ip = ipFromPeer(event.peer); !ip.isEmpty())
        lane.ip = ip;
    else if (const QString given = token(event.detail, QLatin1String("ip=")); !given.isEmpty())
        lane.ip = given;
    if (const QString arch = token(event.detail, QLatin1String("arch="));
        !arch.isEmpty() && lane.architecture.isEmpty())
        lane.architecture = arch;

    const bool fromEngine = event.service == QLatin1String("engine");
    if (fromEngine && event.kind == QLatin1String("progress")) {
        lane.engine = EngineProgress::fromEvent(event);
    } else if (fromEngine && event.kind == QLatin1String("work-fetched")) {
        lane.engine = EngineProgress{};
        lane.engineLog.clear();
    } else if (fromEngine && event.kind == QLatin1String("engine-log")) {
        lane.engineLog = event.detail;
    } else if (fromEngine && event.kind == QLatin1String("result")) {
        lane.engine.active = false;
    }

    if ((event.total > 0 || event.bytes > 0) && !(fromEngine && event.kind == QLatin1String("progress"))) {
        TransferProgress &t = lane.transfer;
        const bool sameTransfer =
            t.active && t.file == event.detail && t.service == event.service && event.bytes >= t.bytes;
        if (!sameTransfer) {
            t = TransferProgress{};
            t.service = event.service;
            t.file = event.detail;
        } else if (timeMs > t.lastMs) {
            const double instant = double(event.bytes - t.bytes) * 1000.0 / double(timeMs - t.lastMs);
            t.bytesPerSecond = t.bytesPerSecond <= 0 ? instant : 0.7 * t.bytesPerSecond + 0.3 * instant;
        }
        t.bytes = event.bytes;
        t.total = qMax(t.total, event.total);
        t.lastMs = timeMs;
        t.active = !isFinished(event);
    }

    lane.firstSeenMs = qMin(lane.firstSeenMs, timeMs);
    if (timeMs >= lane.lastEventMs) {
        lane.lastEventMs = timeMs;
        lane.lastEvent = event.detail.isEmpty() ? event.kind : event.kind + QLatin1Char(' ') + event.detail;
    }
    lane.recent.push_back(event);
    if (lane.recent.size() > size_t(DeviceLane::kMaxRecentEvents))
        lane.recent.pop_front();
    ++lane.eventCount;
    ++lane.revision;
}

int PhaseTracker::setIdentity(const QString &mac, const QString &name, const QString &architecture)
{
    const int row = rowOf(mac);
    if (row < 0)
        return -1;
    DeviceLane &lane = m_lanes[size_t(row)];
    const QString arch = architecture.isEmpty() ? lane.architecture : architecture;
    if (lane.name == name && lane.architecture == arch)
        return -1;
    lane.name = name;
    lane.architecture = arch;
    ++lane.revision;
    ++m_revision;
    return row;
}

int PhaseTracker::setAssignment(const QString &mac, const QString &bundle, const QString &state)
{
    const int row = rowOf(mac);
    if (row < 0)
        return -1;
    DeviceLane &lane = m_lanes[size_t(row)];
    if (lane.bundle == bundle && lane.bundleState == state)
        return -1;
    lane.bundle = bundle;
    lane.bundleState = state;
    ++lane.revision;
    ++m_revision;
    return row;
}

void PhaseTracker::clear()
{
    m_lanes.clear();
    m_rows.clear();
    m_throughput.clear();
    m_events = 0;
    m_newestMs = m_oldestMs = 0;
    ++m_revision;
}

PhaseTracker::Counts PhaseTracker::counts() const
{
    Counts c;
    for (const DeviceLane &lane : m_lanes) {
        switch (lane.state) {
        case LaneState::Active: ++c.active; break;
        case LaneState::Menu: ++c.menu; break;
        case LaneState::LocalBoot: ++c.localBoot; break;
        case LaneState::Done: ++c.done; break;
        case LaneState::Failed: ++c.failed; break;
        }
    }
    return c;
}

qint64 PhaseTracker::approximateBytes() const
{
    qint64 total = qint64(sizeof(*this)) + m_rows.size() * 64;
    for (const DeviceLane &lane : m_lanes) {
        total += qint64(sizeof(DeviceLane)) + stringBytes(lane.mac) + stringBytes(lane.name) +
                 stringBytes(lane.lastEvent) + stringBytes(lane.transfer.file) + stringBytes(lane.failureReason) +
                 stringBytes(lane.engine.stage) + stringBytes(lane.engine.message) + stringBytes(lane.engineLog);
        total += lane.runs.size() * qint64(sizeof(LaneRun));
        for (const LaneMark &mark : lane.marks)
            total += qint64(sizeof(LaneMark)) + stringBytes(mark.detail);
        for (const BootEvent &e : lane.recent)
            total += qint64(sizeof(BootEvent)) + stringBytes(e.kind) + stringBytes(e.detail) + stringBytes(e.peer) +
                     stringBytes(e.service) + 16;
    }
    return total;
}

} // namespace bootbench
