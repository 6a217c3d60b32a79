#pragma once

#include <cstdio>
#include <deque>
#include <mutex>
#include <string>

namespace bootbench::engine {

// The engine's log: every line goes to the console (stderr) and, when set, to a file, and the
// last lines are kept for the result (the server stores the log's tail with a failure).
class EngineLog
{
public:
    explicit EngineLog(std::FILE *console = stderr, size_t keepChars = 64 * 1024)
        : m_console(console)
        , m_keepChars(keepChars)
    {}
    ~EngineLog();

    bool openFile(const std::string &path, std::string *error); // appends
    void line(const std::string &text);                         // one line, "bootbench-engine: " prefixed
    void output(const std::string &text);                       // a line a script printed, as it is
    std::string tail(size_t maxChars) const;                    // the last lines, at most maxChars
    void setConsole(std::FILE *console) { m_console = console; }

private:
    void keep(const std::string &text);

    mutable std::mutex m_mutex;
    std::FILE *m_console;
    std::FILE *m_file = nullptr;
    size_t m_keepChars;
    std::deque<std::string> m_lines;
    size_t m_chars = 0;
};

} // namespace bootbench::engine
