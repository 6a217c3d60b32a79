#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace bootbench::engine {

// One blocking TCP connection with a deadline on every step: connecting (each address the
// host name resolves to, in turn) and every read and write wait at most the given time, so a
// server that vanishes never hangs the engine.
class TcpConnection
{
public:
    TcpConnection() = default;
    ~TcpConnection();
    TcpConnection(const TcpConnection &) = delete;
    TcpConnection &operator=(const TcpConnection &) = delete;

    bool connect(const std::string &host, uint16_t port, int timeoutMs, std::string *error);
    // Writes all of data; false with *error when the peer went away or nothing moved for timeoutMs.
    bool writeAll(const char *data, size_t size, int timeoutMs, std::string *error);
    // Reads what is there (at most size bytes), waiting up to timeoutMs for the first byte.
    // Returns the count, 0 at the end of the stream, -1 with *error.
    long readSome(char *data, size_t size, int timeoutMs, std::string *error);
    void close();
    bool isOpen() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

} // namespace bootbench::engine
