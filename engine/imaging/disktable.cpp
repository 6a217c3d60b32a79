#include "imaging/disktable.h"

#include "disklist.h"
#include "imaging/pipeline.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace bootbench::engine {

namespace {

std::string readLine(const std::string &path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\n'))
        line.pop_back();
    return line;
}

std::string baseName(const std::string &device)
{
    const size_t slash = device.rfind('/');
    return slash == std::string::npos ? device : device.substr(slash + 1);
}

// The kernel's partitions of a disk: /sys/class/block/DISK/DISKpN/{partition,start,size}.
struct KernelPart
{
    int number = 0;
    std::string name;
    uint64_t start = 0, size = 0; // 512-byte sectors
};

std::vector<KernelPart> kernelParts(const std::string &device)
{
    std::vector<KernelPart> out;
    const std::string disk = baseName(device);
    const std::string dir = "/sys/class/block/" + disk;
    for (int n = 1; n <= 128; ++n) {
        for (const std::string &name : {disk + std::to_string(n), disk + "p" + std::to_string(n)}) {
            const std::string base = dir + "/" + name;
            if (::access((base + "/partition").c_str(), R_OK) != 0)
                continue;
            KernelPart p;
            p.number = std::atoi(readLine(base + "/partition").c_str());
            p.name = name;
            p.start = std::strtoull(readLine(base + "/start").c_str(), nullptr, 10);
            p.size = std::strtoull(readLine(base + "/size").c_str(), nullptr, 10);
            out.push_back(p);
        }
    }
    return out;
}

// Empty when the kernel's partitions are the expected ones (and their /dev nodes exist); else what differs.
std::string mismatch(const std::string &device, const std::vector<TablePartition> &expected, uint32_t sectorSize)
{
    const std::vector<KernelPart> have = kernelParts(device);
    const uint64_t factor = sectorSize / 512;
    for (const TablePartition &e : expected) {
        bool found = false;
        for (const KernelPart &k : have) {
            if (k.number == e.number) {
                found = true;
                if (k.start != e.start * factor || k.size != e.size * factor)
                    return "partition " + std::to_string(e.number) + " is at sector " + std::to_string(k.start) + " (" +
                           std::to_string(k.size) + " sectors) for the kernel, not " +
                           std::to_string(e.start * factor) + " (" + std::to_string(e.size * factor) + ")";
                if (::access(("/dev/" + k.name).c_str(), F_OK) != 0)
                    return "/dev/" + k.name + " does not exist";
            }
        }
        if (!found)
            return "the kernel has no partition " + std::to_string(e.number);
    }
    if (have.size() > expected.size())
        return "the kernel has " + std::to_string(have.size()) + " partitions, the table " +
               std::to_string(expected.size());
    return {};
}

} // namespace

bool DiskTable::probeSize(const std::string &device, uint64_t *bytes, uint32_t *sectorSize, std::string *error)
{
    const int fd = ::open(device.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = "cannot open " + device + ": " + std::strerror(errno);
        return false;
    }
    uint64_t size = 0;
    int ssz = 512;
    const bool ok = ::ioctl(fd, BLKGETSIZE64, &size) == 0 && ::ioctl(fd, BLKSSZGET, &ssz) == 0;
    const int e = errno;
    ::close(fd);
    if (!ok) {
        *error = device + " is not a block device (" + std::strerror(e) + ")";
        return false;
    }
    *bytes = size;
    *sectorSize = uint32_t(ssz);
    return true;
}

bool DiskTable::read(const std::string &device, DiskTable *out, std::string *error)
{
    out->device = device;
    if (!probeSize(device, &out->sizeBytes, &out->sectorSize, error))
        return false;
    std::string why;
    if (!Pipeline::capture({"sfdisk", "-d", device}, &out->dump, &why)) {
        *error = "cannot read the partition table of " + device + " (sfdisk -d): " + why;
        return false;
    }
    std::string text;
    if (!Pipeline::capture({"sfdisk", "--json", device}, &text, &why)) {
        *error = "cannot read the partition table of " + device + " (sfdisk --json): " + why;
        return false;
    }
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("partitiontable")) {
        *error = "sfdisk --json " + device + " gave no partition table";
        return false;
    }
    const nlohmann::json &t = j["partitiontable"];
    out->label = t.value("label", std::string());
    if (out->label != "gpt" && out->label != "dos") {
        *error = device + " has a \"" + out->label + "\" partition table; images take gpt and dos (MBR) tables";
        return false;
    }
    out->partitions.clear();
    if (t.contains("partitions")) {
        for (const nlohmann::json &p : t["partitions"]) {
            TablePartition tp;
            tp.node = p.value("node", std::string());
            size_t digits = tp.node.size();
            while (digits > 0 && std::isdigit(static_cast<unsigned char>(tp.node[digits - 1])))
                --digits;
            tp.number = std::atoi(tp.node.c_str() + digits);
            tp.start = p.value("start", uint64_t(0));
            tp.size = p.value("size", uint64_t(0));
            tp.type = p.value("type", std::string());
            if (out->label == "dos" && tp.type.size() <= 2 && (tp.type == "5" || tp.type == "f" || tp.type == "85"))
                continue; // an extended partition is the table's, not data
            out->partitions.push_back(tp);
        }
    }
    return true;
}

bool DiskFinder::find(const std::string &spec, const std::string &override, std::string *device,
                      std::string *error) const
{
    if (!override.empty()) {
        *device = override;
        return true;
    }
    const std::vector<DiskInfo> disks = DiskList::fixedDisks(sysBlock);
    if (spec.empty() || spec == "auto") {
        if (disks.empty()) {
            *error = "no fixed disk found in " + sysBlock;
            return false;
        }
        const DiskInfo *largest = &disks.front();
        for (const DiskInfo &d : disks) {
            if (d.sizeBytes > largest->sizeBytes)
                largest = &d;
        }
        *device = largest->device;
        return true;
    }
    if (spec.rfind("/dev/", 0) == 0) {
        *device = spec;
        return true;
    }
    std::string names;
    for (const DiskInfo &d : disks) {
        if (d.name == spec || readLine(sysBlock + "/" + d.name + "/device/serial") == spec) {
            *device = d.device;
            return true;
        }
        names += (names.empty() ? "" : ", ") + d.name;
    }
    *error =
        "no fixed disk is named or has the serial \"" + spec + "\" (disks: " + (names.empty() ? "none" : names) + ")";
    return false;
}

bool syncKernelPartitions(const std::string &device, const std::vector<TablePartition> &expected,
                          const std::function<void(const std::string &)> &say, std::string *error)
{
    uint64_t size = 0;
    uint32_t sectorSize = 512;
    if (!DiskTable::probeSize(device, &size, &sectorSize, error))
        return false;
    const int fd = ::open(device.c_str(), O_RDONLY | O_CLOEXEC);
    std::string reread = "the kernel's reread (BLKRRPART)";
    if (fd >= 0) {
        if (::ioctl(fd, BLKRRPART) != 0)
            reread += " failed: " + std::string(std::strerror(errno));
        ::close(fd);
    }
    // devtmpfs makes the nodes as the kernel adds the partitions; give it a moment.
    const auto settled = [&] {
        for (int i = 0; i < 20; ++i) {
            if (mismatch(device, expected, sectorSize).empty())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    };
    if (settled())
        return true;
    const std::string first = mismatch(device, expected, sectorSize);
    std::string why;
    std::string ignored;
    (void)Pipeline::capture({"partx", "-u", device}, &ignored, &why);
    if (!settled())
        (void)Pipeline::capture({"partx", "-a", device}, &ignored, &why);
    if (!settled()) {
        // Partitions the old table had and the new one has not: remove them and add anew.
        (void)Pipeline::capture({"partx", "-d", device}, &ignored, &why);
        (void)Pipeline::capture({"partx", "-a", device}, &ignored, &why);
    }
    if (settled()) {
        say(reread + " did not bring the partitions of " + device + " (" + first + "); partx (BLKPG) added them");
        return true;
    }
    *error = "the kernel does not see the new partitions of " + device + ": neither " + reread +
             " nor partx (BLKPG) brought them (" + mismatch(device, expected, sectorSize) + ")" +
             (why.empty() ? std::string() : "; partx: " + why);
    return false;
}

std::string partcloneBackend(const std::string &fsType)
{
    if (fsType == "ext2" || fsType == "ext3" || fsType == "ext4")
        return "extfs";
    if (fsType == "vfat")
        return "fat";
    if (fsType == "hfsplus")
        return "hfsp";
    for (const char *same : {"ntfs", "exfat", "xfs", "btrfs", "f2fs"}) {
        if (fsType == same)
            return fsType;
    }
    return {};
}

} // namespace bootbench::engine
