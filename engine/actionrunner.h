#pragma once

#include "scriptrunner.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace bootbench::engine {

class EngineLog;
class ProgressReporter;

struct ActionOutcome
{
    bool success = false;
    int exitCode = 0;   // a script's exit code
    std::string reason; // why it failed: a sentence and the last lines of output
};

// Runs one action of the bundle (BundleAction: {"type", "params"}, core/model/bundleactions.h).
// Scripts run here; the image actions (restore, take, multicast) and winpe come with the image
// engine and fail with a reason naming the action until then.
class ActionRunner
{
public:
    ActionRunner(EngineLog &log, ProgressReporter &progress, std::map<std::string, std::string> environment)
        : m_log(log)
        , m_progress(progress)
        , m_environment(std::move(environment))
    {}

    // index is 1-based; count is the bundle's number of actions.
    ActionOutcome run(const nlohmann::json &action, int index, int count);
    ScriptRunner &scripts() { return m_scripts; }

private:
    ActionOutcome runScript(const nlohmann::json &params, int index, int count);

    EngineLog &m_log;
    ProgressReporter &m_progress;
    std::map<std::string, std::string> m_environment;
    ScriptRunner m_scripts;
};

} // namespace bootbench::engine
