#include "policy/byterange.h"

#include <limits>

namespace bootbench {

namespace {

// Digits only, no sign, no overflow; -1 otherwise (also for empty).
qint64 parseNumber(const QByteArray &s)
{
    if (s.isEmpty() || s.size() > 18)
        return -1;
    qint64 n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

} // namespace

ByteRange ByteRange::parse(const QByteArray &rangeHeader, qint64 size)
{
    ByteRange whole;
    whole.first = 0;
    whole.last = size - 1;
    QByteArray spec = rangeHeader.trimmed();
    if (!spec.startsWith("bytes="))
        return whole; // another unit or none: ignored
    spec = spec.mid(6).trimmed();
    if (spec.contains(','))
        return whole; // several ranges: ignored (we send one part or the whole)
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return whole;
    const QByteArray a = spec.left(dash).trimmed();
    const QByteArray b = spec.mid(dash + 1).trimmed();
    ByteRange r;
    r.kind = Kind::Partial;
    if (a.isEmpty()) { // suffix: the last n bytes
        const qint64 n = parseNumber(b);
        if (n < 0)
            return whole;
        if (n == 0 || size == 0) {
            r.kind = Kind::Unsatisfiable;
            return r;
        }
        r.first = n >= size ? 0 : size - n;
        r.last = size - 1;
        return r;
    }
    const qint64 first = parseNumber(a);
    if (first < 0)
        return whole;
    qint64 last = std::numeric_limits<qint64>::max();
    if (!b.isEmpty()) {
        last = parseNumber(b);
        if (last < 0 || last < first)
            return whole; // invalid range-spec: the header is ignored (RFC 9110 14.1.1)
    }
    if (first >= size) {
        r.kind = Kind::Unsatisfiable;
        return r;
    }
    r.first = first;
    r.last = last >= size ? size - 1 : last;
    return r;
}

} // namespace bootbench
