#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace bootbench::engine {

// SHA-256 (FIPS 180-4), streamed: add() as the data passes, hex() at the end. Small and without
// dependencies, for the image streams the engine hashes on their way (docs/images.md).
class Sha256
{
public:
    Sha256() { reset(); }
    void reset();
    void add(const void *data, size_t size);
    std::string hex(); // finishes; call reset() before hashing again

private:
    void block(const uint8_t *p);

    uint32_t m_h[8];
    uint8_t m_buf[64];
    size_t m_used = 0;
    uint64_t m_bytes = 0;
};

} // namespace bootbench::engine
