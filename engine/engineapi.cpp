#include "engineapi.h"

#include "enginelog.h"

namespace bootbench::engine {

EngineApi::EngineApi(EngineConfig config, EngineLog &log, HttpTimeouts timeouts, Retry retry)
    : m_config(std::move(config))
    , m_log(log)
    , m_client(timeouts)
    , m_progressClient(HttpTimeouts{std::min(timeouts.connectMs, 3000), std::min(timeouts.ioMs, 5000)})
    , m_retry(retry)
{}

ApiAnswer EngineApi::exchange(const std::string &method, const std::string &route, const nlohmann::json *body,
                              const HttpClient &client) const
{
    HttpRequest request;
    request.method = method;
    request.url = m_config.apiBase() + route;
    request.headers.emplace_back("Authorization", "Bearer " + m_config.token);
    request.headers.emplace_back("Accept", "application/json");
    if (body) {
        request.headers.emplace_back("Content-Type", "application/json");
        request.body = body->dump();
    }
    ApiAnswer a;
    a.attempts = 1;
    HttpResponse response;
    std::string error;
    if (!client.send(request, &response, &error)) {
        a.kind = ApiAnswer::Kind::Unreachable;
        a.error = "the server " + m_config.server + " is unreachable (" + error +
                  "); is Bootbench serving on the laptop, and is this machine on the bench network?";
        return a;
    }
    a.status = response.status;
    a.body = nlohmann::json::parse(response.body, nullptr, false);
    if (a.body.is_discarded())
        a.body = nullptr;
    std::string said;
    if (a.body.is_object() && a.body.contains("error") && a.body["error"].is_string())
        said = a.body["error"].get<std::string>();
    else
        said = response.reason;
    const std::string what = method + " " + route + " answered " + std::to_string(response.status) +
                             (said.empty() ? std::string() : " (" + said + ")");
    if (response.status / 100 == 2) {
        a.kind = ApiAnswer::Kind::Ok;
    } else if (response.status == 401) {
        a.kind = ApiAnswer::Kind::Refused;
        a.error = "the server refused the token for " + m_config.mac + ": " + what +
                  "; the token belongs to another MAC or another Bootbench store (boot the device again "
                  "through the bench, or use `bootbench device token " +
                  m_config.mac + "`)";
    } else if (response.status == 404 && route == "work") {
        a.kind = ApiAnswer::Kind::NoWork;
        a.error = what;
    } else if (response.status / 100 == 4) {
        a.kind = ApiAnswer::Kind::Rejected;
        a.error = what;
    } else {
        a.kind = ApiAnswer::Kind::Unreachable;
        a.error = "the server " + m_config.server + " failed: " + what;
    }
    return a;
}

ApiAnswer EngineApi::fetchWork()
{
    Backoff backoff(m_retry.work);
    for (;;) {
        ApiAnswer a = exchange("GET", "work", nullptr, m_client);
        a.attempts = backoff.attempts();
        if (a.kind != ApiAnswer::Kind::Unreachable)
            return a;
        m_log.line(a.error + "; trying again");
        if (!backoff.waitBeforeNextAttempt()) {
            a.error += " (gave up after " + std::to_string(backoff.attempts()) + " attempts in " +
                       std::to_string(backoff.elapsed().count() / 1000) + " s)";
            return a;
        }
    }
}

ApiAnswer EngineApi::check()
{
    return exchange("GET", "image-safe", nullptr, m_client);
}

bool EngineApi::postProgress(const nlohmann::json &body)
{
    return exchange("POST", "progress", &body, m_progressClient).ok();
}

ApiAnswer EngineApi::postResultOnce(const nlohmann::json &body)
{
    return exchange("POST", "result", &body, m_client);
}

} // namespace bootbench::engine
