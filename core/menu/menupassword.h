#pragma once

#include <QString>

namespace bootbench {

// The Preboot Menu password, kept only as a salted PBKDF2-HMAC-SHA256 hash:
//   pbkdf2-sha256$ITERATIONS$SALT$HASH   (SALT and HASH in unpadded base64url)
// The policy service checks a typed password against it; the hash never leaves the server.
class MenuPassword
{
public:
    static constexpr int kDefaultIterations = 100000;
    static constexpr int kMinIterations = 1000;
    static constexpr int kMaxIterations = 10000000; // a hash from a file must not stall the server

    // A new hash with a random 16-byte salt.
    static QString hash(const QString &password, int iterations = kDefaultIterations);
    // Whether `encoded` has the form above (iterations in range, salt and hash decodable).
    static bool isWellFormed(const QString &encoded);
    // Constant-time comparison; false for a malformed hash.
    static bool verify(const QString &password, const QString &encoded);
};

} // namespace bootbench
