#include "tftp/tftpreactor.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <unistd.h>

namespace bootbench {

namespace {
constexpr int kMaxEvents = 128;
constexpr auto kBusyBudget = std::chrono::milliseconds(10);
constexpr int kLingerMs = 1; // wait this long in epoll for the next datagram before yielding to Qt
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
    return true;
}

void TftpReactor::remove(int fd)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
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

void TftpReactor::onActivated()
{
    epoll_event events[kMaxEvents];
    const Clock::time_point start = Clock::now();
    bool waiting = false;
    for (;;) {
        // The first look: Qt saw the set readable. Afterwards, wait a moment in the kernel for the
        // next datagram (cheaper than a trip through the Qt event loop), in one call.
        const int n = ::epoll_wait(m_epoll, events, kMaxEvents, waiting ? kLingerMs : 0);
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
