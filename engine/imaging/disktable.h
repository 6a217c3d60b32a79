#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bootbench::engine {

struct TablePartition
{
    int number = 0;
    std::string node;   // /dev/sda1, /dev/loop0p1
    uint64_t start = 0; // sectors
    uint64_t size = 0;  // sectors
    std::string type;
};

// A whole disk as the imaging actions see it: which one (DiskFinder), its size, its partition
// table (sfdisk), and the kernel's view of its partitions (BLKRRPART, else partx: BLKPG).
struct DiskTable
{
    std::string device;
    uint64_t sizeBytes = 0;
    uint32_t sectorSize = 512;
    std::string label; // gpt | dos
    std::string dump;  // sfdisk -d
    std::vector<TablePartition> partitions;

    // Size and sector size from the device (BLKGETSIZE64, BLKSSZGET); false with *error.
    static bool probeSize(const std::string &device, uint64_t *bytes, uint32_t *sectorSize, std::string *error);
    // sfdisk -d and sfdisk --json of the device.
    static bool read(const std::string &device, DiskTable *out, std::string *error);
};

class DiskFinder
{
public:
    std::string sysBlock = "/sys/block";
    // spec: "auto" or empty (the only fixed disk, else the largest), "/dev/NAME", "NAME", or a
    // serial number. override (--disk) wins. False with *error naming what was found.
    bool find(const std::string &spec, const std::string &override, std::string *device, std::string *error) const;
};

// Makes the kernel's partitions of `device` match `expected` (number, start, size): BLKRRPART
// first, then partx -u / partx -a (BLKPG) for kernels that do not parse tables (loop devices
// here). `say` gets what was done. False with *error when the partitions still do not match.
bool syncKernelPartitions(const std::string &device, const std::vector<TablePartition> &expected,
                          const std::function<void(const std::string &)> &say, std::string *error);

// The partclone backend for a blkid TYPE ("extfs", "fat", ...), empty when there is none.
std::string partcloneBackend(const std::string &fsType);

} // namespace bootbench::engine
