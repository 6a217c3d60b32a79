#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bootbench::engine {

// One progress report (POST progress): which stage, how far, how fast.
struct Progress
{
    std::string stage;   // "script", "restore", ...
    std::string message; // "running script 3/5"
    int action = 0;      // 1-based index of the running action, 0: none
    int actions = 0;     // how many the bundle has
    int64_t bytes = -1;  // done, -1: not a transfer
    int64_t total = -1;
    double rate = -1;    // bytes per second, -1: unknown
    double percent = -1; // 0..100, -1: unknown
    nlohmann::json toJson() const;
};

// Sends progress at most once a second: a report that comes sooner is kept and sent by a
// later report() or tick() once the second has passed (only the newest one is kept).
class ProgressReporter
{
public:
    using Sender = std::function<bool(const nlohmann::json &)>;
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit ProgressReporter(
        Sender send, Clock clock = [] { return std::chrono::steady_clock::now(); });

    void report(const Progress &progress);
    void tick();
    bool hasPending() const { return m_pending.has_value(); }
    int sent() const { return m_sent; }

private:
    void sendNow(const Progress &progress);

    Sender m_send;
    Clock m_clock;
    std::optional<Progress> m_pending;
    std::optional<std::chrono::steady_clock::time_point> m_last;
    int m_sent = 0;
    bool m_failedOnce = false;
};

} // namespace bootbench::engine
