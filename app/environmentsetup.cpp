#include "environmentsetup.h"

#include "commandline.h"

#include <QCoreApplication>

namespace bootbench {

EnvironmentOptions environmentOptions(const CommandLine &line)
{
    EnvironmentOptions o;
    o.tftpRoot = line.config.tftpRoot;
    o.dataDir = line.dataDir;
    o.applicationDir = QCoreApplication::applicationDirPath();
    if (line.parser && line.parser->isSet(QStringLiteral("engine")))
        o.enginePath = line.parser->value(QStringLiteral("engine"));
    return o;
}

bool environmentAutoBuild(const CommandLine &line)
{
    if (line.parser && line.parser->isSet(QStringLiteral("no-environment-build")))
        return false;
    return qEnvironmentVariableIntValue("BOOTBENCH_NO_ENVIRONMENT_BUILD") == 0;
}

} // namespace bootbench
