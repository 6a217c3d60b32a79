#pragma once

#include "model/bootevent.h"

#include <QList>
#include <QString>

#include <array>
#include <deque>

namespace bootbench {

// Where a device's current run stands.
enum class LaneState : int {
    Active = 0, // events are coming in, no final outcome yet
    Menu,       // the Preboot Menu was shown; waiting for a choice
    LocalBoot,  // no work: booted its own disk
    Done,       // imaging succeeded
    Failed,     // a failure ended the run (reason kept)
};

// Times are milliseconds since the epoch (UTC): cheap to compare and to plot.
struct PhaseSpan
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    int events = 0;
    bool isValid() const { return events > 0; }
};

// One boot of a device: phases 1–8 from their first to their last event.
struct LaneRun
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    std::array<PhaseSpan, 9> spans{}; // index = phase number; [0] unused
    int highestPhase = 0;
};

// An outcome drawn on the lane: local boot, menu, done, failed, or an expected refusal.
struct LaneMark
{
    qint64 timeMs = 0;
    Outcome outcome = Outcome::None;
    Phase phase = Phase::None;
    QString detail; // the reason for a failure, the file for an expected refusal
};

struct TransferProgress
{
    QString service;
    QString file;
    qint64 bytes = 0;
    qint64 total = 0;
    double bytesPerSecond = 0;
    qint64 lastMs = 0;
    bool active = false;
    int percent() const { return total > 0 ? int(qMin<qint64>(100, bytes * 100 / total)) : -1; }
};

// What the imaging engine last reported in phase 8 (its "progress" events, docs/engine.md): the
// stage, which action of how many, and for transfers how far and how fast. Read from the event's
// bytes / total and the "step=N/M" and "rate=BYTES_PER_S" tokens the policy service appends, so
// the monitor words it in the user's language.
struct EngineProgress
{
    QString stage;   // "script", "restore", ...; empty: no report in this run
    QString message; // the engine's own words (English), e.g. "running script 3/5"
    int step = 0;    // 1-based action, 0: unknown
    int steps = 0;
    int percent = -1; // -1: unknown
    double bytesPerSecond = -1;
    qint64 bytes = 0;
    qint64 total = 0;
    bool active = false; // until the result (or a new run)

    static EngineProgress fromEvent(const BootEvent &event);
};

// Everything the monitor shows about one device. Memory per lane is bounded: a few runs, the
// marks of those runs (a few dozen at most) and the most recent events; older ones are only
// counted.
struct DeviceLane
{
    static constexpr int kMaxRuns = 4;
    static constexpr int kMaxMarks = 48;
    static constexpr int kMaxRecentEvents = 64;

    QString mac;
    QString name;         // from the store, when known
    QString architecture; // from the store, or an "arch=" token in a DHCP event detail
    QString ip;
    QString bundle; // assigned bundle and its state, from the store
    QString bundleState;

    qint64 firstSeenMs = 0;
    qint64 lastEventMs = 0;
    Phase currentPhase = Phase::None; // the highest phase reached in the current run
    LaneState state = LaneState::Active;
    QString failureReason;
    QString lastEvent; // "kind detail" of the newest event

    QList<LaneRun> runs; // oldest first; the last one is the current run
    int droppedRuns = 0;
    QList<LaneMark> marks; // oldest first
    int droppedMarks = 0;
    std::deque<BootEvent> recent; // newest at the back
    qint64 eventCount = 0;
    std::array<qint64, 9> eventsPerPhase{};
    TransferProgress transfer;
    EngineProgress engine;
    QString engineLog;    // the end of the engine's log, sent with its result
    quint64 revision = 0; // bumped on every change

    QString label() const; // "name (arch)" or "mac (arch)"
    const LaneRun *currentRun() const { return runs.isEmpty() ? nullptr : &runs.last(); }
    // Active but silent for longer than thresholdMs at nowMs: the machine may be stuck.
    bool isStalled(qint64 nowMs, qint64 thresholdMs) const;
};

QString laneStateKey(LaneState state);

} // namespace bootbench
