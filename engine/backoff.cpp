#include "backoff.h"

#include <algorithm>
#include <thread>

namespace bootbench::engine {

Backoff::Backoff(Limits limits)
    : m_limits(limits)
    , m_start(std::chrono::steady_clock::now())
    , m_next(limits.initial)
{}

std::chrono::milliseconds Backoff::elapsed() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_start);
}

bool Backoff::waitBeforeNextAttempt()
{
    const std::chrono::milliseconds left = m_limits.total - elapsed();
    if (left <= std::chrono::milliseconds(0))
        return false;
    std::this_thread::sleep_for(std::min(m_next, left));
    m_next = std::min(m_next * 2, m_limits.longest);
    ++m_attempts;
    return true;
}

} // namespace bootbench::engine
