#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace bootbench::engine {

// After a restore, the device's image-safe data goes into the restored system where that system
// reads it (docs/images.md, "The device's identity in the restored system"):
// - every ext2/3/4 file system holding a Linux root (etc/ with etc/hostname or etc/os-release):
//   etc/hostname becomes the host name, and etc/hosts' 127.0.1.1 line names it (added when there
//   is none);
// - every NTFS file system holding Windows/Panther/unattend.xml (a sysprepped Windows), mounted
//   with ntfs-3g: each <ComputerName> element's text becomes the host name.
class ImageSafeWriter
{
public:
    // The host name for the device from the work answer: imageSafe.hostName, else the device's
    // name; empty when neither is a host name (RFC 1123 label, at most 63 characters).
    static std::string hostName(const nlohmann::json &work);

    explicit ImageSafeWriter(std::string hostName)
        : m_hostName(std::move(hostName))
    {}

    // Writes into one restored partition (node, blkid TYPE). Appends a sentence per file written
    // to *written; false with *error when a file system it should write could not be written.
    bool write(const std::string &node, const std::string &fsType, std::vector<std::string> *written,
               std::string *error) const;

private:
    bool writeLinux(const std::string &root, const std::string &node, std::vector<std::string> *written,
                    std::string *error) const;
    bool writeWindows(const std::string &root, const std::string &node, std::vector<std::string> *written,
                      std::string *error) const;

    std::string m_hostName;
};

} // namespace bootbench::engine
