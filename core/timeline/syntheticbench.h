#pragma once

#include "model/bootevent.h"

namespace bootbench {

// A made-up but faithful bench session: devices going through phases 1–8 as
// docs/preboot-flow.md describes (both phase-1 variants, vendor and WinPE imaging, no work →
// local boot, the menu, failures with their reasons, the expected updateDrivers.tgz refusal, a
// few machines still busy at the end). Deterministic for a seed. For demos, tests and benchmarks.
struct SyntheticBenchOptions
{
    int devices = 200;
    int progressEventsPerTransfer = 4; // more: a denser log
    qint64 startMs = 1714557600000;    // 2024-05-01T10:00:00Z
    int staggerMs = 1500;              // between two devices' power-on
    quint32 seed = 1;
};

BootEventBatch generateSyntheticBench(const SyntheticBenchOptions &options);

} // namespace bootbench
