#pragma once

namespace bootbench {

struct CommandLine;

// The window: creates the QApplication (the only path that does), the store, the services and the
// main window. replayFile non-empty: play a recorded event log into the window.
int runGui(int argc, char *argv[], const CommandLine &line);

} // namespace bootbench
