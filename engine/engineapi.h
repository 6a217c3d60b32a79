#pragma once

#include "backoff.h"
#include "engineconfig.h"
#include "httpclient.h"

#include <nlohmann/json.hpp>

#include <string>

namespace bootbench::engine {

class EngineLog;

// What came of a request to the engine API.
struct ApiAnswer
{
    enum class Kind {
        Ok,          // 2xx
        NoWork,      // GET work: 404 (no work assigned)
        Refused,     // 401: the token is wrong for this MAC
        Rejected,    // another 4xx: the server understood and said no
        Unreachable, // no answer (or 5xx) within the retry time
    };
    Kind kind = Kind::Unreachable;
    int status = 0;
    nlohmann::json body; // the answer's JSON (null when not JSON)
    std::string error;   // a sentence for the technician (empty for Ok)
    int attempts = 0;
    bool ok() const { return kind == Kind::Ok; }
};

// How long the engine keeps trying while the server does not answer: 2 minutes for the work,
// 10 minutes for the result (the server restarting on the laptop, a switch rebooting).
struct ApiRetry
{
    Backoff::Limits work{std::chrono::milliseconds(1000), std::chrono::milliseconds(15000),
                         std::chrono::milliseconds(120000)};
    Backoff::Limits result{std::chrono::milliseconds(1000), std::chrono::milliseconds(30000),
                           std::chrono::milliseconds(600000)};
};

// The engine API of the policy service (docs/http-api.md, "Engine API"): the device's work,
// its progress and its result, each authenticated with the device's token.
class EngineApi
{
public:
    using Retry = ApiRetry;

    EngineApi(EngineConfig config, EngineLog &log, HttpTimeouts timeouts = {}, Retry retry = {});

    ApiAnswer fetchWork();                                // GET work, retried while the server is unreachable
    ApiAnswer check();                                    // GET image-safe once: is the server there, is the token good
    bool postProgress(const nlohmann::json &body);        // one short try; a lost progress report is not an error
    ApiAnswer postResultOnce(const nlohmann::json &body); // one try
    const Retry &retry() const { return m_retry; }
    const EngineConfig &config() const { return m_config; }

    ApiAnswer exchange(const std::string &method, const std::string &route, const nlohmann::json *body,
                       const HttpClient &client) const;

private:
    EngineConfig m_config;
    EngineLog &m_log;
    HttpClient m_client;
    HttpClient m_progressClient;
    Retry m_retry;
};

} // namespace bootbench::engine
