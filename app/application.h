#pragma once

namespace bootbench {

// Chooses between the GUI, `serve` and the management subcommands, and creates the right kind of
// Qt application for each (no QGuiApplication for `serve` and the subcommands).
int runApplication(int argc, char *argv[]);

} // namespace bootbench
