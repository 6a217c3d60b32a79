#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace bootbench::engine {

// A chain of programs joined by pipes, as a shell's `a | b | c`, without a shell: the first reads
// the given descriptor (or a pipe the engine writes, kPipe), the last writes the given descriptor
// (or a pipe the engine reads, kPipe). Each program's stderr is kept (in memory, memfd) so a
// failure can name the program, its exit status and its last words.
class Pipeline
{
public:
    static constexpr int kPipe = -2;
    static constexpr int kNull = -1; // /dev/null

    Pipeline() = default;
    ~Pipeline();
    Pipeline(const Pipeline &) = delete;
    Pipeline &operator=(const Pipeline &) = delete;

    bool start(const std::vector<std::vector<std::string>> &commands, int in, int out, std::string *error);
    int input() const { return m_in; }   // with in == kPipe: where the engine writes
    int output() const { return m_out; } // with out == kPipe: where the engine reads
    void closeInput();
    void closeOutput();
    // Waits for every program. True when each exited 0; else *error names the first that did not.
    bool wait(std::string *error);
    void kill(); // SIGKILL to every program still running (then wait())
    // The stderr of program i so far (the last maxChars).
    std::string errorOutput(size_t i, size_t maxChars = 600) const;
    std::string errorHead(size_t i, size_t maxChars = 4096) const; // the first maxChars

    // Runs one program to its end and returns its stdout (at most maxBytes); false with *error.
    static bool capture(const std::vector<std::string> &argv, std::string *out, std::string *error,
                        size_t maxBytes = 16u << 20);
    static bool exists(const std::string &program); // in $PATH (or a path that is executable)

private:
    struct Child
    {
        pid_t pid = -1;
        int errFd = -1;
        std::string name;
        int status = 0;
        bool waited = false;
    };
    std::vector<Child> m_children;
    int m_in = -1;
    int m_out = -1;
};

} // namespace bootbench::engine
