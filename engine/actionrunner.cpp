#include "actionrunner.h"

#include "enginelog.h"
#include "progressreporter.h"

namespace bootbench::engine {

namespace {

std::string counted(const std::string &what, int index, int count)
{
    return what + " " + std::to_string(index) + "/" + std::to_string(count);
}

} // namespace

ActionOutcome ActionRunner::run(const nlohmann::json &action, int index, int count)
{
    const std::string type = action.is_object() && action.contains("type") && action["type"].is_string()
                                 ? action["type"].get<std::string>()
                                 : std::string();
    const nlohmann::json params = action.is_object() && action.contains("params") && action["params"].is_object()
                                      ? action["params"]
                                      : nlohmann::json::object();
    if (type == "script")
        return runScript(params, index, count);
    ActionOutcome out;
    if (type.empty()) {
        out.reason = "action " + std::to_string(index) + " of " + std::to_string(count) + " has no type";
    } else if (type == "restore" || type == "take" || type == "multicast" || type == "winpe") {
        out.reason = "action " + std::to_string(index) + " of " + std::to_string(count) + " is a \"" + type +
                     "\" action, which this engine cannot run yet (it runs script actions only; images come "
                     "with a later Bootbench)";
    } else {
        out.reason = "action " + std::to_string(index) + " of " + std::to_string(count) + " has the unknown type \"" +
                     type + "\"";
    }
    m_log.line(out.reason);
    return out;
}

ActionOutcome ActionRunner::runScript(const nlohmann::json &params, int index, int count)
{
    ActionOutcome out;
    const std::string script =
        params.contains("script") && params["script"].is_string() ? params["script"].get<std::string>() : std::string();
    const std::string name = counted("script", index, count);
    if (script.empty()) {
        out.reason = name + " is empty";
        m_log.line(out.reason);
        return out;
    }
    Progress p;
    p.stage = "script";
    p.message = "running " + name;
    p.action = index;
    p.actions = count;
    m_progress.report(p);
    m_log.line("running " + name);
    const ScriptResult r = m_scripts.run(
        script, m_environment, [this](const std::string &line) { m_log.output(line); }, [this] { m_progress.tick(); });
    if (!r.started) {
        out.reason = name + " could not be started: " + r.error;
        m_log.line(out.reason);
        return out;
    }
    out.exitCode = r.exitCode;
    if (r.exitCode == 0) {
        out.success = true;
        m_log.line(name + " finished");
        return out;
    }
    out.reason = name + " failed with exit code " + std::to_string(r.exitCode);
    if (!r.lastLines.empty()) {
        out.reason += "; last lines:";
        for (const std::string &l : r.lastLines)
            out.reason += "\n" + l;
    }
    m_log.line(name + " failed with exit code " + std::to_string(r.exitCode));
    return out;
}

} // namespace bootbench::engine
