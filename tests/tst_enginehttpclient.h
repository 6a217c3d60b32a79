// A raw HTTP/1.1 client for the image route tests: one request on a fresh QTcpSocket, the body
// sent with back-pressure, the answer read until the server closes. Event-driven (a local event
// loop quit by the socket's signals), so the server may live on the same thread.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QEventLoop>
#include <QHash>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

struct RawResponse
{
    bool connected = false;
    bool timedOut = false;
    int status = 0;
    QByteArray head;                      // status line and fields, as received
    QHash<QByteArray, QByteArray> fields; // lower-case names
    QByteArray body;                      // kept only up to keepBodyBytes
    qint64 bodyBytes = 0;                 // all body bytes received
    QByteArray sha256;                    // hex, of every body byte received
    QByteArray field(const QByteArray &name) const { return fields.value(name); }
};

struct RawRequest
{
    QByteArray head;      // everything up to and including the blank line
    qint64 bodyBytes = 0; // sent after the head
    std::function<QByteArray(qint64 offset, qint64 size)> bodyPiece = [](qint64, qint64 size) {
        return QByteArray(int(size), '\0');
    };
    qint64 abortAfterSending = -1;   // abort the connection after this many body bytes are sent
    qint64 abortAfterReceiving = -1; // abort once this many body bytes are received
    qint64 keepBodyBytes = 64 << 20;
    int timeoutMs = 60000;
};

inline RawResponse rawExchange(quint16 port, const RawRequest &request)
{
    RawResponse r;
    QTcpSocket socket;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] {
        r.timedOut = true;
        loop.quit();
    });
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray pending; // bytes before the end of the head
    bool inBody = false;
    qint64 sent = 0;
    bool aborted = false;
    auto finish = [&] {
        socket.abort();
        aborted = true;
        loop.quit();
    };
    auto sendMore = [&] {
        while (!aborted && sent < request.bodyBytes && socket.bytesToWrite() < (4 << 20) &&
               socket.state() == QAbstractSocket::ConnectedState) {
            qint64 n = qMin<qint64>(1 << 20, request.bodyBytes - sent);
            if (request.abortAfterSending >= 0)
                n = qMin(n, request.abortAfterSending - sent);
            if (n <= 0)
                break;
            socket.write(request.bodyPiece(sent, n));
            sent += n;
        }
        if (request.abortAfterSending >= 0 && sent >= request.abortAfterSending && socket.bytesToWrite() == 0)
            finish();
    };
    auto onBody = [&](const QByteArray &bytes) {
        r.bodyBytes += bytes.size();
        hash.addData(bytes);
        if (r.body.size() < request.keepBodyBytes)
            r.body += bytes.left(request.keepBodyBytes - r.body.size());
        if (request.abortAfterReceiving >= 0 && r.bodyBytes >= request.abortAfterReceiving)
            finish();
    };
    QObject::connect(&socket, &QTcpSocket::connected, &loop, [&] {
        r.connected = true;
        socket.write(request.head);
        sendMore();
    });
    QObject::connect(&socket, &QTcpSocket::bytesWritten, &loop, sendMore);
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        while (!aborted && socket.bytesAvailable() > 0) {
            const QByteArray bytes = socket.read(1 << 20);
            if (inBody) {
                onBody(bytes);
                continue;
            }
            pending += bytes;
            for (;;) { // skip interim 1xx answers
                const qsizetype end = pending.indexOf("\r\n\r\n");
                if (end < 0)
                    break;
                const QByteArray head = pending.left(end + 4);
                const QByteArray rest = pending.mid(end + 4);
                const int status = head.mid(9, 3).toInt();
                if (status >= 100 && status < 200) {
                    pending = rest;
                    continue;
                }
                r.head = head;
                r.status = status;
                const QList<QByteArray> lines = head.split('\n');
                for (int i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines[i].indexOf(':');
                    if (colon > 0)
                        r.fields.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
                }
                inBody = true;
                pending.clear();
                if (!rest.isEmpty())
                    onBody(rest);
                break;
            }
        }
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, [&](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError)
            loop.quit();
    });
    timeout.start(request.timeoutMs);
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    loop.exec();
    if (!aborted && socket.bytesAvailable() > 0)
        Q_EMIT socket.readyRead();
    r.sha256 = hash.result().toHex();
    return r;
}

inline QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}
