#include "imaging/imageaction.h"

#include "imaging/disktable.h"
#include "imaging/imagesafedata.h"
#include "imaging/imagetransfer.h"
#include "imaging/pipeline.h"
#include "imaging/sha256.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace bootbench::engine {

namespace {

constexpr uint64_t kHeadBytes = 1u << 20;

std::string trimmed(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r'))
        s.pop_back();
    return s;
}

std::string nowUtc()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string mb(uint64_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / 1e6);
    return buf;
}

std::string rate(uint64_t bytes, double seconds)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f MB/s", seconds > 0 ? double(bytes) / 1e6 / seconds : 0.0);
    return buf;
}

double since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// "Space in use:   9.7 MB = 9513 Blocks" and "Block size:   1024 Byte" of partclone's stderr.
int64_t partcloneUsedBytes(const std::string &text)
{
    const auto number = [&](const std::string &label, const std::string &after) -> int64_t {
        const size_t at = text.find(label);
        if (at == std::string::npos)
            return -1;
        const size_t from = after.empty() ? at + label.size() : text.find(after, at);
        if (from == std::string::npos)
            return -1;
        return std::strtoll(text.c_str() + from + after.size(), nullptr, 10);
    };
    const int64_t blocks = number("Space in use:", "=");
    const int64_t blockSize = number("Block size:", "");
    return blocks >= 0 && blockSize > 0 ? blocks * blockSize : -1;
}

bool readHead(const std::string &device, uint64_t bytes, std::string *out, std::string *error)
{
    const int fd = ::open(device.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = "cannot open " + device + ": " + std::strerror(errno);
        return false;
    }
    out->assign(bytes, '\0');
    size_t done = 0;
    while (done < bytes) {
        const ssize_t n = ::pread(fd, out->data() + done, bytes - done, off_t(done));
        if (n <= 0) {
            *error = "cannot read the first MiB of " + device + ": " + (n < 0 ? std::strerror(errno) : "end of disk");
            ::close(fd);
            return false;
        }
        done += size_t(n);
    }
    ::close(fd);
    return true;
}

bool writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= size_t(n);
    }
    return true;
}

// partclone.ntfs restores the volume's clusters, not the backup boot sector that follows them at the
// partition's end (ntfsfix -n then says "alternate boot sector... BAD"): copy the boot sector there,
// as NTFS keeps it. Empty when done, else why not.
std::string writeNtfsBackupBootSector(const std::string &node)
{
    const int fd = ::open(node.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return "cannot open " + node + ": " + std::strerror(errno);
    unsigned char boot[4096];
    std::string why;
    if (::pread(fd, boot, 512, 0) != 512 || std::memcmp(boot + 3, "NTFS    ", 8) != 0) {
        why = node + " does not start with an NTFS boot sector";
    } else {
        const uint32_t sectorBytes = uint32_t(boot[0x0b]) | uint32_t(boot[0x0c]) << 8;
        uint64_t sectors = 0;
        for (int i = 7; i >= 0; --i)
            sectors = sectors << 8 | boot[0x28 + i];
        uint64_t partitionBytes = 0;
        if (sectorBytes < 512 || sectorBytes > sizeof boot || ::ioctl(fd, BLKGETSIZE64, &partitionBytes) != 0)
            why = "the NTFS boot sector of " + node + " has an odd sector size";
        else if ((sectors + 1) * sectorBytes > partitionBytes)
            why = "the NTFS volume of " + node + " fills the partition: no backup boot sector after it";
        else if (::pread(fd, boot, sectorBytes, 0) != ssize_t(sectorBytes) ||
                 ::pwrite(fd, boot, sectorBytes, off_t(sectors * sectorBytes)) != ssize_t(sectorBytes) ||
                 ::fsync(fd) != 0)
            why = "cannot write the NTFS backup boot sector of " + node + ": " + std::strerror(errno);
    }
    ::close(fd);
    return why;
}

std::string partName(const nlohmann::json &p)
{
    return "partition " + std::to_string(p.value("number", 0)) + " (" + p.value("stream", std::string()) + ")";
}

} // namespace

ImageActionResult takeFolderImage(const nlohmann::json &params, const ImageActionContext &ctx)
{
    ImageActionResult out;
    const auto start = std::chrono::steady_clock::now();
    int level = params.contains("level") && params["level"].is_number_integer() ? params["level"].get<int>() : 3;
    level = std::max(1, std::min(level, 19));
    std::string device, error;
    DiskFinder finder;
    if (!finder.find(params.value("disk", std::string("auto")), ctx.diskOverride, &device, &error)) {
        out.reason = "take: " + error;
        return out;
    }
    DiskTable table;
    if (!DiskTable::read(device, &table, &error)) {
        out.reason = "take: " + error;
        return out;
    }
    ctx.say("taking " + device + " (" + mb(table.sizeBytes) + ", " + table.label + ", " +
            std::to_string(table.partitions.size()) + " partitions) to " + ctx.folderUrl);
    if (!syncKernelPartitions(device, table.partitions, ctx.say, &error)) {
        out.reason = "take: " + error;
        return out;
    }
    ImageTransfer transfer(ctx.folderUrl, ctx.headers, ctx.client, ctx.say);
    std::string head;
    if (!readHead(device, std::min(kHeadBytes, table.sizeBytes), &head, &error) ||
        !transfer.uploadBytes("disk.head", head, &error)) {
        out.reason = "take: disk.head: " + error;
        return out;
    }
    Sha256 headHash;
    headHash.add(head.data(), head.size());
    nlohmann::json parts = nlohmann::json::array();
    uint64_t sent = head.size();
    for (const TablePartition &p : table.partitions) {
        std::string fs;
        std::string ignored;
        if (Pipeline::capture({"blkid", "-p", "-o", "value", "-s", "TYPE", p.node}, &fs, &ignored))
            fs = trimmed(fs);
        else
            fs.clear();
        std::string backend = partcloneBackend(fs);
        if (!backend.empty() && !Pipeline::exists("partclone." + backend)) {
            ctx.say("partclone." + backend + " is not here: partition " + std::to_string(p.number) + " goes raw");
            backend.clear();
        }
        const std::string file =
            "p" + std::to_string(p.number) + "." + (backend.empty() ? "raw" : backend + ".pcl") + ".zst";
        const std::string name =
            "partition " + std::to_string(p.number) + " (" + p.node + ", " + (fs.empty() ? "no file system" : fs) + ")";
        std::vector<std::vector<std::string>> commands;
        int in = Pipeline::kNull;
        if (!backend.empty())
            commands.push_back({"partclone." + backend, "-c", "-s", p.node, "-o", "-", "-L", "/dev/null"});
        else
            in = ::open(p.node.c_str(), O_RDONLY | O_CLOEXEC);
        if (in < 0 && backend.empty()) {
            out.reason = "take: cannot open " + p.node + ": " + std::strerror(errno);
            return out;
        }
        commands.push_back({"zstd", "-T0", "-" + std::to_string(level), "-q", "-c"});
        Pipeline pipe;
        const bool started = pipe.start(commands, in, Pipeline::kPipe, &error);
        if (backend.empty())
            ::close(in);
        if (!started) {
            out.reason = "take: " + name + ": " + error;
            return out;
        }
        const auto partStart = std::chrono::steady_clock::now();
        uint64_t size = 0;
        std::string sha;
        const uint64_t before = sent;
        const bool uploaded = transfer.uploadStream(
            file, pipe.output(), &size, &sha,
            [&](uint64_t bytes) {
                if (ctx.progress)
                    ctx.progress("take", int64_t(before + bytes), -1, name + ": " + mb(bytes) + " sent");
            },
            [&] { pipe.kill(); }, &error);
        pipe.closeOutput();
        std::string failed;
        const bool ran = pipe.wait(&failed);
        if (!uploaded) {
            out.reason = "take: " + name + ": " + error;
            return out;
        }
        if (!ran) {
            out.reason = "take: " + name + ": " + failed;
            return out;
        }
        sent += size;
        const int64_t used =
            backend.empty() ? int64_t(p.size * table.sectorSize) : partcloneUsedBytes(pipe.errorHead(0));
        ctx.say(name + ": " + file + ", " + mb(size) + " in " + std::to_string(int(since(partStart))) + " s (" +
                rate(size, since(partStart)) + " compressed)");
        parts.push_back({{"number", p.number},
                         {"node", p.node},
                         {"start", p.start},
                         {"size", p.size},
                         {"type", p.type},
                         {"filesystem", fs},
                         {"method", backend.empty() ? "raw" : "partclone"},
                         {"usedBytes", used},
                         {"stream", file},
                         {"streamSize", size},
                         {"sha256", sha}});
    }
    nlohmann::json manifest = {{"format", "bootbench-image"},
                               {"version", 1},
                               {"taken", nowUtc()},
                               {"source", ctx.source},
                               {"disk",
                                {{"size", table.sizeBytes},
                                 {"sectorSize", table.sectorSize},
                                 {"table", table.label},
                                 {"sfdisk", table.dump},
                                 {"head", {{"file", "disk.head"}, {"size", head.size()}, {"sha256", headHash.hex()}}}}},
                               {"partitions", parts}};
    manifest["source"]["disk"] = device;
    if (!transfer.uploadBytes("manifest.json", manifest.dump(2) + "\n", &error)) {
        out.reason = "take: manifest.json: " + error;
        return out;
    }
    out.success = true;
    out.summary = "took " + device + ": " + std::to_string(parts.size()) + " partitions, " + mb(sent) + " in " +
                  std::to_string(int(since(start))) + " s (" + rate(sent, since(start)) + " compressed)";
    ctx.say(out.summary);
    return out;
}

ImageActionResult restoreFolderImage(const nlohmann::json &params, const ImageActionContext &ctx)
{
    ImageActionResult out;
    const auto start = std::chrono::steady_clock::now();
    std::string error;
    ImageTransfer transfer(ctx.folderUrl, ctx.headers, ctx.client, ctx.say);
    std::string text;
    if (!transfer.downloadBytes("manifest.json", &text, &error)) {
        out.reason = "restore: manifest.json: " + error;
        return out;
    }
    const nlohmann::json m = nlohmann::json::parse(text, nullptr, false);
    if (!m.is_object() || m.value("format", std::string()) != "bootbench-image" || !m.contains("disk") ||
        !m.contains("partitions") || !m["partitions"].is_array()) {
        out.reason = "restore: manifest.json of " + ctx.folderUrl + " is not a Bootbench image manifest";
        return out;
    }
    if (m.value("version", 0) != 1) {
        out.reason = "restore: manifest.json has format version " + std::to_string(m.value("version", 0)) +
                     "; this engine reads version 1";
        return out;
    }
    const nlohmann::json &disk = m["disk"];
    const uint64_t needed = disk.value("size", uint64_t(0));
    const std::string label = disk.value("table", std::string());
    std::string device;
    DiskFinder finder;
    if (!finder.find(params.value("disk", std::string("auto")), ctx.diskOverride, &device, &error)) {
        out.reason = "restore: " + error;
        return out;
    }
    uint64_t size = 0;
    uint32_t sectorSize = 512;
    if (!DiskTable::probeSize(device, &size, &sectorSize, &error)) {
        out.reason = "restore: " + error;
        return out;
    }
    if (size < needed) {
        out.reason = "restore: the disk " + device + " is too small: it has " + std::to_string(size) +
                     " bytes, the image needs " + std::to_string(needed) +
                     " bytes (the disk it was taken from); "
                     "nothing was written";
        return out;
    }
    if (sectorSize != disk.value("sectorSize", 512u)) {
        out.reason = "restore: " + device + " has " + std::to_string(sectorSize) + "-byte sectors, the image " +
                     std::to_string(disk.value("sectorSize", 512u)) + "-byte sectors; nothing was written";
        return out;
    }
    ctx.say("restoring " + ctx.folderUrl + " onto " + device + " (" + mb(size) + ")");
    // The first MiB: boot code, the table, the gap before the first partition.
    std::string head;
    const nlohmann::json headInfo = disk.value("head", nlohmann::json::object());
    if (!transfer.downloadBytes(headInfo.value("file", std::string("disk.head")), &head, &error)) {
        out.reason = "restore: disk.head: " + error;
        return out;
    }
    Sha256 headHash;
    headHash.add(head.data(), head.size());
    if (headHash.hex() != headInfo.value("sha256", std::string())) {
        out.reason = "restore: disk.head: its SHA-256 is " + headHash.hex() + ", the manifest says " +
                     headInfo.value("sha256", std::string()) + "; nothing was written";
        return out;
    }
    {
        const int fd = ::open(device.c_str(), O_WRONLY | O_CLOEXEC);
        const bool ok =
            fd >= 0 && ::pwrite(fd, head.data(), head.size(), 0) == ssize_t(head.size()) && ::fsync(fd) == 0;
        const int e = errno;
        if (fd >= 0)
            ::close(fd);
        if (!ok) {
            out.reason = "restore: cannot write disk.head to " + device + ": " + std::strerror(e);
            return out;
        }
    }
    // The table, as sfdisk dumped it.
    {
        Pipeline sfdisk;
        if (!sfdisk.start({{"sfdisk", "-q", "--no-reread", "--no-tell-kernel", device}}, Pipeline::kPipe,
                          Pipeline::kNull, &error)) {
            out.reason = "restore: " + error;
            return out;
        }
        const std::string dump = disk.value("sfdisk", std::string());
        (void)writeAll(sfdisk.input(), dump.data(), dump.size());
        sfdisk.closeInput();
        if (!sfdisk.wait(&error)) {
            out.reason = "restore: writing the partition table of " + device + " failed: " + error;
            return out;
        }
    }
    if (label == "gpt" && size > needed) {
        std::string ignored;
        if (!Pipeline::capture({"sgdisk", "-e", device}, &ignored, &error)) {
            out.reason =
                "restore: moving the backup GPT header to the end of " + device + " (sgdisk -e) failed: " + error;
            return out;
        }
        ctx.say("the backup GPT header is now at the end of " + device + " (sgdisk -e)");
    }
    std::vector<TablePartition> expected;
    for (const nlohmann::json &p : m["partitions"]) {
        TablePartition tp;
        tp.number = p.value("number", 0);
        tp.start = p.value("start", uint64_t(0));
        tp.size = p.value("size", uint64_t(0));
        expected.push_back(tp);
    }
    if (!syncKernelPartitions(device, expected, ctx.say, &error)) {
        out.reason = "restore: " + error;
        return out;
    }
    DiskTable table;
    if (!DiskTable::read(device, &table, &error)) {
        out.reason = "restore: " + error;
        return out;
    }
    uint64_t total = 0;
    for (const nlohmann::json &p : m["partitions"])
        total += p.value("streamSize", uint64_t(0));
    uint64_t done = 0;
    for (const nlohmann::json &p : m["partitions"]) {
        const int number = p.value("number", 0);
        const std::string name = partName(p);
        std::string node;
        for (const TablePartition &tp : table.partitions) {
            if (tp.number == number)
                node = tp.node;
        }
        if (node.empty()) {
            out.reason = "restore: " + name + ": " + device + " has no partition " + std::to_string(number);
            return out;
        }
        const bool raw = p.value("method", std::string()) == "raw";
        std::vector<std::vector<std::string>> commands{{"zstd", "-dc", "-q"}};
        int outFd = Pipeline::kNull;
        if (raw) {
            outFd = ::open(node.c_str(), O_WRONLY | O_CLOEXEC);
            if (outFd < 0) {
                out.reason = "restore: " + name + ": cannot open " + node + ": " + std::strerror(errno);
                return out;
            }
        } else {
            commands.push_back({"partclone.restore", "-s", "-", "-O", node, "-L", "/dev/null"});
        }
        Pipeline pipe;
        const bool started = pipe.start(commands, Pipeline::kPipe, outFd, &error);
        if (!started) {
            if (raw)
                ::close(outFd);
            out.reason = "restore: " + name + ": " + error;
            return out;
        }
        const auto partStart = std::chrono::steady_clock::now();
        Sha256 hash;
        bool pipeBroken = false;
        const uint64_t streamSize = p.value("streamSize", uint64_t(0));
        const uint64_t before = done;
        const bool downloaded = transfer.download(
            p.value("stream", std::string()), streamSize,
            [&](const char *data, size_t n, std::string *) {
                hash.add(data, n);
                // A restore program that stopped: keep hashing, so a damaged stream is named as such.
                if (!pipeBroken && !writeAll(pipe.input(), data, n))
                    pipeBroken = true;
                return true;
            },
            [&](uint64_t bytes) {
                if (ctx.progress)
                    ctx.progress("restore", int64_t(before + bytes), int64_t(total),
                                 name + ": " + mb(bytes) + " of " + mb(streamSize));
            },
            &error);
        if (!downloaded) {
            pipe.kill();
            std::string ignored;
            (void)pipe.wait(&ignored);
            if (raw)
                ::close(outFd);
            out.reason = "restore: " + name + ": " + error;
            return out;
        }
        const std::string sha = hash.hex();
        if (sha != p.value("sha256", std::string())) {
            pipe.kill();
            std::string ignored;
            (void)pipe.wait(&ignored);
            if (raw)
                ::close(outFd);
            out.reason = "restore: " + name + ": the stream's SHA-256 is " + sha + ", the manifest says " +
                         p.value("sha256", std::string()) + " (a damaged image)";
            return out;
        }
        pipe.closeInput();
        std::string failed;
        const bool ran = pipe.wait(&failed);
        bool synced = true;
        if (raw) {
            synced = ::fsync(outFd) == 0;
            ::close(outFd);
        }
        if (!ran || !synced) {
            out.reason = "restore: " + name + " onto " + node + ": " + (ran ? "fsync failed" : failed);
            return out;
        }
        if (!raw && p.value("filesystem", std::string()) == "ntfs") {
            const std::string why = writeNtfsBackupBootSector(node);
            if (!why.empty()) {
                out.reason = "restore: " + name + ": " + why;
                return out;
            }
        }
        done += streamSize;
        ctx.say(name + " onto " + node + ": " + mb(streamSize) + " in " + std::to_string(int(since(partStart))) +
                " s (" + rate(streamSize, since(partStart)) + " compressed)");
    }
    // The device's image-safe data into the restored system (docs/images.md).
    std::vector<std::string> written;
    if (ctx.hostName.empty()) {
        written.push_back("no host name for this device (image-safe data or device name): nothing written into the "
                          "restored system");
    } else {
        const ImageSafeWriter writer(ctx.hostName);
        for (const TablePartition &tp : table.partitions) {
            std::string fs, ignored;
            if (!Pipeline::capture({"blkid", "-p", "-o", "value", "-s", "TYPE", tp.node}, &fs, &ignored))
                continue; // no file system
            if (!writer.write(tp.node, trimmed(fs), &written, &error)) {
                out.reason = "restore: writing the device's image-safe data into the restored system: " + error;
                return out;
            }
        }
        if (written.empty())
            written.push_back("no Linux root (ext4 with /etc) and no sysprepped Windows (Windows/Panther/"
                              "unattend.xml): host name " +
                              ctx.hostName + " written nowhere");
    }
    for (const std::string &line : written)
        ctx.say(line);
    ::sync();
    out.success = true;
    out.summary = "restored " + ctx.folderUrl + " onto " + device + ": " + std::to_string(m["partitions"].size()) +
                  " partitions, " + mb(done) + " in " + std::to_string(int(since(start))) + " s (" +
                  rate(done, since(start)) + " compressed)";
    for (const std::string &line : written)
        out.summary += "; " + line;
    ctx.say(out.summary);
    return out;
}

} // namespace bootbench::engine
