#include "imaging/imagetransfer.h"

#include "imaging/sha256.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace bootbench::engine {

namespace {

std::string serverError(const HttpResponse &r)
{
    const nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_string())
        return j["error"].get<std::string>();
    return "HTTP " + std::to_string(r.status) + " " + r.reason;
}

struct Piece
{
    std::string data;
    bool last = false;
};

} // namespace

void ImageTransfer::pause(int attempt) const
{
    const int ms = std::min(firstRetryMs << std::min(attempt, 4), 8000);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

bool ImageTransfer::sendPiece(const std::string &file, uint64_t offset, const std::string &data, bool final,
                              const std::string &sha256, std::string *error) const
{
    const std::string target = url(file) + "?offset=" + std::to_string(offset) + (final ? "&final=1" : "");
    Headers headers = m_headers;
    headers.emplace_back("Content-Type", "application/octet-stream");
    if (final)
        headers.emplace_back("X-Image-SHA256", sha256);
    std::string last;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        if (attempt > 0) {
            m_say("uploading " + file + " again from byte " + std::to_string(offset) + " (" + last + ")");
            pause(attempt - 1);
        }
        size_t sent = 0;
        const BodySource source = [&](char *buf, size_t size, std::string *) -> long {
            const size_t n = std::min(size, data.size() - sent);
            std::memcpy(buf, data.data() + sent, n);
            sent += n;
            return long(n);
        };
        HttpResponse r;
        std::string why;
        if (!m_client.put(target, headers, data.size(), source, &r, &why)) {
            last = why;
            continue;
        }
        if ((!final && r.status == 200) || (final && r.status == 201))
            return true;
        last = serverError(r);
        if (r.status >= 500)
            continue;
        *error = "the server refused " + file + " at byte " + std::to_string(offset) + ": " + last;
        return false;
    }
    *error = "uploading " + file + " failed at byte " + std::to_string(offset) + " after " + std::to_string(attempts) +
             " attempts: " + last;
    return false;
}

bool ImageTransfer::uploadBytes(const std::string &file, const std::string &data, std::string *error) const
{
    Sha256 h;
    h.add(data.data(), data.size());
    return sendPiece(file, 0, data, true, h.hex(), error);
}

bool ImageTransfer::uploadStream(const std::string &file, int fd, uint64_t *size, std::string *sha256,
                                 const Progress &progress, const std::function<void()> &abort, std::string *error) const
{
    // A reader thread fills pieces (hashing them) while this thread uploads the one before.
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<Piece> ready;
    bool stop = false;
    std::string readError;
    std::string digest;
    uint64_t total = 0;
    std::thread reader([&] {
        Sha256 hash;
        for (;;) {
            Piece p;
            p.data.resize(pieceBytes);
            size_t used = 0;
            while (used < pieceBytes) {
                const ssize_t n = ::read(fd, p.data.data() + used, pieceBytes - used);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0) {
                    std::lock_guard lock(mutex);
                    readError = std::string("reading the stream failed: ") + std::strerror(errno);
                    p.last = true;
                    break;
                }
                if (n == 0) {
                    p.last = true;
                    break;
                }
                used += size_t(n);
            }
            p.data.resize(used);
            hash.add(p.data.data(), used);
            std::unique_lock lock(mutex);
            total += used;
            if (p.last)
                digest = hash.hex();
            cv.wait(lock, [&] { return stop || ready.size() < 2; });
            if (stop)
                return;
            const bool last = p.last;
            ready.push_back(std::move(p));
            cv.notify_all();
            if (last)
                return;
        }
    });
    uint64_t offset = 0;
    bool ok = true;
    for (;;) {
        Piece p;
        {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return !ready.empty(); });
            p = std::move(ready.front());
            ready.pop_front();
            cv.notify_all();
            if (p.last && !readError.empty()) {
                *error = readError;
                ok = false;
                break;
            }
        }
        if (!sendPiece(file, offset, p.data, p.last, digest, error)) {
            ok = false;
            break;
        }
        offset += p.data.size();
        if (progress)
            progress(offset);
        if (p.last)
            break;
    }
    if (!ok) {
        {
            std::lock_guard lock(mutex);
            stop = true;
            cv.notify_all();
        }
        if (abort)
            abort();
    }
    reader.join();
    *size = total;
    *sha256 = digest;
    return ok;
}

bool ImageTransfer::download(const std::string &file, uint64_t size, const BodySink &sink, const Progress &progress,
                             std::string *error) const
{
    uint64_t received = 0;
    bool sinkFailed = false;
    std::string last;
    int attempt = 0;
    const BodySink counting = [&](const char *data, size_t n, std::string *why) {
        if (!sink(data, n, why)) {
            sinkFailed = true;
            return false;
        }
        received += n;
        if (progress)
            progress(received);
        return true;
    };
    while (attempt < attempts) {
        if (attempt > 0) {
            m_say("downloading " + file + " again from byte " + std::to_string(received) + " (" + last + ")");
            pause(attempt - 1);
        }
        const uint64_t before = received;
        HttpResponse r;
        std::string why;
        const bool answered = m_client.getRange(url(file), m_headers, received, -1, counting, &r, &why);
        if (sinkFailed) {
            *error = why;
            return false;
        }
        if (answered) {
            if (r.status == 200 && before > 0) {
                *error = "the server sent " + file + " from its start when asked to resume at byte " +
                         std::to_string(before);
                return false;
            }
            if (r.status != 200 && r.status != 206) {
                last = serverError(r);
                if (r.status >= 500) {
                    ++attempt;
                    continue;
                }
                *error = "the server refused " + file + ": " + last;
                return false;
            }
            if (received != size) {
                *error = file + " ended after " + std::to_string(received) + " of its " + std::to_string(size) +
                         " bytes (a truncated stream)";
                return false;
            }
            return true;
        }
        last = why;
        attempt = received > before ? 1 : attempt + 1; // progress: the count starts again
    }
    *error = "downloading " + file + " failed at byte " + std::to_string(received) + " after " +
             std::to_string(attempts) + " attempts: " + last;
    return false;
}

bool ImageTransfer::downloadBytes(const std::string &file, std::string *data, std::string *error) const
{
    HttpResponse r;
    std::string why;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        if (attempt > 0)
            pause(attempt - 1);
        if (!m_client.get(url(file), m_headers, &r, &why))
            continue;
        if (r.status == 200) {
            *data = r.body;
            return true;
        }
        if (r.status < 500) {
            *error = "the server refused " + file + ": " + serverError(r);
            return false;
        }
        why = serverError(r);
    }
    *error = "downloading " + file + " failed: " + why;
    return false;
}

} // namespace bootbench::engine
