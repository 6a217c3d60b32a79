#include "kernelcmdline.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace bootbench::engine {

KernelCmdline KernelCmdline::parse(std::string_view text)
{
    KernelCmdline out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
            ++i;
        if (i >= text.size())
            break;
        std::string word;
        bool quoted = false;
        while (i < text.size()) {
            const char c = text[i];
            if (c == '"') {
                quoted = !quoted;
                ++i;
                continue;
            }
            if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
                break;
            word += c;
            ++i;
        }
        const size_t eq = word.find('=');
        if (eq == std::string::npos)
            out.m_values[word] = std::string();
        else if (eq > 0)
            out.m_values[word.substr(0, eq)] = word.substr(eq + 1);
    }
    return out;
}

bool KernelCmdline::readFile(const std::string &path, KernelCmdline *out, std::string *error)
{
    std::ifstream in(path);
    if (!in) {
        *error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    *out = parse(text.str());
    return true;
}

std::string KernelCmdline::value(const std::string &key, const std::string &fallback) const
{
    const auto it = m_values.find(key);
    return it == m_values.end() ? fallback : it->second;
}

} // namespace bootbench::engine
