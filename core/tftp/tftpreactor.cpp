#include "tftp/tftpreactor.h"

#include <QSocketNotifier>
#include <QThread>

#include <algorithm>
#include <atomic>

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <unistd.h>

namespace bootbench {

namespace {
constexpr int kMaxEvents = 128;
constexpr auto kBusyBudget = std::chrono::milliseconds(10);
constexpr int kLingerMs = 1; // wait this long in epoll for the next datagram before yielding to Qt
// Busy polling: at most this long, and only while answers have recently come at least this fast.
constexpr auto kMaxBusyPoll = std::chrono::microseconds(50);
// Threads busy-polling at the same time, all reactors together: one core is always left to the
// rest (the clients on loopback, the GUI).
std::atomic<int> g_busyPollers{0};

bool takeBusyPollSlot()
{
    static const int slotCount = std::max(1, QThread::idealThreadCount() - 1);
    int current = g_busyPollers.load(std::memory_order_relaxed);
    while (current < slotCount) {
        if (g_busyPollers.compare_exchange_weak(current, current + 1, std::memory_order_acquire))
            return true;
    }
    return false;
}
} // namespace

TftpReactor::TftpReactor(ReadyHandler ready, TimeHandler tick, TimeHandler batchDone, QObject *parent)
    : QObject(parent)
    , m_ready(std::move(ready))
    , m_tick(std::move(tick))
    , m_batchDone(std::move(batchDone))
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { runTickIfDue(Clock::now()); });
}

TftpReactor::~TftpReactor()
{
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool TftpReactor::open(QString *error)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        *error = QStringLiteral("cannot create an epoll set: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read);
    connect(m_notifier, &QSocketNotifier::activated, this, &TftpReactor::onActivated);
    return true;
}

bool TftpReactor::add(int fd, QString *error)
{
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) != 0) {
        *error = QStringLiteral("cannot watch a socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    ++m_watched;
    return true;
}

void TftpReactor::remove(int fd)
{
    if (::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr) == 0)
        --m_watched;
}

void TftpReactor::setBusyPollLimit(int sockets)
{
    m_busyPollLimit = sockets;
}

void TftpReactor::setTickInterval(int ms)
{
    m_tickInterval = std::chrono::milliseconds(std::max(1, ms));
    if (m_ticking)
        m_timer.start(m_tickInterval);
}

void TftpReactor::setTicking(bool on)
{
    if (on == m_ticking)
        return;
    m_ticking = on;
    if (on) {
        m_nextTick = Clock::now() + m_tickInterval;
        m_timer.start(m_tickInterval);
    } else {
        m_timer.stop();
    }
}

void TftpReactor::runTickIfDue(Clock::time_point now)
{
    if (!m_ticking || now < m_nextTick)
        return;
    m_nextTick = now + m_tickInterval;
    m_tick(now);
    m_batchDone(now);
}

int TftpReactor::waitForNext(epoll_event *events, int capacity)
{
    const Clock::time_point start = Clock::now();
    int n = 0;
    if (m_watched <= m_busyPollLimit && m_recentWait <= kMaxBusyPoll && takeBusyPollSlot()) {
        const Clock::time_point until = start + kMaxBusyPoll;
        do
            n = ::epoll_wait(m_epoll, events, capacity, 0);
        while (n == 0 && Clock::now() < until);
        g_busyPollers.fetch_sub(1, std::memory_order_release);
    }
    if (n == 0)
        n = ::epoll_wait(m_epoll, events, capacity, kLingerMs);
    if (n > 0) // how long the peer took, as seen from here: decides the next busy poll
        m_recentWait =
            (3 * m_recentWait + std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start)) / 4;
    return n;
}

void TftpReactor::onActivated()
{
    epoll_event events[kMaxEvents];
    const Clock::time_point start = Clock::now();
    bool waiting = false;
    for (;;) {
        // The first look: Qt saw the set readable. Afterwards, wait a moment in the kernel for the
        // next datagram (cheaper than a trip through the Qt event loop).
        const int n = waiting ? waitForNext(events, kMaxEvents) : ::epoll_wait(m_epoll, events, kMaxEvents, 0);
        if (n < 0 && errno == EINTR)
            continue;
        const Clock::time_point now = Clock::now();
        if (n <= 0)
            break;
        for (int i = 0; i < n; ++i)
            m_ready(events[i].data.fd, now);
        runTickIfDue(now);
        m_batchDone(now);
        if (now - start >= kBusyBudget)
            break;
        waiting = true;
    }
}

} // namespace bootbench
