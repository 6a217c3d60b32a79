#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bootbench::engine {

// An http:// URL: host (name, IPv4, or [IPv6]), port (default 80) and the path with its query.
struct HttpUrl
{
    std::string host;
    uint16_t port = 80;
    std::string target = "/"; // path and query, as sent in the request line
    std::string text;         // the URL as given, for messages

    // False with *error for anything but a well-formed http:// URL (https is not spoken).
    static bool parse(std::string_view url, HttpUrl *out, std::string *error);
    std::string hostField() const; // the Host: header value
};

} // namespace bootbench::engine
