#pragma once

#include "environmentinputs.h"
#include "environmentmanifest.h"

#include <QStringList>

#include <functional>

namespace bootbench {

struct EnvironmentBuildResult
{
    bool ok = false;
    QString error;                  // what went wrong, naming the file, package or tool
    QStringList missingPackages;    // Debian packages to install first
    EnvironmentManifest manifest;   // what was built
    QStringList written;            // files (relative to the TFTP root) that changed
    QStringList unchanged;          // files that were already identical
    QString installCommand() const; // apt-get install ... for missingPackages ("" if none)
};

// Builds the imaging environment into the TFTP root from the Debian packages installed here
// (no download): boot/kernel, boot/initrd (zstd-compressed newc archives, concatenated: base
// with busybox and /init, kernel modules, userland with its libraries, engine), boot/root
// (per-bench data: firmware from <data dir>/firmware/ and /etc/bootbench/environment) and
// boot/environment.json. Reproducible: the same inputs give the same bytes, and a file whose
// bytes would not change is not rewritten. Runs synchronously (callers put it on a worker).
class EnvironmentBuilder
{
public:
    using Progress = std::function<void(int percent, const QString &stage)>;
    static EnvironmentBuildResult build(const EnvironmentOptions &options, const Progress &progress = {});
    static constexpr qint64 kInitrdBudget = 25 * 1000 * 1000;
};

} // namespace bootbench
