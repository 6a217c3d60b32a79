#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

class QSocketNotifier;
struct epoll_event;

namespace bootbench {

// The TFTP service's I/O loop, inside the Qt event loop of the service's worker thread: all sockets
// (the listening one and one per transfer) sit in one epoll set, and Qt watches only the epoll
// descriptor. When it is readable, the reactor handles every ready socket, then keeps going for a
// little while (up to ~10 ms) as long as datagrams keep coming: lock-step TFTP is one round trip per
// block, and going back through the Qt event loop between an ACK and the next DATA would cost more
// than the kernel itself. Timers (retransmission, progress) run from one periodic tick.
class TftpReactor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TftpReactor)

public:
    using Clock = std::chrono::steady_clock;
    using ReadyHandler = std::function<void(int fd, Clock::time_point now)>;
    using TimeHandler = std::function<void(Clock::time_point now)>;

    // ready: a registered socket has a datagram. tick: periodic, while ticking is on.
    // batchDone: after each round of ready sockets and ticks (a safe place to drop finished work).
    TftpReactor(ReadyHandler ready, TimeHandler tick, TimeHandler batchDone, QObject *parent = nullptr);
    ~TftpReactor() override;

    bool open(QString *error);
    bool add(int fd, QString *error);
    void remove(int fd);
    void setTickInterval(int ms);
    void setTicking(bool on);
    // Busy-poll for the next datagram (see waitForNext) only while at most this many sockets are
    // watched: one lone exchange, not many transfers sharing the CPU with their clients. 0: never.
    void setBusyPollLimit(int sockets);

private:
    void onActivated();
    // The next ready sockets, after at most the linger time (0: none). With few sockets watched
    // (setBusyPollLimit) and a peer that has lately answered within microseconds, it polls
    // without sleeping for a few tens of microseconds first: on a fast link the answer is then
    // taken at once instead of after the wake-up of a sleeping thread (on a virtual machine that
    // wake-up costs as much as the rest of a small block's round trip). Peers further away
    // (a real network's hundreds of microseconds) are never busy-polled for.
    int waitForNext(epoll_event *events, int capacity);
    void runTickIfDue(Clock::time_point now);

    ReadyHandler m_ready;
    TimeHandler m_tick;
    TimeHandler m_batchDone;
    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_timer;
    std::chrono::milliseconds m_tickInterval{50};
    Clock::time_point m_nextTick;
    bool m_ticking = false;
    int m_watched = 0;
    int m_busyPollLimit = 0;
    std::chrono::microseconds m_recentWait{0}; // moving average of waitForNext's waits that got something
};

} // namespace bootbench
