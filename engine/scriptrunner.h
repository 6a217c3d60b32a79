#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>

namespace bootbench::engine {

struct ScriptResult
{
    bool started = false; // false: the shell could not be run (error says why)
    int exitCode = -1;    // the shell's exit status; 128+N when killed by signal N
    std::string error;
    std::deque<std::string> lastLines; // the last lines the script printed
};

// Runs a script with `/bin/sh -e FILE` (the text written to a temporary file first), stdin from
// /dev/null, stdout and stderr merged and handed over line by line. `tick` is called at least
// once a second while the script runs (the progress reporter's chance to send).
class ScriptRunner
{
public:
    using LineHandler = std::function<void(const std::string &)>;
    using Tick = std::function<void()>;

    std::string shell = "/bin/sh";
    std::string tempDir; // empty: $TMPDIR, else /tmp
    size_t keepLines = 10;

    ScriptResult run(const std::string &script, const std::map<std::string, std::string> &environment,
                     const LineHandler &onLine, const Tick &tick) const;
};

} // namespace bootbench::engine
