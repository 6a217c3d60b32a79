#include "httpurl.h"

namespace bootbench::engine {

bool HttpUrl::parse(std::string_view url, HttpUrl *out, std::string *error)
{
    HttpUrl u;
    u.text = std::string(url);
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, scheme.size()) != scheme) {
        *error = "\"" + u.text + "\" is not an http:// URL";
        return false;
    }
    std::string_view rest = url.substr(scheme.size());
    const size_t slash = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, slash);
    u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (!u.target.empty() && u.target[0] == '?')
        u.target = "/" + u.target;
    if (authority.find('@') != std::string_view::npos) {
        *error = "\"" + u.text + "\": user names in URLs are not supported";
        return false;
    }
    std::string_view portText;
    if (!authority.empty() && authority[0] == '[') {
        const size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            *error = "\"" + u.text + "\": unclosed [ in the host";
            return false;
        }
        u.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') {
                *error = "\"" + u.text + "\": unexpected text after the host";
                return false;
            }
            portText = after.substr(1);
        }
    } else {
        const size_t colon = authority.rfind(':');
        u.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos)
            portText = authority.substr(colon + 1);
    }
    if (u.host.empty()) {
        *error = "\"" + u.text + "\" has no host";
        return false;
    }
    if (!portText.empty() || authority.find(':') != std::string_view::npos) {
        unsigned long port = 0;
        for (char c : portText) {
            if (c < '0' || c > '9' || port > 65535) {
                *error = "\"" + u.text + "\" has an invalid port";
                return false;
            }
            port = port * 10 + unsigned(c - '0');
        }
        if (portText.empty() || port == 0 || port > 65535) {
            *error = "\"" + u.text + "\" has an invalid port";
            return false;
        }
        u.port = uint16_t(port);
    }
    *out = u;
    return true;
}

std::string HttpUrl::hostField() const
{
    const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + std::to_string(port);
}

} // namespace bootbench::engine
