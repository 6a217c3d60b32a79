#include "dhcp/dhcpsocket.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QUdpSocket>

namespace bootbench {

namespace {
constexpr int kMaxPerBatch = 1024; // then let the event loop run (delayed replies, stop requests)

qint64 nowMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}
} // namespace

DhcpSocket::DhcpSocket(std::unique_ptr<QUdpSocket> socket, Handler handler, std::function<void()> afterBatch,
                       QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_handler(std::move(handler))
    , m_afterBatch(std::move(afterBatch))
    , m_buffer(65536, Qt::Uninitialized)
{
    m_delayTimer.setSingleShot(true);
    m_delayTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_delayTimer, &QTimer::timeout, this, &DhcpSocket::flushDue);
    connect(m_socket.get(), &QUdpSocket::readyRead, this, &DhcpSocket::drain);
}

DhcpSocket::~DhcpSocket() = default;

void DhcpSocket::drain()
{
    // Read until the socket says "nothing more" (or a batch is full): QUdpSocket re-arms its read
    // notification only in readDatagram(), so every readyRead must end in a read, even a failed
    // one. (Checking hasPendingDatagrams() first can leave it disarmed for good, and costs a
    // second system call per datagram.) A full batch leaves the notifier armed: the event loop
    // runs (delayed replies, stop requests) and comes back.
    int n = 0;
    QHostAddress from;
    quint16 fromPort = 0;
    while (n < kMaxPerBatch) {
        const qint64 size = m_socket->readDatagram(m_buffer.data(), m_buffer.size(), &from, &fromPort);
        if (size < 0)
            break;
        ++n;
        ++m_received;
        bool ok = false;
        const quint32 v4 = from.toIPv4Address(&ok);
        m_handler(m_buffer.constData(), size, ok ? v4 : 0, fromPort);
    }
    if (n > 0 && m_afterBatch)
        m_afterBatch();
}

bool DhcpSocket::sendNow(const QByteArray &payload, quint32 address, quint16 port)
{
    const qint64 w = m_socket->writeDatagram(payload, QHostAddress(address), port);
    if (w == payload.size())
        return true;
    ++m_sendErrors;
    m_lastSendError = m_socket->errorString();
    return false;
}

bool DhcpSocket::send(const QByteArray &payload, quint32 address, quint16 port, int delayMs)
{
    if (delayMs <= 0 && m_pending.empty())
        return sendNow(payload, address, port);
    m_pending.push_back({nowMs() + std::max(0, delayMs), payload, address, port});
    if (!m_delayTimer.isActive())
        m_delayTimer.start(int(std::max<qint64>(0, m_pending.front().dueMs - nowMs())));
    return true;
}

void DhcpSocket::flushDue()
{
    const qint64 now = nowMs();
    while (!m_pending.empty() && m_pending.front().dueMs <= now) {
        const Pending p = std::move(m_pending.front());
        m_pending.pop_front();
        sendNow(p.payload, p.address, p.port);
    }
    if (!m_pending.empty())
        m_delayTimer.start(int(std::max<qint64>(0, m_pending.front().dueMs - now)));
}

} // namespace bootbench
