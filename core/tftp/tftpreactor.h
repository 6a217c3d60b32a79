#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

class QSocketNotifier;

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

private:
    void onActivated();
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
};

} // namespace bootbench
