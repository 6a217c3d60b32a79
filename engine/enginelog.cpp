#include "enginelog.h"

#include <cerrno>
#include <cstring>

namespace bootbench::engine {

EngineLog::~EngineLog()
{
    if (m_file)
        std::fclose(m_file);
}

bool EngineLog::openFile(const std::string &path, std::string *error)
{
    std::lock_guard lock(m_mutex);
    std::FILE *f = std::fopen(path.c_str(), "ae");
    if (!f) {
        *error = "cannot write the log " + path + ": " + std::strerror(errno);
        return false;
    }
    if (m_file)
        std::fclose(m_file);
    m_file = f;
    return true;
}

void EngineLog::keep(const std::string &text)
{
    std::lock_guard lock(m_mutex);
    for (std::FILE *f : {m_console, m_file}) {
        if (f) {
            std::fputs(text.c_str(), f);
            std::fputc('\n', f);
            std::fflush(f);
        }
    }
    m_lines.push_back(text);
    m_chars += text.size() + 1;
    while (m_chars > m_keepChars && m_lines.size() > 1) {
        m_chars -= m_lines.front().size() + 1;
        m_lines.pop_front();
    }
}

void EngineLog::line(const std::string &text)
{
    keep("bootbench-engine: " + text);
}

void EngineLog::output(const std::string &text)
{
    keep(text);
}

std::string EngineLog::tail(size_t maxChars) const
{
    std::lock_guard lock(m_mutex);
    std::string out;
    for (auto it = m_lines.rbegin(); it != m_lines.rend(); ++it) {
        if (out.size() + it->size() + 1 > maxChars)
            break;
        out.insert(0, *it + "\n");
    }
    return out;
}

} // namespace bootbench::engine
