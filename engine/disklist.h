#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bootbench::engine {

struct DiskInfo
{
    std::string name;   // sda, nvme0n1, vda
    std::string device; // /dev/sda
    uint64_t sizeBytes = 0;
    std::string model;
};

// The machine's fixed disks from /sys/block: not removable, not empty, and none of the kernel's
// own block devices (loop, ram, zram, optical, floppy, device-mapper, md, nbd).
class DiskList
{
public:
    static std::vector<DiskInfo> fixedDisks(const std::string &sysBlock = "/sys/block");
    static std::string devices(const std::vector<DiskInfo> &disks); // "/dev/sda /dev/nvme0n1"
};

} // namespace bootbench::engine
