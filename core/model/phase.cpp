#include "model/phase.h"

#include <array>

namespace bootbench {

namespace {
constexpr std::array<const char *, 9> kPhaseKeys = {
    "none", "dhcp", "bootstrap", "menu-settings", "work-query", "loader", "config-file", "imaging-files", "imaging"};
constexpr std::array<const char *, 6> kOutcomeKeys = {"", "local-boot", "menu-shown", "done", "failed", "expected"};
} // namespace

QString phaseKey(Phase phase)
{
    return QString::fromLatin1(kPhaseKeys.at(static_cast<size_t>(phaseFromInt(static_cast<int>(phase)))));
}

QString outcomeKey(Outcome outcome)
{
    const auto index = static_cast<size_t>(outcome);
    return index < kOutcomeKeys.size() ? QString::fromLatin1(kOutcomeKeys[index]) : QString();
}

Phase phaseFromInt(int value)
{
    return value >= kFirstPhase && value <= kLastPhase ? static_cast<Phase>(value) : Phase::None;
}

Outcome outcomeFromKey(const QString &key)
{
    for (size_t i = 1; i < kOutcomeKeys.size(); ++i) {
        if (key == QLatin1String(kOutcomeKeys[i]))
            return static_cast<Outcome>(i);
    }
    return Outcome::None;
}

} // namespace bootbench
