// libFuzzer target for the image server's request head parser and Range parser (the image routes
// run on a plain QTcpServer with a parser of our own). Whatever the bytes: no crash, no read
// outside them, and the promises hold: a complete head is within the limits, starts a path with
// "/", has at most 64 fields and a sane Content-Length; an incomplete one is under the head limit;
// an error carries one of the documented statuses; a satisfiable range lies inside the file.
#include "policy/byterange.h"
#include "policy/httprequesthead.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace bootbench;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    HttpRequestHead head;
    int consumed = -1, status = 0;
    QByteArray error;
    switch (HttpRequestHead::parse(bytes, &head, &consumed, &status, &error)) {
    case HttpRequestHead::Status::Incomplete:
        if (bytes.size() > HttpRequestHead::kMaxHeadBytes)
            std::abort();
        break;
    case HttpRequestHead::Status::Error:
        if (status != 400 && status != 414 && status != 431 && status != 501 && status != 505)
            std::abort();
        if (error.isEmpty())
            std::abort();
        break;
    case HttpRequestHead::Status::Complete: {
        if (consumed <= 0 || consumed > bytes.size() || consumed > HttpRequestHead::kMaxHeadBytes)
            std::abort();
        if (head.method.isEmpty() || !head.target.startsWith('/') || head.fields.size() > HttpRequestHead::kMaxFields)
            std::abort();
        if (head.minorVersion != 0 && head.minorVersion != 1)
            std::abort();
        if (head.contentLength < -1 || (head.chunked && head.contentLength >= 0))
            std::abort();
        const QByteArray path = head.decodedPath();
        if (!path.isEmpty() && (path[0] != '/' || path.contains('\0')))
            std::abort();
        (void)head.query();
        (void)head.keepAlive();
        // The same head followed by a body parses the same.
        HttpRequestHead again;
        int consumedAgain = 0;
        if (HttpRequestHead::parse(bytes.left(consumed) + "BODY", &again, &consumedAgain, &status, &error) !=
                HttpRequestHead::Status::Complete ||
            consumedAgain != consumed || again.target != head.target || again.fields != head.fields)
            std::abort();
        break;
    }
    }

    // Range against a file size taken from the first bytes.
    qint64 fileSize = 0;
    if (size >= 8)
        std::memcpy(&fileSize, data, 8);
    fileSize = fileSize < 0 ? -(fileSize + 1) : fileSize;
    for (const qint64 s : {fileSize, fileSize % 1000, qint64(0)}) {
        const ByteRange r = ByteRange::parse(bytes.mid(size >= 8 ? 8 : 0), s);
        if (r.kind == ByteRange::Kind::Partial && (r.first < 0 || r.first > r.last || r.last >= s))
            std::abort();
        if (r.kind == ByteRange::Kind::Whole && (r.first != 0 || r.last != s - 1))
            std::abort();
    }
    return 0;
}
