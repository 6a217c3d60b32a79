#pragma once

#include "environment/environmentinputs.h"

namespace bootbench {

struct CommandLine;

// The imaging environment's build options from the command line: the TFTP root, the data
// folder (firmware), --engine, and the running program's folder (to find the engine).
EnvironmentOptions environmentOptions(const CommandLine &line);
// Whether serve and the window build the environment at start when it is missing or stale:
// yes unless --no-environment-build or BOOTBENCH_NO_ENVIRONMENT_BUILD=1 (the test suite's).
bool environmentAutoBuild(const CommandLine &line);

} // namespace bootbench
