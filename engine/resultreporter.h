#pragma once

#include "engineapi.h"

#include <string>

namespace bootbench::engine {

class EngineLog;

// Posts the work's result, once. While the server does not answer (restarting, network gone) it
// tries again with back-off (EngineApi::Retry::result, 10 minutes by default). Once the server
// acknowledged the result it is never posted again; a 409 ("no assignment") after an attempt
// whose answer was lost means the server did record it (a once assignment is removed then).
class ResultReporter
{
public:
    ResultReporter(EngineApi &api, EngineLog &log)
        : m_api(api)
        , m_log(log)
    {}

    ApiAnswer report(bool success, const std::string &message, const std::string &logTail);
    bool acknowledged() const { return m_acknowledged; }
    int posts() const { return m_posts; } // requests sent, for the tests

private:
    EngineApi &m_api;
    EngineLog &m_log;
    bool m_acknowledged = false;
    int m_posts = 0;
    ApiAnswer m_answer;
};

} // namespace bootbench::engine
