#include "progressreporter.h"

namespace bootbench::engine {

nlohmann::json Progress::toJson() const
{
    nlohmann::json o = {{"stage", stage}, {"message", message}};
    if (action > 0) {
        o["action"] = action;
        o["actions"] = actions;
    }
    if (bytes >= 0)
        o["bytes"] = bytes;
    if (total >= 0)
        o["total"] = total;
    if (rate >= 0)
        o["rate"] = rate;
    if (percent >= 0)
        o["percent"] = percent > 100 ? 100.0 : percent;
    return o;
}

ProgressReporter::ProgressReporter(Sender send, Clock clock)
    : m_send(std::move(send))
    , m_clock(std::move(clock))
{}

void ProgressReporter::report(const Progress &progress)
{
    m_pending = progress;
    tick();
}

void ProgressReporter::tick()
{
    if (!m_pending)
        return;
    const auto now = m_clock();
    if (m_last && now - *m_last < std::chrono::seconds(1))
        return;
    const Progress p = *m_pending;
    m_pending.reset();
    m_last = now;
    sendNow(p);
}

void ProgressReporter::sendNow(const Progress &progress)
{
    ++m_sent;
    if (!m_send(progress.toJson()))
        m_failedOnce = true;
}

} // namespace bootbench::engine
