#pragma once

#include <QByteArray>
#include <QString>

namespace bootbench {

// The name in a read or write request, normalised for the look-up under the TFTP root:
// "\" → "/", leading "/" and "./" dropped, "." and empty parts dropped. Refused (access violation):
// ".." parts, control characters (NUL included), invalid UTF-8, names over kMaxNameBytes and parts
// over kMaxComponentBytes. Pure function: fuzzed (tests/fuzz/fuzz_tftp_request.cpp).
struct TftpRequestName
{
    static constexpr int kMaxNameBytes = 1024;
    static constexpr int kMaxComponentBytes = 255;

    // false → *reason says why.
    static bool normalise(const QByteArray &requested, QString *normalised, QString *reason);
};

} // namespace bootbench
