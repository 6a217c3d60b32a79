#pragma once

#include "httpclient.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace bootbench::engine {

// The files of a folder image on the image port (docs/images.md, docs/http-api.md "Appending
// uploads"): uploads in pieces that resume where a broken connection stopped, downloads that
// resume with Range. Bounded memory: at most three pieces are held.
class ImageTransfer
{
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;
    using Progress = std::function<void(uint64_t bytes)>;
    using Say = std::function<void(const std::string &)>;

    ImageTransfer(std::string folderUrl, Headers headers, HttpClient client, Say say)
        : m_folderUrl(std::move(folderUrl))
        , m_headers(std::move(headers))
        , m_client(client)
        , m_say(std::move(say))
    {}

    size_t pieceBytes = 4u << 20;
    int attempts = 8; // per piece, or per download without progress
    int firstRetryMs = 500;

    std::string url(const std::string &file) const { return m_folderUrl + "/" + file; }

    // Reads `fd` to its end and uploads it as FILE in pieces; *size and *sha256 of what was sent.
    // `abort` is called when the upload fails (it must make reads of fd end: kill the producer).
    bool uploadStream(const std::string &file, int fd, uint64_t *size, std::string *sha256, const Progress &progress,
                      const std::function<void()> &abort, std::string *error) const;
    bool uploadBytes(const std::string &file, const std::string &data, std::string *error) const;

    // Downloads FILE (expected `size` bytes) into sink, resuming with Range; checks nothing itself.
    bool download(const std::string &file, uint64_t size, const BodySink &sink, const Progress &progress,
                  std::string *error) const;
    bool downloadBytes(const std::string &file, std::string *data, std::string *error) const;

private:
    // One piece at offset; retried. *done set when the server completed the file (201).
    bool sendPiece(const std::string &file, uint64_t offset, const std::string &data, bool final,
                   const std::string &sha256, std::string *error) const;
    void pause(int attempt) const;

    std::string m_folderUrl;
    Headers m_headers;
    HttpClient m_client;
    Say m_say;
};

} // namespace bootbench::engine
