#include "workrunner.h"

#include "actionrunner.h"
#include "disklist.h"
#include "engineapi.h"
#include "enginelog.h"
#include "imaging/folderimagestep.h"
#include "progressreporter.h"
#include "resultreporter.h"

#include <sys/stat.h>

namespace bootbench::engine {

namespace {

constexpr size_t kLogTailChars = 16 * 1024;

std::string text(const nlohmann::json &o, const char *key)
{
    return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}

} // namespace

WorkOutcome WorkRunner::run()
{
    WorkOutcome out;
    out.after = m_config.after == "poweroff" ? "poweroff" : "reboot";
    if (const std::string missing = m_config.missingForServer(); !missing.empty()) {
        out.message = missing;
        m_log.line("cannot start: " + missing);
        return out;
    }
    m_log.line("Bootbench engine " BOOTBENCH_ENGINE_VERSION ": device " + m_config.mac + ", server " + m_config.server);
    const ApiAnswer work = m_api.fetchWork();
    if (work.kind == ApiAnswer::Kind::NoWork) {
        out.kind = WorkOutcome::Kind::NoWork;
        out.message = "no work is assigned to " + m_config.mac + " (" + work.error + "); nothing to do";
        m_log.line(out.message);
        return out;
    }
    if (!work.ok()) {
        out.message = work.error;
        m_log.line("cannot fetch the work: " + work.error);
        return out;
    }
    const nlohmann::json &bundle =
        work.body.is_object() && work.body.contains("bundle") ? work.body["bundle"] : nlohmann::json();
    const std::string bundleName = text(bundle, "name");
    const std::string deviceName = text(work.body, "name");
    if (const std::string after = text(work.body, "after"); after == "poweroff" || after == "reboot")
        out.after = after;
    const nlohmann::json actions = bundle.is_object() && bundle.contains("actions") && bundle["actions"].is_array()
                                       ? bundle["actions"]
                                       : nlohmann::json::array();
    m_log.line("work: bundle \"" + bundleName + "\" (" + text(bundle, "kind") + ", " + std::to_string(actions.size()) +
               " action(s)) for " + (deviceName.empty() ? m_config.mac : deviceName));

    ResultReporter result(m_api, m_log);
    auto finish = [&](bool success, const std::string &message) {
        m_log.line(success ? "work done: " + message : "work failed: " + message);
        const ApiAnswer a = result.report(success, message, m_log.tail(kLogTailChars));
        out.kind = success ? WorkOutcome::Kind::Done : WorkOutcome::Kind::Failed;
        out.resultAcknowledged = a.ok();
        out.message = message;
        if (a.ok()) {
            m_log.line("the server stored the result (" + text(a.body, "state") + ")");
        } else {
            m_log.line("the result was not stored: " + a.error);
            out.message += "; the result was not stored: " + a.error;
        }
        return out;
    };

    // The disks: --disk, else the fixed disks of the machine.
    std::vector<DiskInfo> disks;
    if (!m_config.disk.empty()) {
        struct stat st
        {};
        if (::stat(m_config.disk.c_str(), &st) != 0)
            return finish(false, "no disk: " + m_config.disk + " (given with --disk) does not exist");
        DiskInfo d;
        d.device = m_config.disk;
        d.name = m_config.disk.substr(m_config.disk.rfind('/') + 1);
        disks.push_back(d);
    } else {
        disks = DiskList::fixedDisks(sysBlock);
        if (disks.empty())
            return finish(false, "no disk: " + sysBlock +
                                     " lists no fixed disk (is the disk's driver missing from the imaging "
                                     "environment, or is the disk disabled in the firmware?)");
    }
    for (const DiskInfo &d : disks)
        m_log.line("disk " + d.device + (d.sizeBytes ? " (" + std::to_string(d.sizeBytes / 1000000) + " MB" : "") +
                   (d.sizeBytes && !d.model.empty() ? ", " + d.model : "") + (d.sizeBytes ? ")" : ""));

    ProgressReporter progress([this](const nlohmann::json &p) { return m_api.postProgress(p); });
    ActionRunner runner(m_log, progress,
                        {{"BOOTBENCH_SERVER", m_config.server},
                         {"BOOTBENCH_MAC", m_config.mac},
                         {"BOOTBENCH_TOKEN", m_config.token},
                         {"BOOTBENCH_DEVICE", deviceName},
                         {"BOOTBENCH_BUNDLE", bundleName},
                         {"BOOTBENCH_DISK", disks.front().device},
                         {"BOOTBENCH_DISKS", DiskList::devices(disks)}});
    runner.scripts().shell = shell;
    if (actions.empty())
        return finish(true, "bundle \"" + bundleName + "\" has no actions");
    const int count = int(actions.size());
    for (int i = 0; i < count; ++i) {
        const nlohmann::json &action = actions[size_t(i)];
        const ActionOutcome a = isFolderImageAction(action)
                                    ? runFolderImageAction(action, i + 1, count, work.body, m_config, m_log, progress)
                                    : runner.run(action, i + 1, count);
        if (!a.success)
            return finish(false, a.reason);
    }
    return finish(true, "bundle \"" + bundleName + "\": " + std::to_string(count) + " action(s) done");
}

} // namespace bootbench::engine
