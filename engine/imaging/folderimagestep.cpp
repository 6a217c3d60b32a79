#include "imaging/folderimagestep.h"

#include "enginelog.h"
#include "imaging/imageaction.h"
#include "imaging/imagesafedata.h"
#include "progressreporter.h"

namespace bootbench::engine {

bool isFolderImageAction(const nlohmann::json &action)
{
    if (!action.is_object() || !action.contains("params") || !action["params"].is_object())
        return false;
    const std::string type = action.value("type", std::string());
    return (type == "take" || type == "restore") && action["params"].value("format", std::string()) == "folder";
}

ActionOutcome runFolderImageAction(const nlohmann::json &action, int index, int count, const nlohmann::json &work,
                                   const EngineConfig &config, EngineLog &log, ProgressReporter &progress)
{
    ActionOutcome out;
    const std::string type = action.value("type", std::string());
    const nlohmann::json &params = action["params"];
    const std::string what = type + " " + std::to_string(index) + "/" + std::to_string(count);
    ImageActionContext ctx;
    if (work.is_object() && work.contains("images") && work["images"].is_array()) {
        for (const nlohmann::json &i : work["images"]) {
            if (i.is_object() && i.value("action", -1) == index - 1)
                ctx.folderUrl = i.value("url", std::string());
        }
    }
    if (ctx.folderUrl.empty()) {
        out.reason = what + ": the server gave no URL for image \"" + params.value("image", std::string()) + "\"";
        log.line(out.reason);
        return out;
    }
    ctx.headers = {{"Authorization", "Bearer " + config.token}};
    ctx.diskOverride = config.disk;
    ctx.source = {{"mac", config.mac}, {"name", work.value("name", std::string())}};
    ctx.hostName = ImageSafeWriter::hostName(work);
    ctx.say = [&log](const std::string &line) { log.line(line); };
    ctx.progress = [&](const std::string &stage, int64_t bytes, int64_t total, const std::string &message) {
        Progress p;
        p.stage = stage;
        p.message = message;
        p.action = index;
        p.actions = count;
        p.bytes = bytes;
        p.total = total;
        if (total > 0)
            p.percent = 100.0 * double(bytes) / double(total);
        progress.report(p);
    };
    const ImageActionResult r = type == "take" ? takeFolderImage(params, ctx) : restoreFolderImage(params, ctx);
    out.success = r.success;
    out.reason = r.success ? r.summary : r.reason;
    if (!r.success)
        log.line(what + " failed: " + r.reason);
    return out;
}

} // namespace bootbench::engine
