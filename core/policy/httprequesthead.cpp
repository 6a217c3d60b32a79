#include "policy/httprequesthead.h"

namespace bootbench {

namespace {

bool isTchar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
    }
}

bool isToken(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

QByteArray trimOws(const QByteArray &s)
{
    qsizetype a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        --b;
    return s.mid(a, b - a);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

using Status = HttpRequestHead::Status;

Status fail(int status, const char *message, int *errorStatus, QByteArray *error)
{
    *errorStatus = status;
    *error = message;
    return Status::Error;
}

} // namespace

HttpRequestHead::Status HttpRequestHead::parse(const QByteArray &bytes, HttpRequestHead *head, int *consumed,
                                               int *errorStatus, QByteArray *error)
{
    *head = HttpRequestHead();
    *consumed = 0;
    qsizetype pos = 0;
    bool haveRequestLine = false;
    bool sawContentLength = false;
    for (;;) {
        const qsizetype nl = bytes.indexOf('\n', pos);
        if (nl < 0) {
            if (bytes.size() - pos > kMaxLineBytes)
                return haveRequestLine ? fail(431, "a header line is longer than 8 KiB", errorStatus, error)
                                       : fail(414, "the request line is longer than 8 KiB", errorStatus, error);
            if (bytes.size() > kMaxHeadBytes)
                return fail(431, "the request head is larger than 16 KiB", errorStatus, error);
            return Status::Incomplete;
        }
        if (nl + 1 > kMaxHeadBytes)
            return fail(431, "the request head is larger than 16 KiB", errorStatus, error);
        QByteArray line = bytes.mid(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > kMaxLineBytes)
            return haveRequestLine ? fail(431, "a header line is longer than 8 KiB", errorStatus, error)
                                   : fail(414, "the request line is longer than 8 KiB", errorStatus, error);
        for (char c : std::as_const(line)) {
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
                return fail(400, "control characters in the request head", errorStatus, error);
        }

        if (!haveRequestLine) {
            if (line.isEmpty())
                continue; // RFC 9112 2.2: empty lines before the request line are ignored
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 3)
                return fail(400, "the request line must be METHOD SP TARGET SP HTTP/1.1", errorStatus, error);
            if (!isToken(parts[0]))
                return fail(400, "the method is not a token", errorStatus, error);
            if (parts[1].isEmpty() || parts[1][0] != '/')
                return fail(400, "the request target must be a path starting with /", errorStatus, error);
            const QByteArray &v = parts[2];
            if (v.size() != 8 || !v.startsWith("HTTP/") || v[6] != '.' || v[5] < '0' || v[5] > '9' || v[7] < '0' ||
                v[7] > '9')
                return fail(400, "the HTTP version is malformed", errorStatus, error);
            if (v[5] != '1' || (v[7] != '0' && v[7] != '1'))
                return fail(505, "only HTTP/1.0 and HTTP/1.1 are spoken here", errorStatus, error);
            head->method = parts[0];
            head->target = parts[1];
            head->minorVersion = v[7] - '0';
            haveRequestLine = true;
            continue;
        }

        if (line.isEmpty())
            break; // end of the head
        if (line[0] == ' ' || line[0] == '\t')
            return fail(400, "folded header lines (obs-fold) are not accepted", errorStatus, error);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(400, "a header line has no \"name:\"", errorStatus, error);
        const QByteArray name = line.left(colon).toLower();
        if (!isToken(name))
            return fail(400, "a header name is not a token", errorStatus, error);
        if (head->fields.size() >= kMaxFields)
            return fail(431, "more than 64 header fields", errorStatus, error);
        const QByteArray value = trimOws(line.mid(colon + 1));
        head->fields.append({name, value});

        if (name == "content-length") {
            if (value.isEmpty() || value.size() > 18)
                return fail(400, "Content-Length is not a number of bytes", errorStatus, error);
            qint64 n = 0;
            for (char c : value) {
                if (c < '0' || c > '9')
                    return fail(400, "Content-Length is not a number of bytes", errorStatus, error);
                n = n * 10 + (c - '0');
            }
            if (sawContentLength && n != head->contentLength)
                return fail(400, "two different Content-Length fields", errorStatus, error);
            sawContentLength = true;
            head->contentLength = n;
        } else if (name == "transfer-encoding") {
            head->chunked = true;
        }
    }
    if (head->chunked && sawContentLength)
        return fail(400, "Content-Length and Transfer-Encoding together", errorStatus, error);
    if (head->minorVersion == 1 && !head->hasField("host"))
        return fail(400, "an HTTP/1.1 request needs a Host field", errorStatus, error);
    *consumed = int(pos);
    return Status::Complete;
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 206: return "Partial Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return status < 500 ? "Client Error" : "Server Error";
    }
}

QByteArray HttpRequestHead::field(const QByteArray &lowerName) const
{
    for (const auto &f : fields) {
        if (f.first == lowerName)
            return f.second;
    }
    return {};
}

bool HttpRequestHead::hasField(const QByteArray &lowerName) const
{
    for (const auto &f : fields) {
        if (f.first == lowerName)
            return true;
    }
    return false;
}

QByteArray HttpRequestHead::decodedPath() const
{
    const qsizetype q = target.indexOf('?');
    const QByteArray raw = q < 0 ? target : target.left(q);
    if (!raw.startsWith('/'))
        return {};
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '%') {
            if (i + 2 >= raw.size())
                return {};
            const int hi = hexValue(raw[i + 1]);
            const int lo = hexValue(raw[i + 2]);
            if (hi < 0 || lo < 0)
                return {};
            c = char(hi * 16 + lo);
            if (c == '\0')
                return {};
            i += 2;
        }
        out.append(c);
    }
    return out;
}

QByteArray HttpRequestHead::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

bool HttpRequestHead::keepAlive() const
{
    const QByteArray c = field("connection").toLower();
    if (minorVersion == 0)
        return c.contains("keep-alive");
    return !c.contains("close");
}

} // namespace bootbench
