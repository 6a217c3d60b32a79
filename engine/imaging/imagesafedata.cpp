#include "imaging/imagesafedata.h"

#include "imaging/pipeline.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bootbench::engine {

namespace {

bool isHostLabel(const std::string &s)
{
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-')
        return false;
    for (const char c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
            return false;
    }
    return true;
}

bool isDir(const std::string &path)
{
    struct stat st
    {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool isFile(const std::string &path)
{
    struct stat st
    {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool readFile(const std::string &path, std::string *out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
    return true;
}

// Replaces the file's contents, keeping its mode and owner: written beside it, synced, renamed.
bool replaceFile(const std::string &path, const std::string &data, std::string *error)
{
    struct stat st
    {};
    const bool existed = ::stat(path.c_str(), &st) == 0;
    const std::string tmp = path + ".bootbench-new";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, existed ? st.st_mode & 07777 : 0644);
    bool ok = fd >= 0;
    size_t done = 0;
    while (ok && done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        ok = n > 0;
        done += ok ? size_t(n) : 0;
    }
    if (ok && existed)
        ok = ::fchown(fd, st.st_uid, st.st_gid) == 0 || errno == EPERM || errno == ENOSYS;
    ok = ok && ::fsync(fd) == 0;
    const int e = errno;
    if (fd >= 0)
        ::close(fd);
    if (ok && ::rename(tmp.c_str(), path.c_str()) == 0)
        return true;
    *error = "cannot write " + path + ": " + std::strerror(ok ? errno : e);
    ::unlink(tmp.c_str());
    return false;
}

// The entry of `dir` named `name` in any case (NTFS keeps Windows' case: Windows, WINDOWS).
std::string findNoCase(const std::string &dir, const std::string &name)
{
    DIR *d = ::opendir(dir.c_str());
    if (!d)
        return {};
    std::string found;
    while (const dirent *e = ::readdir(d)) {
        if (::strcasecmp(e->d_name, name.c_str()) == 0) {
            found = dir + "/" + e->d_name;
            break;
        }
    }
    ::closedir(d);
    return found;
}

// A temporary mount point, removed with the object (after the file system is unmounted).
class MountPoint
{
public:
    MountPoint()
    {
        char tmpl[] = "/tmp/bootbench-restored-XXXXXX";
        if (::mkdtemp(tmpl))
            m_path = tmpl;
    }
    ~MountPoint()
    {
        if (m_mounted)
            unmount(nullptr);
        if (!m_path.empty())
            ::rmdir(m_path.c_str());
    }
    MountPoint(const MountPoint &) = delete;
    MountPoint &operator=(const MountPoint &) = delete;
    const std::string &path() const { return m_path; }
    void setMounted() { m_mounted = true; }
    // ntfs-3g mounts a block device as fuseblk, whose unmount waits for the file system to be
    // written out.
    bool unmount(std::string *error)
    {
        m_mounted = false;
        if (::umount2(m_path.c_str(), 0) == 0)
            return true;
        if (error)
            *error = "cannot unmount " + m_path + ": " + std::strerror(errno);
        return false;
    }

private:
    std::string m_path;
    bool m_mounted = false;
};

} // namespace

std::string ImageSafeWriter::hostName(const nlohmann::json &work)
{
    std::string name;
    if (work.is_object() && work.contains("imageSafe") && work["imageSafe"].is_object())
        name = work["imageSafe"].value("hostName", std::string());
    if (name.empty() && work.is_object())
        name = work.value("name", std::string());
    return isHostLabel(name) ? name : std::string();
}

bool ImageSafeWriter::write(const std::string &node, const std::string &fsType, std::vector<std::string> *written,
                            std::string *error) const
{
    const bool ext = fsType == "ext2" || fsType == "ext3" || fsType == "ext4";
    if (m_hostName.empty() || (!ext && fsType != "ntfs"))
        return true;
    MountPoint mnt;
    if (mnt.path().empty()) {
        *error = std::string("cannot make a mount point in /tmp: ") + std::strerror(errno);
        return false;
    }
    if (ext) {
        if (::mount(node.c_str(), mnt.path().c_str(), fsType.c_str(), 0, nullptr) != 0) {
            *error = "cannot mount " + node + " (" + fsType + "): " + std::strerror(errno);
            return false;
        }
    } else {
        std::string ignored;
        if (!Pipeline::capture({"ntfs-3g", "-o", "rw", node, mnt.path()}, &ignored, error)) {
            *error = "cannot mount " + node + " (ntfs) with ntfs-3g: " + *error;
            return false;
        }
    }
    mnt.setMounted();
    const bool ok = ext ? writeLinux(mnt.path(), node, written, error) : writeWindows(mnt.path(), node, written, error);
    std::string why;
    if (!mnt.unmount(&why)) {
        if (ok)
            *error = why;
        return false;
    }
    return ok;
}

bool ImageSafeWriter::writeLinux(const std::string &root, const std::string &node, std::vector<std::string> *written,
                                 std::string *error) const
{
    const std::string etc = root + "/etc";
    if (!isDir(etc) ||
        (!isFile(etc + "/hostname") && !isFile(etc + "/os-release") && !isFile(root + "/usr/lib/os-release")))
        return true; // not a Linux root
    if (!replaceFile(etc + "/hostname", m_hostName + "\n", error))
        return false;
    std::string what = "host name " + m_hostName + " written to /etc/hostname";
    std::string hosts;
    if (readFile(etc + "/hosts", &hosts)) {
        std::istringstream in(hosts);
        std::string line, out;
        bool replaced = false;
        while (std::getline(in, line)) {
            if (line.rfind("127.0.1.1", 0) == 0 && line.size() > 9 && (line[9] == ' ' || line[9] == '\t')) {
                if (replaced)
                    continue; // one 127.0.1.1 line
                line = "127.0.1.1\t" + m_hostName;
                replaced = true;
            }
            out += line + "\n";
        }
        if (!replaced)
            out += "127.0.1.1\t" + m_hostName + "\n";
        if (!replaceFile(etc + "/hosts", out, error))
            return false;
        what += " and to /etc/hosts (127.0.1.1)";
    }
    written->push_back(what + " on " + node);
    return true;
}

bool ImageSafeWriter::writeWindows(const std::string &root, const std::string &node, std::vector<std::string> *written,
                                   std::string *error) const
{
    const std::string windows = findNoCase(root, "Windows");
    const std::string panther = windows.empty() ? std::string() : findNoCase(windows, "Panther");
    const std::string unattend = panther.empty() ? std::string() : findNoCase(panther, "unattend.xml");
    if (unattend.empty() || !isFile(unattend))
        return true; // not sysprepped with an answer file: Windows names itself
    const std::string shown = unattend.substr(root.size());
    if (m_hostName.size() > 15) {
        written->push_back("computer name not written to " + shown + " on " + node + ": \"" + m_hostName +
                           "\" is longer than Windows' 15 characters");
        return true;
    }
    std::string xml;
    if (!readFile(unattend, &xml)) {
        *error = "cannot read " + unattend;
        return false;
    }
    static const std::string open = "<ComputerName>";
    static const std::string close = "</ComputerName>";
    int count = 0;
    for (size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at)) {
        const size_t from = at + open.size();
        const size_t to = xml.find(close, from);
        if (to == std::string::npos)
            break;
        xml.replace(from, to - from, m_hostName);
        at = from + m_hostName.size() + close.size();
        ++count;
    }
    if (count == 0) {
        written->push_back(shown + " on " + node + " has no <ComputerName> element: nothing written");
        return true;
    }
    if (!replaceFile(unattend, xml, error))
        return false;
    written->push_back("computer name " + m_hostName + " written to " + shown + " (" + std::to_string(count) +
                       " ComputerName element" + (count > 1 ? "s" : "") + ") on " + node);
    return true;
}

} // namespace bootbench::engine
