#pragma once

#include "actionrunner.h"
#include "engineconfig.h"

#include <nlohmann/json.hpp>

namespace bootbench::engine {

class EngineLog;
class ProgressReporter;

// The bundle's take and restore actions with "format": "folder" (docs/images.md) run here; the
// work runner hands them over instead of to ActionRunner.
bool isFolderImageAction(const nlohmann::json &action);
// index is 1-based; `work` is GET work's answer (its "images" give the folder's URL).
ActionOutcome runFolderImageAction(const nlohmann::json &action, int index, int count, const nlohmann::json &work,
                                   const EngineConfig &config, EngineLog &log, ProgressReporter &progress);

} // namespace bootbench::engine
