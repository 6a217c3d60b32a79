#pragma once
// Shared by the TFTP tests: a TftpService on its own worker thread (as in the product), and a
// synchronous TFTP client on a real QUdpSocket that can misbehave on purpose.

#include "services/eventstream.h"
#include "services/servicehost.h"
#include "tftp/tftppacket.h"
#include "tftp/tftpservice.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <memory>

namespace tftptest {

using namespace bootbench;

inline QByteArray pattern(qint64 size, int seed = 1)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 x = 2463534242u ^ quint32(seed);
    for (qint64 i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = char(x & 0xff);
    }
    return out;
}

inline bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

inline QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// A running TftpService on 127.0.0.1 (ephemeral port) with a temporary root, and every event it
// published.
class Server
{
public:
    explicit Server(ServiceConfig config = {}, bool useTempRoot = true)
        : m_events(nullptr, 20)
    {
        QObject::connect(&m_events, &EventStream::batchReady, &m_events,
                         [this](const BootEventBatch &batch) { m_received += batch; });
        if (useTempRoot)
            config.tftpRoot = m_root.path();
        config.address = QHostAddress::LocalHost;
        config.tftpPort = 0;
        config.services = {QStringLiteral("tftp")};
        if (config.tftpTimeoutMs == ServiceConfig().tftpTimeoutMs)
            config.tftpTimeoutMs = 200;
        auto service = std::make_unique<TftpService>(config, &m_events);
        m_service = service.get();
        m_host.addService(std::move(service));
        m_host.start(QStringLiteral("tftp"));
    }
    ~Server() { m_host.shutdown(); }

    bool waitRunning(QString *why = nullptr)
    {
        ServiceStatus s;
        const bool settled = QTest::qWaitFor(
            [&] {
                s = m_host.status(QStringLiteral("tftp"));
                return (s.state == ServiceState::Running && m_service->boundPort() != 0) ||
                       s.state == ServiceState::Failed;
            },
            5000);
        if (settled && s.state == ServiceState::Failed && why)
            *why = s.reason;
        return settled && s.state == ServiceState::Running;
    }

    QString root() const { return m_root.path(); }
    QString file(const QString &relative) const { return m_root.path() + QLatin1Char('/') + relative; }
    quint16 port() const { return m_service->boundPort(); }
    TftpService *service() const { return m_service; }
    ServiceHost &host() { return m_host; }

    BootEventBatch events()
    {
        m_events.flush();
        return m_received;
    }
    // Waits until an event of this kind for this path has arrived (by detail prefix).
    bool waitEvent(const QString &kind, const QString &detailContains, BootEvent *out = nullptr, int ms = 5000)
    {
        return QTest::qWaitFor(
            [&] {
                for (const BootEvent &e : events()) {
                    if (e.kind == kind && e.detail.contains(detailContains)) {
                        if (out)
                            *out = e;
                        return true;
                    }
                }
                return false;
            },
            ms);
    }
    int count(const QString &kind, const QString &detailContains)
    {
        int n = 0;
        for (const BootEvent &e : events())
            n += e.kind == kind && e.detail.contains(detailContains);
        return n;
    }

private:
    QTemporaryDir m_root;
    EventStream m_events;
    BootEventBatch m_received;
    ServiceHost m_host;
    TftpService *m_service = nullptr;
};

struct Options
{
    QByteArray mode = "octet";
    TftpOptions options;     // sent with the request
    int dropEveryNthAck = 0; // simulate losing every Nth ACK (never the final one)
    bool duplicateAcks = false;
    int stopAfterBlocks = -1; // vanish after receiving this many DATA packets
    int timeoutMs = 3000;     // client-side wait per packet
    int retries = 3;
};

struct Result
{
    bool ok = false;
    QString failure; // client-side problem (timeout, protocol violation)
    QByteArray data;
    bool gotError = false;
    TftpErrorCode errorCode = TftpErrorCode::NotDefined;
    QByteArray errorMessage;
    bool gotOack = false;
    TftpOptions oack;
    int dataPackets = 0;   // every DATA received
    int duplicateData = 0; // DATA for a block already received
    int acksSent = 0;
    quint16 serverTid = 0;
    QList<qint64> dataTimesMs; // arrival times of DATA (for back-off checks)
};

// A synchronous TFTP client (RFC 1350 + 2347/2348/2349/7440 receiver and sender).
class Client
{
public:
    Client(quint16 port, QHostAddress server = QHostAddress::LocalHost)
        : m_server(server)
        , m_port(port)
    {
        m_socket.bind(QHostAddress::LocalHost, 0);
    }
    QUdpSocket &socket() { return m_socket; }

    void sendRaw(const QByteArray &datagram, quint16 port = 0)
    {
        m_socket.writeDatagram(datagram, m_server, port ? port : m_port);
    }
    // Next datagram from the server (any port), or false on timeout.
    bool receive(QByteArray *datagram, quint16 *fromPort, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (!m_socket.hasPendingDatagrams()) {
            const int left = timeoutMs - int(t.elapsed());
            if (left <= 0 || !m_socket.waitForReadyRead(left))
                if (!m_socket.hasPendingDatagrams())
                    return false;
        }
        datagram->resize(int(m_socket.pendingDatagramSize()));
        QHostAddress from;
        m_socket.readDatagram(datagram->data(), datagram->size(), &from, fromPort);
        return true;
    }

    Result get(const QByteArray &name, const Options &o = {})
    {
        Result r;
        QElapsedTimer clock;
        clock.start();
        QByteArray last = TftpPacket::encodeRequest(TftpOpcode::Rrq, name, o.mode, o.options);
        sendRaw(last);
        int blksize = 512, window = 1, sinceAck = 0, tries = 0, acks = 0;
        quint64 expected = 1;
        const auto sendAck = [&](quint64 block, bool final) {
            last = TftpPacket::encodeAck(quint16(block & 0xffff));
            ++acks;
            if (!final && o.dropEveryNthAck > 0 && acks % o.dropEveryNthAck == 0)
                return; // "lost"
            sendRaw(last, r.serverTid);
            ++r.acksSent;
            if (o.duplicateAcks) {
                sendRaw(last, r.serverTid);
                ++r.acksSent;
            }
        };
        for (;;) {
            QByteArray d;
            quint16 from = 0;
            if (!receive(&d, &from, o.timeoutMs)) {
                if (++tries > o.retries) {
                    r.failure = QStringLiteral("client timed out waiting for block %1").arg(expected);
                    return r;
                }
                sendRaw(last, r.serverTid ? r.serverTid : m_port);
                continue;
            }
            if (r.serverTid == 0)
                r.serverTid = from;
            else if (from != r.serverTid) {
                sendRaw(TftpPacket::encodeError(TftpErrorCode::UnknownTransferId, "wrong TID"), from);
                continue;
            }
            TftpPacket p;
            if (TftpPacket::decode(d, &p) != TftpDecodeError::None) {
                r.failure = QStringLiteral("undecodable packet from the server");
                return r;
            }
            if (p.opcode == TftpOpcode::Error) {
                r.gotError = true;
                r.errorCode = p.errorCode;
                r.errorMessage = p.errorMessage;
                return r;
            }
            if (p.opcode == TftpOpcode::Oack) {
                if (r.gotOack)
                    continue; // a retransmitted OACK: we answered already
                r.gotOack = true;
                r.oack = p.options;
                if (!p.option("blksize").isEmpty())
                    blksize = p.option("blksize").toInt();
                if (!p.option("windowsize").isEmpty())
                    window = p.option("windowsize").toInt();
                sendAck(0, false);
                continue;
            }
            if (p.opcode != TftpOpcode::Data) {
                r.failure = QStringLiteral("unexpected %1").arg(tftpOpcodeName(p.opcode));
                return r;
            }
            tries = 0;
            ++r.dataPackets;
            r.dataTimesMs << clock.elapsed();
            if (o.stopAfterBlocks >= 0 && r.dataPackets > o.stopAfterBlocks)
                continue; // vanished: keep counting what the server resends, answer nothing
            if (p.block != quint16(expected & 0xffff)) {
                ++r.duplicateData;
                sendAck(expected - 1, false); // RFC 7440: ACK the last block received in order
                sinceAck = 0;
                continue;
            }
            if (p.data.size() > blksize) {
                r.failure = QStringLiteral("block bigger than blksize");
                return r;
            }
            r.data += p.data;
            ++expected;
            ++sinceAck;
            if (p.data.size() < blksize) {
                sendAck(expected - 1, true);
                r.ok = true;
                return r;
            }
            if (sinceAck >= window) {
                sendAck(expected - 1, false);
                sinceAck = 0;
            }
        }
    }

    // Lock-step upload (windowsize from the OACK honoured: ACK expected every window).
    Result put(const QByteArray &name, const QByteArray &content, const Options &o = {})
    {
        Result r;
        QByteArray last = TftpPacket::encodeRequest(TftpOpcode::Wrq, name, o.mode, o.options);
        sendRaw(last);
        int blksize = 512, window = 1, tries = 0;
        quint64 acked = 0;                                        // highest block acknowledged
        const quint64 blocks = quint64(content.size() / 512) + 1; // recomputed after OACK
        quint64 total = blocks;
        bool started = false;
        const auto sendFrom = [&](quint64 first) {
            for (quint64 b = first; b < first + quint64(window) && b <= total; ++b) {
                const QByteArray chunk = content.mid(qsizetype(b - 1) * blksize, blksize);
                last = TftpPacket::encodeData(quint16(b & 0xffff), chunk);
                sendRaw(last, r.serverTid);
            }
        };
        for (;;) {
            QByteArray d;
            quint16 from = 0;
            if (!receive(&d, &from, o.timeoutMs)) {
                if (++tries > o.retries) {
                    r.failure = QStringLiteral("client timed out in the upload");
                    return r;
                }
                if (!started)
                    sendRaw(last);
                else
                    sendFrom(acked + 1);
                continue;
            }
            if (r.serverTid == 0)
                r.serverTid = from;
            TftpPacket p;
            if (TftpPacket::decode(d, &p) != TftpDecodeError::None) {
                r.failure = QStringLiteral("undecodable packet");
                return r;
            }
            if (p.opcode == TftpOpcode::Error) {
                r.gotError = true;
                r.errorCode = p.errorCode;
                r.errorMessage = p.errorMessage;
                return r;
            }
            if (p.opcode == TftpOpcode::Oack && !started) {
                r.gotOack = true;
                r.oack = p.options;
                if (!p.option("blksize").isEmpty())
                    blksize = p.option("blksize").toInt();
                if (!p.option("windowsize").isEmpty())
                    window = p.option("windowsize").toInt();
                total = quint64(content.size() / blksize) + 1;
                started = true;
                sendFrom(1);
                continue;
            }
            if (p.opcode != TftpOpcode::Ack)
                continue;
            tries = 0;
            if (!started) {
                started = true;
                sendFrom(1);
                continue;
            }
            const quint64 a = acked + quint64((int(p.block) - int(acked & 0xffff)) & 0xffff);
            if (a <= acked)
                continue;
            acked = a;
            if (acked >= total) {
                r.ok = true;
                return r;
            }
            sendFrom(acked + 1);
        }
    }

private:
    QUdpSocket m_socket;
    QHostAddress m_server;
    quint16 m_port;
};

} // namespace tftptest
