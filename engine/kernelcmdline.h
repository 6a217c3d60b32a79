#pragma once

#include <map>
#include <string>
#include <string_view>

namespace bootbench::engine {

// The kernel command line as /proc/cmdline gives it: words separated by blanks, a word may be
// KEY=VALUE, and double quotes group blanks into a value (key="a b" or "key=a b"), as the kernel
// reads it. The last of repeated keys wins, as the kernel's own parameters do.
class KernelCmdline
{
public:
    static KernelCmdline parse(std::string_view text);
    static bool readFile(const std::string &path, KernelCmdline *out, std::string *error);

    bool has(const std::string &key) const { return m_values.count(key) != 0; }
    std::string value(const std::string &key, const std::string &fallback = {}) const;
    const std::map<std::string, std::string> &values() const { return m_values; }

private:
    std::map<std::string, std::string> m_values;
};

} // namespace bootbench::engine
