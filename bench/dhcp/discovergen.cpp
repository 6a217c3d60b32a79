// PXE DHCPDISCOVER load generator for bench/dhcp/run.sh (plain C++17 + Linux, no Qt).
// Sends BIOS PXE DISCOVERs with distinct MACs and transaction ids at a fixed rate from UDP 68 on
// one interface (broadcast to 255.255.255.255:67, like PXE ROMs), for a fixed time, and measures
// which were answered and how fast (first answer per transaction).
//
//   discovergen --iface IF --rate N --seconds S [--server-port 67] [--client-port 68] [--label X]
// prints one line: label rate sent answered answered_per_s lost_pct p50_us p99_us max_us
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

int64_t nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::vector<uint8_t> discoverTemplate()
{
    std::vector<uint8_t> p(240, 0);
    p[0] = 1; // BOOTREQUEST
    p[1] = 1;
    p[2] = 6;
    p[10] = 0x80; // broadcast flag
    const uint8_t cookie[4] = {99, 130, 83, 99};
    std::memcpy(&p[236], cookie, 4);
    auto opt = [&](uint8_t code, std::initializer_list<uint8_t> v) {
        p.push_back(code);
        p.push_back(uint8_t(v.size()));
        p.insert(p.end(), v);
    };
    opt(53, {1});
    opt(57, {0x05, 0xc0});
    opt(93, {0, 0});
    opt(94, {1, 2, 1});
    const char *vc = "PXEClient:Arch:00000:UNDI:002001";
    p.push_back(60);
    p.push_back(uint8_t(std::strlen(vc)));
    p.insert(p.end(), vc, vc + std::strlen(vc));
    p.push_back(97);
    p.push_back(17);
    p.insert(p.end(), 17, 0);
    opt(55, {1, 3, 6, 43, 54, 60, 66, 67, 97});
    p.push_back(255);
    p.resize(std::max<size_t>(p.size(), 300), 0);
    return p;
}

// SO_TIMESTAMPNS stamps with CLOCK_REALTIME; latencies are measured on CLOCK_MONOTONIC.
int64_t realToMonotonic(const timespec &real)
{
    timespec r{}, m{};
    clock_gettime(CLOCK_REALTIME, &r);
    clock_gettime(CLOCK_MONOTONIC, &m);
    const int64_t offset = (int64_t(m.tv_sec) - int64_t(r.tv_sec)) * 1000000000 + (m.tv_nsec - r.tv_nsec);
    return int64_t(real.tv_sec) * 1000000000 + real.tv_nsec + offset;
}

} // namespace

int main(int argc, char **argv)
{
    std::string iface, label = "run";
    int rate = 1000, seconds = 10, serverPort = 67, clientPort = 68;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--iface")
            iface = v;
        else if (k == "--rate")
            rate = std::atoi(v.c_str());
        else if (k == "--seconds")
            seconds = std::atoi(v.c_str());
        else if (k == "--server-port")
            serverPort = std::atoi(v.c_str());
        else if (k == "--client-port")
            clientPort = std::atoi(v.c_str());
        else if (k == "--label")
            label = v;
    }
    if (iface.empty() || rate <= 0 || seconds <= 0) {
        std::fprintf(stderr, "usage: discovergen --iface IF --rate N --seconds S\n");
        return 2;
    }
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    const int one = 1, buf = 16 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf);
    ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface.c_str(), socklen_t(iface.size())) != 0) {
        std::perror("SO_BINDTODEVICE");
        return 1;
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(uint16_t(clientPort));
    if (::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0) {
        std::perror("bind");
        return 1;
    }
    const size_t total = size_t(rate) * size_t(seconds);
    std::vector<int64_t> sentAt(total, 0);
    std::vector<int64_t> latency(total, -1);
    std::atomic<bool> sending{true};
    std::atomic<int64_t> lastSend{0};

    std::thread receiver([&] {
        uint8_t rx[2048];
        for (;;) {
            pollfd pfd{fd, POLLIN, 0};
            if (::poll(&pfd, 1, 50) <= 0) {
                if (!sending && nowNs() - lastSend.load() > 1000000000LL)
                    return; // 1 s after the last DISCOVER: whatever comes later is lost anyway
                continue;
            }
            for (;;) {
                // The kernel's arrival time (SO_TIMESTAMPNS), not the time this thread got to read
                // it: on a busy machine the generator's own scheduling delay is not the server's.
                iovec iov{rx, sizeof rx};
                alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
                msghdr msg{};
                msg.msg_iov = &iov;
                msg.msg_iovlen = 1;
                msg.msg_control = control;
                msg.msg_controllen = sizeof control;
                const ssize_t n = ::recvmsg(fd, &msg, MSG_DONTWAIT);
                if (n < 0)
                    break;
                int64_t t = nowNs();
                for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
                    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                        timespec ts;
                        std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
                        t = realToMonotonic(ts);
                    }
                }
                if (n < 240 || rx[0] != 2)
                    continue;
                uint32_t xid;
                std::memcpy(&xid, rx + 4, 4);
                xid = ntohl(xid);
                if (xid < 0x10000000u)
                    continue;
                const size_t i = xid - 0x10000000u;
                if (i < total && sentAt[i] != 0 && latency[i] < 0)
                    latency[i] = t - sentAt[i];
            }
        }
    });

    std::vector<uint8_t> pkt = discoverTemplate();
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(serverPort));
    to.sin_addr.s_addr = htonl(INADDR_BROADCAST);
    const int64_t start = nowNs();
    const double interval = 1e9 / rate;
    size_t sent = 0;
    while (sent < total) {
        const int64_t now = nowNs();
        const size_t due = std::min(total, size_t(double(now - start) / interval) + 1);
        for (; sent < due; ++sent) {
            const uint32_t xid = htonl(uint32_t(0x10000000u + sent));
            std::memcpy(&pkt[4], &xid, 4);
            const uint8_t mac[6] = {0x02,         0xbe, uint8_t(sent >> 24), uint8_t(sent >> 16), uint8_t(sent >> 8),
                                    uint8_t(sent)};
            std::memcpy(&pkt[28], mac, 6);
            sentAt[sent] = nowNs();
            while (::sendto(fd, pkt.data(), pkt.size(), 0, reinterpret_cast<sockaddr *>(&to), sizeof to) < 0 &&
                   (errno == ENOBUFS || errno == EAGAIN))
                std::this_thread::yield();
        }
        lastSend = nowNs();
        // Next packet's time; sleep in steps of at most 1 ms (bursts of rate/1000 at high rates).
        const int64_t next = start + int64_t(double(sent) * interval);
        const int64_t wait = std::min<int64_t>(next - nowNs(), 1000000);
        if (wait > 0) {
            timespec ts{0, long(wait)};
            nanosleep(&ts, nullptr);
        }
    }
    sending = false;
    receiver.join();
    const double elapsed = double(lastSend.load() - start) / 1e9;

    std::vector<int64_t> answered;
    answered.reserve(total);
    for (int64_t l : latency) {
        if (l >= 0)
            answered.push_back(l);
    }
    std::sort(answered.begin(), answered.end());
    auto pct = [&](double q) {
        return answered.empty() ? 0.0
                                : double(answered[std::min(answered.size() - 1, size_t(q * answered.size()))]) / 1e3;
    };
    std::printf("%s %d %zu %.0f %zu %.0f %.2f %.0f %.0f %.0f\n", label.c_str(), rate, total,
                double(total) / std::max(elapsed, 1e-9), answered.size(),
                double(answered.size()) / std::max(elapsed, 1e-9), 100.0 * double(total - answered.size()) / total,
                pct(0.50), pct(0.99), answered.empty() ? 0.0 : double(answered.back()) / 1e3);
    return 0;
}
