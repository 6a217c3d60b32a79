#include "httpclient.h"

#include "httpurl.h"
#include "tcpconnection.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace bootbench::engine {

namespace {

constexpr size_t kMaxHead = 64 * 1024;
constexpr size_t kPiece = 64 * 1024;

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string trim(const std::string &s)
{
    const size_t a = s.find_first_not_of(" \t");
    const size_t b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

bool parseHead(const std::string &head, HttpResponse *r, std::string *error)
{
    size_t lineEnd = head.find("\r\n");
    const std::string status = head.substr(0, lineEnd);
    if (status.compare(0, 7, "HTTP/1.") != 0 || status.size() < 12 || status[8] != ' ') {
        *error = "not an HTTP answer: \"" + status.substr(0, 80) + "\"";
        return false;
    }
    r->status = 0;
    for (size_t i = 9; i < 12; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(status[i]))) {
            *error = "malformed HTTP status line: \"" + status.substr(0, 80) + "\"";
            return false;
        }
        r->status = r->status * 10 + (status[i] - '0');
    }
    r->reason = status.size() > 13 ? status.substr(13) : std::string();
    size_t pos = lineEnd + 2;
    while (pos < head.size()) {
        lineEnd = head.find("\r\n", pos);
        if (lineEnd == std::string::npos)
            lineEnd = head.size();
        const std::string line = head.substr(pos, lineEnd - pos);
        pos = lineEnd + 2;
        if (line.empty())
            break;
        const size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) {
            *error = "malformed HTTP header line: \"" + line.substr(0, 80) + "\"";
            return false;
        }
        r->headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
    }
    return true;
}

// Reads the answer's bytes: what was read after the head first, then the connection.
class BodyReader
{
public:
    BodyReader(TcpConnection &c, std::string pending, int timeoutMs)
        : m_c(c)
        , m_pending(std::move(pending))
        , m_timeoutMs(timeoutMs)
    {}
    // Up to size bytes; 0 at the end of the stream; -1 with *error.
    long read(char *buf, size_t size, std::string *error)
    {
        if (m_offset < m_pending.size()) {
            const size_t n = std::min(size, m_pending.size() - m_offset);
            std::memcpy(buf, m_pending.data() + m_offset, n);
            m_offset += n;
            return long(n);
        }
        return m_c.readSome(buf, size, m_timeoutMs, error);
    }
    bool readLine(std::string *line, std::string *error)
    {
        line->clear();
        char c = 0;
        while (line->size() < 4096) {
            const long n = read(&c, 1, error);
            if (n <= 0) {
                if (n == 0)
                    *error = "the connection closed inside a chunked answer";
                return false;
            }
            if (c == '\n') {
                if (!line->empty() && line->back() == '\r')
                    line->pop_back();
                return true;
            }
            *line += c;
        }
        *error = "a chunk line longer than 4096 bytes";
        return false;
    }

private:
    TcpConnection &m_c;
    std::string m_pending;
    size_t m_offset = 0;
    int m_timeoutMs;
};

} // namespace

std::string HttpResponse::header(const std::string &lowerName) const
{
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

bool HttpClient::send(const HttpRequest &request, HttpResponse *response, std::string *error) const
{
    HttpUrl url;
    if (!HttpUrl::parse(request.url, &url, error))
        return false;
    TcpConnection c;
    if (!c.connect(url.host, url.port, m_timeouts.connectMs, error))
        return false;
    const bool streamed = bool(request.bodySource);
    const uint64_t length = streamed ? request.bodyLength : request.body.size();
    std::string head = request.method + " " + url.target + " HTTP/1.1\r\nHost: " + url.hostField() +
                       "\r\nConnection: close\r\nUser-Agent: bootbench-engine/" BOOTBENCH_ENGINE_VERSION "\r\n";
    for (const auto &[name, value] : request.headers)
        head += name + ": " + value + "\r\n";
    if (length > 0 || streamed || request.method == "POST" || request.method == "PUT")
        head += "Content-Length: " + std::to_string(length) + "\r\n";
    head += "\r\n";
    std::string sendError;
    bool sent = c.writeAll(head.data(), head.size(), m_timeouts.ioMs, &sendError);
    if (sent && !streamed && !request.body.empty())
        sent = c.writeAll(request.body.data(), request.body.size(), m_timeouts.ioMs, &sendError);
    if (sent && streamed) {
        std::string buf(kPiece, '\0');
        uint64_t done = 0;
        while (sent && done < length) {
            const long n = request.bodySource(buf.data(), size_t(std::min<uint64_t>(kPiece, length - done)), error);
            if (n < 0)
                return false;
            if (n == 0) {
                *error = "the body ended after " + std::to_string(done) + " of " + std::to_string(length) + " bytes";
                return false;
            }
            sent = c.writeAll(buf.data(), size_t(n), m_timeouts.ioMs, &sendError);
            done += uint64_t(n);
        }
    }
    // A server may answer (e.g. 401, 413) and close before taking the whole body: its answer
    // counts, so read it even when sending failed; the send error is reported only without one.
    std::string raw;
    char buf[16 * 1024];
    size_t headEnd = std::string::npos;
    while ((headEnd = raw.find("\r\n\r\n")) == std::string::npos) {
        if (raw.size() > kMaxHead) {
            *error = "the answer's head is larger than 64 KiB";
            return false;
        }
        std::string readError;
        const long n = c.readSome(buf, sizeof buf, m_timeouts.ioMs, &readError);
        if (n <= 0) {
            if (!sent)
                *error = sendError;
            else
                *error = n == 0 ? (raw.empty() ? "the server closed the connection without an answer"
                                               : "the server closed the connection inside the answer's head")
                                : readError;
            return false;
        }
        raw.append(buf, size_t(n));
    }
    HttpResponse r;
    if (!parseHead(raw.substr(0, headEnd + 2), &r, error))
        return false;
    BodyReader body(c, raw.substr(headEnd + 4), m_timeouts.ioMs);
    auto deliver = [&](const char *data, size_t size) {
        if (request.bodySink)
            return request.bodySink(data, size, error);
        if (r.body.size() + size > request.maxBody) {
            *error = "the answer is larger than " + std::to_string(request.maxBody) + " bytes";
            return false;
        }
        r.body.append(data, size);
        return true;
    };
    const bool noBody = request.method == "HEAD" || r.status == 204 || r.status == 304 || r.status / 100 == 1;
    if (!noBody) {
        const std::string te = lower(r.header("transfer-encoding"));
        const std::string cl = r.header("content-length");
        if (te.find("chunked") != std::string::npos) {
            for (;;) {
                std::string line;
                if (!body.readLine(&line, error))
                    return false;
                char *end = nullptr;
                const unsigned long long size = std::strtoull(line.c_str(), &end, 16);
                if (end == line.c_str()) {
                    *error = "malformed chunk size \"" + line.substr(0, 40) + "\"";
                    return false;
                }
                if (size == 0) {
                    do {
                        if (!body.readLine(&line, error))
                            return false;
                    } while (!line.empty()); // trailer fields
                    break;
                }
                unsigned long long left = size;
                while (left > 0) {
                    const long n = body.read(buf, size_t(std::min<unsigned long long>(sizeof buf, left)), error);
                    if (n <= 0) {
                        if (n == 0)
                            *error = "the connection closed inside a chunk";
                        return false;
                    }
                    if (!deliver(buf, size_t(n)))
                        return false;
                    left -= (unsigned long long)(n);
                }
                if (!body.readLine(&line, error))
                    return false;
            }
        } else if (!cl.empty()) {
            char *end = nullptr;
            unsigned long long left = std::strtoull(cl.c_str(), &end, 10);
            if (end == cl.c_str() || *end != '\0') {
                *error = "malformed Content-Length \"" + cl + "\"";
                return false;
            }
            const unsigned long long total = left;
            while (left > 0) {
                const long n = body.read(buf, size_t(std::min<unsigned long long>(sizeof buf, left)), error);
                if (n <= 0) {
                    if (n == 0)
                        *error = "the connection closed after " + std::to_string(total - left) + " of " +
                                 std::to_string(total) + " bytes of the answer";
                    return false;
                }
                if (!deliver(buf, size_t(n)))
                    return false;
                left -= (unsigned long long)(n);
            }
        } else {
            for (;;) {
                const long n = body.read(buf, sizeof buf, error);
                if (n < 0)
                    return false;
                if (n == 0)
                    break;
                if (!deliver(buf, size_t(n)))
                    return false;
            }
        }
    }
    *response = std::move(r);
    return true;
}

bool HttpClient::get(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers,
                     HttpResponse *response, std::string *error) const
{
    HttpRequest r;
    r.url = url;
    r.headers = headers;
    return send(r, response, error);
}

bool HttpClient::getRange(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers,
                          uint64_t from, int64_t to, const BodySink &sink, HttpResponse *response,
                          std::string *error) const
{
    HttpRequest r;
    r.url = url;
    r.headers = headers;
    r.headers.emplace_back("Range", "bytes=" + std::to_string(from) + "-" +
                                        (to >= int64_t(from) ? std::to_string(to) : std::string()));
    r.bodySink = sink;
    return send(r, response, error);
}

bool HttpClient::postJson(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers,
                          const std::string &json, HttpResponse *response, std::string *error) const
{
    HttpRequest r;
    r.method = "POST";
    r.url = url;
    r.headers = headers;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = json;
    return send(r, response, error);
}

bool HttpClient::put(const std::string &url, const std::vector<std::pair<std::string, std::string>> &headers,
                     uint64_t length, const BodySource &source, HttpResponse *response, std::string *error) const
{
    HttpRequest r;
    r.method = "PUT";
    r.url = url;
    r.headers = headers;
    r.bodySource = source;
    r.bodyLength = length;
    return send(r, response, error);
}

} // namespace bootbench::engine
