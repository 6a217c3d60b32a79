#pragma once
// The engine blocks; the policy service and the test's own servers live on the test's event loop.
// offThread runs the engine's call on another thread and keeps the event loop turning until it
// is done (or 120 s passed: then the test fails instead of hanging).
#include <QTest>

#include <chrono>
#include <future>

template <typename F>
auto offThread(F f)
{
    auto future = std::async(std::launch::async, std::move(f));
    if (!QTest::qWaitFor([&] { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, 120000))
        qFatal("the engine's call did not return within 120 s");
    return future.get();
}
