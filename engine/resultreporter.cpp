#include "resultreporter.h"

#include "enginelog.h"

namespace bootbench::engine {

ApiAnswer ResultReporter::report(bool success, const std::string &message, const std::string &logTail)
{
    if (m_acknowledged) {
        m_log.line("the result was already acknowledged by the server; not posting it again");
        return m_answer;
    }
    const nlohmann::json body = {{"success", success}, {"message", message}, {"log", logTail}};
    Backoff backoff(m_api.retry().result);
    bool mayHaveLanded = false; // an attempt was sent but its answer never came
    for (;;) {
        ++m_posts;
        ApiAnswer a = m_api.postResultOnce(body);
        a.attempts = backoff.attempts();
        if (a.kind == ApiAnswer::Kind::Rejected && a.status == 409 && mayHaveLanded) {
            m_log.line("the server has no assignment any more: an earlier attempt of the result reached it");
            a.kind = ApiAnswer::Kind::Ok;
            a.error.clear();
        }
        if (a.ok()) {
            m_acknowledged = true;
            m_answer = a;
            return a;
        }
        if (a.kind != ApiAnswer::Kind::Unreachable)
            return a;
        mayHaveLanded = true;
        m_log.line("posting the result: " + a.error + "; trying again");
        if (!backoff.waitBeforeNextAttempt()) {
            a.error += " (the result could not be posted: gave up after " + std::to_string(backoff.attempts()) +
                       " attempts in " + std::to_string(backoff.elapsed().count() / 1000) + " s)";
            return a;
        }
    }
}

} // namespace bootbench::engine
