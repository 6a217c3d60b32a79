#pragma once

#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

class QUdpSocket;

namespace bootbench {

// One bound UDP socket of a DHCP service: drains every pending datagram when the socket
// signals, hands each to the handler, and sends replies now or after a fixed delay. Lives on the
// service's thread.
class DhcpSocket final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DhcpSocket)

public:
    using Handler = std::function<void(const char *data, qsizetype size, quint32 fromAddress, quint16 fromPort)>;
    // `afterBatch` runs once after each drained batch (e.g. to publish the batch's events).
    DhcpSocket(std::unique_ptr<QUdpSocket> socket, Handler handler, std::function<void()> afterBatch = {},
               QObject *parent = nullptr);
    ~DhcpSocket() override;

    // Sends at once when delayMs is 0, else after delayMs (replies keep their order).
    bool send(const QByteArray &payload, quint32 address, quint16 port, int delayMs = 0);
    quint64 receivedCount() const { return m_received; }
    quint64 sendErrors() const { return m_sendErrors; }
    QString lastSendError() const { return m_lastSendError; }

private:
    void drain();
    bool sendNow(const QByteArray &payload, quint32 address, quint16 port);
    void flushDue();

    struct Pending
    {
        qint64 dueMs;
        QByteArray payload;
        quint32 address;
        quint16 port;
    };
    std::unique_ptr<QUdpSocket> m_socket;
    Handler m_handler;
    std::function<void()> m_afterBatch;
    std::deque<Pending> m_pending;
    QTimer m_delayTimer;
    QByteArray m_buffer;
    quint64 m_received = 0;
    quint64 m_sendErrors = 0;
    QString m_lastSendError;
};

} // namespace bootbench
