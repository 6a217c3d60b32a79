#pragma once

#include <chrono>

namespace bootbench::engine {

// Bounded exponential back-off: waits initial, 2x, 4x ... up to `longest` between attempts, and
// gives up once `total` has passed since the first attempt.
class Backoff
{
public:
    struct Limits
    {
        std::chrono::milliseconds initial{1000};
        std::chrono::milliseconds longest{30000};
        std::chrono::milliseconds total{600000};
    };
    explicit Backoff(Limits limits);

    // Sleeps before the next attempt; false (without sleeping) when the time is used up.
    bool waitBeforeNextAttempt();
    int attempts() const { return m_attempts; }
    std::chrono::milliseconds elapsed() const;
    const Limits &limits() const { return m_limits; }

private:
    Limits m_limits;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::milliseconds m_next;
    int m_attempts = 1;
};

} // namespace bootbench::engine
