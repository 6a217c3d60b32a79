#include "disklist.h"

#include <algorithm>
#include <dirent.h>
#include <fstream>

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

bool virtualName(const std::string &n)
{
    for (const char *prefix : {"loop", "ram", "zram", "sr", "fd", "dm-", "md", "nbd"}) {
        if (n.rfind(prefix, 0) == 0)
            return true;
    }
    return false;
}

} // namespace

std::vector<DiskInfo> DiskList::fixedDisks(const std::string &sysBlock)
{
    std::vector<DiskInfo> out;
    DIR *dir = ::opendir(sysBlock.c_str());
    if (!dir)
        return out;
    while (dirent *e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name.empty() || name[0] == '.' || virtualName(name))
            continue;
        const std::string base = sysBlock + "/" + name;
        if (readLine(base + "/removable") == "1")
            continue;
        DiskInfo d;
        d.name = name;
        d.device = "/dev/" + name;
        d.sizeBytes = std::strtoull(readLine(base + "/size").c_str(), nullptr, 10) * 512;
        if (d.sizeBytes == 0)
            continue;
        d.model = readLine(base + "/device/model");
        out.push_back(d);
    }
    ::closedir(dir);
    std::sort(out.begin(), out.end(), [](const DiskInfo &a, const DiskInfo &b) { return a.name < b.name; });
    return out;
}

std::string DiskList::devices(const std::vector<DiskInfo> &disks)
{
    std::string out;
    for (const DiskInfo &d : disks)
        out += (out.empty() ? "" : " ") + d.device;
    return out;
}

} // namespace bootbench::engine
