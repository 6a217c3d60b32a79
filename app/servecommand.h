#pragma once

namespace bootbench {

struct CommandLine;
class Store;

// `bootbench serve`: runs the services headless until SIGINT/SIGTERM, logs one line per event to
// stdout, exits cleanly (threads joined, batches flushed).
int runServe(const CommandLine &line, Store &store);

} // namespace bootbench
