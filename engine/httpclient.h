#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bootbench::engine {

struct HttpTimeouts
{
    int connectMs = 5000;
    int ioMs = 30000; // no byte moving in either direction for this long ends the request
};

struct HttpResponse
{
    int status = 0;
    std::string reason;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;                           // unless a body sink took it
    std::string header(const std::string &lowerName) const;
};

// Where a streamed request body comes from: fills buf with up to size bytes, returns the count
// (0 only at the end) or -1 with *error.
using BodySource = std::function<long(char *buf, size_t size, std::string *error)>;
// Where a streamed response body goes: false with *error stops the transfer.
using BodySink = std::function<bool(const char *data, size_t size, std::string *error)>;

struct HttpRequest
{
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body; // sent with Content-Length when not empty (or when method is POST/PUT)
    // Streamed body instead of `body`: exactly bodyLength bytes from bodySource.
    BodySource bodySource;
    uint64_t bodyLength = 0;
    // Streamed response body instead of HttpResponse::body (e.g. an image download).
    BodySink bodySink;
    size_t maxBody = 16u << 20; // without a sink, larger answers fail
};

// A small HTTP/1.1 client: one request per connection (Connection: close), answers with
// Content-Length, chunked or up to the close; every step under a deadline (HttpTimeouts).
// Returns false with *error only when no complete HTTP answer came (connection refused, name
// not resolved, time-out, malformed answer); an HTTP error status is an answer.
class HttpClient
{
public:
    explicit HttpClient(HttpTimeouts timeouts = {})
        : m_timeouts(timeouts)
    {}

    bool send(const HttpRequest &request, HttpResponse *response, std::string *error) const;

    bool get(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers,
             HttpResponse *response, std::string *error) const;
    // GET with Range: bytes=FROM- (or FROM-TO when to >= from), body to sink.
    bool getRange(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers,
                  uint64_t from, int64_t to, const BodySink &sink, HttpResponse *response, std::string *error) const;
    bool postJson(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers,
                  const std::string &json, HttpResponse *response, std::string *error) const;
    bool put(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers, uint64_t length,
             const BodySource &source, HttpResponse *response, std::string *error) const;

    const HttpTimeouts &timeouts() const { return m_timeouts; }

private:
    HttpTimeouts m_timeouts;
};

} // namespace bootbench::engine
