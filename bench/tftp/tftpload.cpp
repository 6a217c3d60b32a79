// tftpload: the TFTP load client of the benchmark. The same client measures every server, so the
// comparison is fair. One thread, one epoll set, one socket per transfer; N "clients" each fetch
// the same file again and again until the run's duration is over (no new transfer starts after),
// then the run ends when the last transfer completes. RFC 1350 lock-step, RFC 2347/2348 blksize and
// RFC 7440 windowsize receiver (ACK per window, ACK of the last block in order on a gap).
// While it runs, it samples the server's resident memory (the process and its children: tftpd-hpa
// forks one child per transfer) and measures the server's CPU time.
//
// Prints one line of key=value pairs (parsed by bench.py).
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <netinet/in.h>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Config
{
    std::string host = "127.0.0.1";
    int port = 69;
    std::string file;
    long long size = -1; // expected size; transfers of another size count as failed
    int clients = 1;
    int blksize = 512;
    int windowsize = 1;
    double seconds = 3;   // start new transfers for this long
    int once = 0;         // 1: each client fetches exactly once
    int timeoutMs = 1000; // client retransmission timeout
    int retries = 5;
    double hardLimit = 120; // give up the run after this many seconds
    int monitorPid = 0;
};

struct Transfer
{
    int fd = -1;
    sockaddr_in server{};
    bool tidKnown = false;
    uint64_t expected = 1;
    int blksize = 512;
    int window = 1;
    int sinceAck = 0;
    bool gapAcked = false;
    long long bytes = 0;
    Clock::time_point started, lastActivity;
    int retries = 0;
    std::vector<char> last; // last packet sent (RRQ or ACK)
    bool active = false;
};

long long readLong(const std::string &path, const std::string &key)
{
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size(), key) == 0)
            return std::atoll(line.c_str() + key.size());
    }
    return 0;
}

// utime+stime+cutime+cstime in clock ticks.
long long cpuTicks(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t paren = s.rfind(')');
    if (paren == std::string::npos)
        return 0;
    std::vector<std::string> f;
    size_t pos = paren + 2;
    while (pos < s.size()) {
        size_t end = s.find(' ', pos);
        if (end == std::string::npos)
            end = s.size();
        f.push_back(s.substr(pos, end - pos));
        pos = end + 1;
    }
    // fields after ")": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    if (f.size() < 15)
        return 0;
    return std::atoll(f[11].c_str()) + std::atoll(f[12].c_str()) + std::atoll(f[13].c_str()) +
           std::atoll(f[14].c_str());
}

std::vector<int> children(int pid)
{
    std::vector<int> out;
    // Cheap: the kernel's list of the main thread's children (forking servers fork from it).
    std::ifstream list("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    if (list) {
        int child = 0;
        while (list >> child)
            out.push_back(child);
        return out;
    }
    DIR *d = opendir("/proc");
    if (!d)
        return out;
    while (dirent *e = readdir(d)) {
        const int p = std::atoi(e->d_name);
        if (p <= 0)
            continue;
        if (readLong("/proc/" + std::to_string(p) + "/status", "PPid:") == pid)
            out.push_back(p);
    }
    closedir(d);
    return out;
}

long long treeRssKb(int pid)
{
    long long kb = readLong("/proc/" + std::to_string(pid) + "/status", "VmRSS:");
    for (int c : children(pid))
        kb += readLong("/proc/" + std::to_string(c) + "/status", "VmRSS:");
    return kb;
}

void put16(char *p, unsigned v)
{
    p[0] = char((v >> 8) & 0xff);
    p[1] = char(v & 0xff);
}

class Load
{
public:
    explicit Load(const Config &c)
        : m_c(c)
        , m_transfers(size_t(c.clients))
        , m_buffer(70000)
    {
        m_server.sin_family = AF_INET;
        m_server.sin_port = htons(uint16_t(c.port));
        inet_pton(AF_INET, c.host.c_str(), &m_server.sin_addr);
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
    }

    int run()
    {
        const Clock::time_point begin = Clock::now();
        m_stopStarting =
            begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_c.seconds));
        const Clock::time_point hard =
            begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_c.hardLimit));
        for (size_t i = 0; i < m_transfers.size(); ++i)
            start(i, begin);
        epoll_event events[256];
        Clock::time_point lastSweep = begin;
        while (m_active > 0) {
            const int n = epoll_wait(m_epoll, events, 256, 10);
            const Clock::time_point now = Clock::now();
            for (int i = 0; i < n; ++i)
                drain(size_t(events[i].data.u64), now);
            if (now - lastSweep >= std::chrono::milliseconds(10)) {
                lastSweep = now;
                for (size_t i = 0; i < m_transfers.size(); ++i)
                    checkTimeout(i, now);
            }
            if (now > hard) {
                for (size_t i = 0; i < m_transfers.size(); ++i) {
                    if (m_transfers[i].active)
                        finish(i, now, false, "run time limit");
                }
            }
        }
        m_elapsed = std::chrono::duration<double>(m_lastEnd - begin).count();
        return m_failed == 0 ? 0 : 1;
    }

    void report(double rssPeakMb, double cpuSeconds) const
    {
        std::vector<double> times = m_times;
        std::sort(times.begin(), times.end());
        const auto pct = [&](double p) {
            if (times.empty())
                return 0.0;
            size_t idx = size_t(p * double(times.size() - 1) + 0.5);
            return times[std::min(idx, times.size() - 1)];
        };
        const double mbps = m_elapsed > 0 ? double(m_bytes) / 1e6 / m_elapsed : 0;
        std::printf("clients=%d blksize=%d windowsize=%d ok=%lld failed=%lld bytes=%lld seconds=%.3f mbps=%.2f "
                    "p50=%.4f p99=%.4f max=%.4f rss_peak_mb=%.1f cpu_s=%.2f first_error=\"%s\"\n",
                    m_c.clients, m_c.blksize, m_c.windowsize, m_ok, m_failed, m_bytes, m_elapsed, mbps, pct(0.5),
                    pct(0.99), times.empty() ? 0.0 : times.back(), rssPeakMb, cpuSeconds, m_firstError.c_str());
    }

private:
    void send(Transfer &t, const char *data, size_t len)
    {
        t.last.assign(data, data + len);
        sendto(t.fd, data, len, 0, reinterpret_cast<sockaddr *>(&t.server), sizeof t.server);
    }

    void sendAck(Transfer &t, uint64_t block)
    {
        char ack[4];
        put16(ack, 4);
        put16(ack + 2, unsigned(block & 0xffff));
        t.sinceAck = 0;
        send(t, ack, 4);
    }

    void start(size_t i, Clock::time_point now)
    {
        Transfer &t = m_transfers[i];
        t = Transfer();
        t.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        int rcv = 4 << 20;
        setsockopt(t.fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_addr = m_server.sin_addr;
        bind(t.fd, reinterpret_cast<sockaddr *>(&local), sizeof local);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, t.fd, &ev);
        t.server = m_server;
        t.started = t.lastActivity = now;
        t.active = true;
        ++m_active;
        std::string rrq("\0\1", 2);
        rrq += m_c.file;
        rrq.push_back('\0');
        rrq += "octet";
        rrq.push_back('\0');
        if (m_c.blksize != 512) {
            rrq += "blksize";
            rrq.push_back('\0');
            rrq += std::to_string(m_c.blksize);
            rrq.push_back('\0');
        }
        if (m_c.windowsize > 1) {
            rrq += "windowsize";
            rrq.push_back('\0');
            rrq += std::to_string(m_c.windowsize);
            rrq.push_back('\0');
        }
        send(t, rrq.data(), rrq.size());
    }

    void finish(size_t i, Clock::time_point now, bool ok, const std::string &why)
    {
        Transfer &t = m_transfers[i];
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, t.fd, nullptr);
        close(t.fd);
        t.active = false;
        --m_active;
        m_lastEnd = now;
        if (ok && m_c.size >= 0 && t.bytes != m_c.size) {
            ok = false;
            if (m_firstError.empty())
                m_firstError = "wrong size " + std::to_string(t.bytes);
        }
        if (ok) {
            ++m_ok;
            m_bytes += t.bytes;
            m_times.push_back(std::chrono::duration<double>(now - t.started).count());
        } else {
            ++m_failed;
            if (m_firstError.empty())
                m_firstError = why;
        }
        if (!m_c.once && now < m_stopStarting)
            start(i, now);
    }

    void checkTimeout(size_t i, Clock::time_point now)
    {
        Transfer &t = m_transfers[i];
        if (!t.active || now - t.lastActivity < std::chrono::milliseconds(m_c.timeoutMs))
            return;
        if (++t.retries > m_c.retries) {
            finish(i, now, false, "client timeout at block " + std::to_string(t.expected));
            return;
        }
        t.lastActivity = now;
        sendto(t.fd, t.last.data(), t.last.size(), 0, reinterpret_cast<sockaddr *>(&t.server), sizeof t.server);
    }

    void drain(size_t i, Clock::time_point now)
    {
        Transfer &t = m_transfers[i];
        while (t.active) {
            sockaddr_in from{};
            socklen_t fromLen = sizeof from;
            const ssize_t n =
                recvfrom(t.fd, m_buffer.data(), m_buffer.size(), 0, reinterpret_cast<sockaddr *>(&from), &fromLen);
            if (n < 0)
                return;
            if (from.sin_addr.s_addr != m_server.sin_addr.s_addr || n < 4)
                continue;
            if (!t.tidKnown) {
                t.tidKnown = true;
                t.server.sin_port = from.sin_port;
            } else if (from.sin_port != t.server.sin_port) {
                continue;
            }
            handle(i, size_t(n), now);
        }
    }

    void handle(size_t i, size_t n, Clock::time_point now)
    {
        Transfer &t = m_transfers[i];
        const unsigned char *p = reinterpret_cast<const unsigned char *>(m_buffer.data());
        const unsigned op = (unsigned(p[0]) << 8) | p[1];
        const unsigned block = (unsigned(p[2]) << 8) | p[3];
        t.lastActivity = now;
        t.retries = 0;
        if (op == 6) { // OACK: the options the server accepted
            std::vector<std::string> f;
            std::string cur;
            for (size_t k = 2; k < n; ++k) {
                if (m_buffer[k] == '\0') {
                    f.push_back(cur);
                    cur.clear();
                } else {
                    cur.push_back(char(std::tolower(m_buffer[k])));
                }
            }
            for (size_t k = 0; k + 1 < f.size(); k += 2) {
                if (f[k] == "blksize")
                    t.blksize = std::atoi(f[k + 1].c_str());
                else if (f[k] == "windowsize")
                    t.window = std::atoi(f[k + 1].c_str());
            }
            sendAck(t, 0);
            return;
        }
        if (op == 5) {
            finish(i, now, false, "server error " + std::to_string(block) + " " + std::string(m_buffer.data() + 4));
            return;
        }
        if (op != 3)
            return;
        const size_t len = n - 4;
        if (block != unsigned(t.expected & 0xffff)) {
            if (!t.gapAcked) { // once per gap: never a burst of duplicate ACKs
                t.gapAcked = true;
                sendAck(t, t.expected - 1);
            }
            return;
        }
        t.gapAcked = false;
        t.bytes += (long long)len;
        ++t.expected;
        ++t.sinceAck;
        if (len < size_t(t.blksize)) {
            sendAck(t, t.expected - 1);
            finish(i, now, true, {});
            return;
        }
        if (t.sinceAck >= t.window)
            sendAck(t, t.expected - 1);
    }

    Config m_c;
    sockaddr_in m_server{};
    int m_epoll = -1;
    std::vector<Transfer> m_transfers;
    std::vector<char> m_buffer;
    Clock::time_point m_stopStarting, m_lastEnd;
    int m_active = 0;
    long long m_ok = 0, m_failed = 0, m_bytes = 0;
    double m_elapsed = 0;
    std::vector<double> m_times;
    std::string m_firstError;
};

} // namespace

int main(int argc, char **argv)
{
    Config c;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--host")
            c.host = v;
        else if (k == "--port")
            c.port = std::atoi(v.c_str());
        else if (k == "--file")
            c.file = v;
        else if (k == "--size")
            c.size = std::atoll(v.c_str());
        else if (k == "--clients")
            c.clients = std::atoi(v.c_str());
        else if (k == "--blksize")
            c.blksize = std::atoi(v.c_str());
        else if (k == "--windowsize")
            c.windowsize = std::atoi(v.c_str());
        else if (k == "--seconds")
            c.seconds = std::atof(v.c_str());
        else if (k == "--once")
            c.once = std::atoi(v.c_str());
        else if (k == "--timeout-ms")
            c.timeoutMs = std::atoi(v.c_str());
        else if (k == "--hard-limit")
            c.hardLimit = std::atof(v.c_str());
        else if (k == "--monitor-pid")
            c.monitorPid = std::atoi(v.c_str());
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    if (c.file.empty()) {
        std::fprintf(stderr, "usage: tftpload --port P --file NAME [--size BYTES] [--clients N] [--blksize B] "
                             "[--windowsize W] [--seconds S] [--once 1] [--monitor-pid PID]\n");
        return 2;
    }
    std::atomic<bool> running{true};
    std::atomic<long long> peakKb{0};
    std::thread monitor;
    long long cpuBefore = 0;
    if (c.monitorPid > 0) {
        cpuBefore = cpuTicks(c.monitorPid);
        peakKb = treeRssKb(c.monitorPid);
        monitor = std::thread([&] {
            while (running) {
                const long long kb = treeRssKb(c.monitorPid);
                if (kb > peakKb)
                    peakKb = kb;
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            }
        });
    }
    Load load(c);
    const int rc = load.run();
    double cpu = 0;
    if (c.monitorPid > 0) {
        running = false;
        monitor.join();
        // Forking servers: wait for the children to be reaped so their CPU time is counted.
        for (int i = 0; i < 200 && !children(c.monitorPid).empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        cpu = double(cpuTicks(c.monitorPid) - cpuBefore) / double(sysconf(_SC_CLK_TCK));
    }
    load.report(double(peakKb.load()) / 1024.0, cpu);
    return rc;
}
