#pragma once

#include <QByteArray>

namespace bootbench {

// The answer to a Range header (RFC 9110 section 14) for a representation of `size` bytes. Only a
// single range of the "bytes" unit is honoured: "bytes=a-b", "bytes=a-" and the suffix "bytes=-n".
// Anything else (another unit, several ranges, a malformed header) is ignored, which the RFC
// allows: the whole file is sent with 200.
struct ByteRange
{
    enum class Kind { Whole, Partial, Unsatisfiable };
    Kind kind = Kind::Whole;
    qint64 first = 0; // inclusive
    qint64 last = -1; // inclusive; last - first + 1 bytes

    qint64 length() const { return last - first + 1; }
    static ByteRange parse(const QByteArray &rangeHeader, qint64 size);
};

} // namespace bootbench
