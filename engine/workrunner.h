#pragma once

#include "engineconfig.h"

#include <string>

namespace bootbench::engine {

class EngineApi;
class EngineLog;

struct WorkOutcome
{
    enum class Kind {
        Done,        // every action succeeded; the result was posted
        Failed,      // an action (or the disk check) failed; the result was posted
        NoWork,      // the server has no work for this device
        CannotStart, // no work could be fetched: settings missing, server unreachable, token refused
    };
    Kind kind = Kind::CannotStart;
    std::string message;             // for the console
    bool resultAcknowledged = false; // the server stored the result
    std::string after = "reboot";    // reboot | poweroff, when the work is over
};

// Mode `work`: fetches the device's work, runs the bundle's actions in order with progress,
// and posts the result (once) with the log's tail.
class WorkRunner
{
public:
    WorkRunner(EngineConfig config, EngineLog &log, EngineApi &api)
        : m_config(std::move(config))
        , m_log(log)
        , m_api(api)
    {}

    WorkOutcome run();

    std::string sysBlock = "/sys/block";
    std::string shell = "/bin/sh";

private:
    EngineConfig m_config;
    EngineLog &m_log;
    EngineApi &m_api;
};

} // namespace bootbench::engine
