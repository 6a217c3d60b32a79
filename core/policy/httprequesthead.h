#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace bootbench {

// The head of one HTTP/1.x request (request line and header fields), parsed from raw bytes by a
// small strict parser of our own: the image routes run on a plain QTcpServer so that request
// bodies are streamed instead of held in memory. Bounded: the head, each line and the number of
// fields have limits, and anything malformed is an error with the status to answer (never a crash
// or a wait for more bytes than the limit).
struct HttpRequestHead
{
    static constexpr int kMaxHeadBytes = 16 * 1024;
    static constexpr int kMaxLineBytes = 8 * 1024;
    static constexpr int kMaxFields = 64;

    enum class Status { Incomplete, Complete, Error };

    QByteArray method;                           // "GET", "HEAD", "PUT", ... (a token, case as sent)
    QByteArray target;                           // origin-form, still percent-encoded: "/api/v1/...?token=..."
    int minorVersion = 1;                        // HTTP/1.0 or HTTP/1.1
    QList<QPair<QByteArray, QByteArray>> fields; // names lower-cased, values trimmed
    qint64 contentLength = -1;                   // -1: no Content-Length field
    bool chunked = false;                        // a Transfer-Encoding field was present (we take none)

    // Parses the head at the start of `bytes`. Complete: *consumed is the head's length (the body
    // starts there). Incomplete: more bytes are needed (and `bytes` is still under the limit).
    // Error: *errorStatus is 400, 414 (line too long), 431 (head or field count too big), 501 or
    // 505, *error says what is wrong.
    static Status parse(const QByteArray &bytes, HttpRequestHead *head, int *consumed, int *errorStatus,
                        QByteArray *error);

    // The first field of that (lower-case) name; empty when absent.
    QByteArray field(const QByteArray &lowerName) const;
    bool hasField(const QByteArray &lowerName) const;
    // The path before '?', percent-decoded; empty when it does not start with '/'.
    QByteArray decodedPath() const;
    QByteArray query() const; // the raw text after '?'
    // HTTP/1.1 without "Connection: close", or HTTP/1.0 with "Connection: keep-alive".
    bool keepAlive() const;
};

// "OK", "Partial Content", "Range Not Satisfiable", ... for the statuses the image server answers.
QByteArray httpReasonPhrase(int status);

} // namespace bootbench
