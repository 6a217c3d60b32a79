#pragma once

#include "environmentinputs.h"
#include "environmentmanifest.h"

#include <QJsonObject>
#include <QStringList>

namespace bootbench {

enum class EnvironmentState { Missing, Stale, Ready };
QString environmentStateKey(EnvironmentState state); // "missing", "stale", "ready"

// What the TFTP root holds compared with what a build would make now.
struct EnvironmentStatus
{
    EnvironmentState state = EnvironmentState::Missing;
    QStringList reasons;          // why missing or stale, one line each
    EnvironmentManifest manifest; // of the last build (empty when missing)
    QString newestKernel;         // on this machine now
    QStringList missingPackages;  // needed to build, not installed
    QString installCommand;       // for missingPackages
    QString engineError;          // the engine cannot be found (a build would fail)

    QJsonObject toJson() const;
};

// Reads boot/environment.json and compares it with the files and with this machine: the
// newest kernel, the installed versions of the recorded packages, the engine, the recipe and
// the firmware folder. Never builds anything.
class EnvironmentStatusCheck
{
public:
    static EnvironmentStatus check(const EnvironmentOptions &options);
};

} // namespace bootbench
