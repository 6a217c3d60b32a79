// DhcpSocket (core/dhcp/dhcpsocket) on loopback: every datagram reaches the handler, replies go
// out after the configured reply delay and in order.
#include "dhcp/dhcpsocket.h"
#include "net/udpendpoint.h"

#include <QElapsedTimer>
#include <QTest>
#include <QUdpSocket>

using namespace bootbench;

class TestDhcpSocket : public QObject
{
    Q_OBJECT

    static std::unique_ptr<QUdpSocket> loopbackSocket()
    {
        UdpBindRequest req;
        req.address = QHostAddress::LocalHost;
        req.receiveBufferBytes = 4 * 1024 * 1024; // as the services do: bursts are not dropped
        QString error;
        auto s = openUdpSocket(req, &error);
        if (!s)
            qFatal("%s", qPrintable(error));
        return s;
    }

private slots:
    void handsEveryDatagramToTheHandler()
    {
        QList<QByteArray> got;
        int batches = 0;
        auto raw = loopbackSocket();
        const quint16 port = raw->localPort();
        DhcpSocket socket(
            std::move(raw),
            [&](const char *d, qsizetype n, quint32 from, quint16) {
                QCOMPARE(from, QHostAddress(QHostAddress::LocalHost).toIPv4Address());
                got << QByteArray(d, n);
            },
            [&] { ++batches; });
        QUdpSocket peer;
        // In bursts that fit even a default-sized receive buffer (without root, no SO_RCVBUFFORCE).
        for (int burst = 0; burst < 30; ++burst) {
            for (int i = burst * 100; i < (burst + 1) * 100; ++i)
                peer.writeDatagram(QByteArray::number(i), QHostAddress::LocalHost, port);
            QTRY_COMPARE_WITH_TIMEOUT(got.size(), (burst + 1) * 100, 10000);
        }
        QCOMPARE(got.first(), QByteArray("0"));
        QCOMPARE(got.last(), QByteArray("2999"));
        QVERIFY(batches >= 1 && batches < 3000); // drained in batches, not one wake-up per datagram
        QCOMPARE(socket.receivedCount(), quint64(3000));
    }

    void datagramsQueuedBeforeTheWrapperAreHandled()
    {
        auto raw = loopbackSocket();
        const quint16 port = raw->localPort();
        QUdpSocket peer;
        for (int i = 0; i < 5; ++i)
            peer.writeDatagram(QByteArray::number(i), QHostAddress::LocalHost, port);
        int got = 0;
        DhcpSocket socket(std::move(raw), [&](const char *, qsizetype, quint32, quint16) { ++got; });
        QTRY_COMPARE(got, 5);
        peer.writeDatagram("more", QHostAddress::LocalHost, port);
        QTRY_COMPARE(got, 6);
    }

    void fullBatchesComeBack()
    {
        auto raw = loopbackSocket();
        const quint16 port = raw->localPort();
        QUdpSocket peer;
        // More than one batch (1024) waiting at once, where the buffer allows (root: 4 MiB).
        const int count =
            raw->socketOption(QAbstractSocket::ReceiveBufferSizeSocketOption).toInt() > 3000000 ? 2500 : 150;
        for (int i = 0; i < count; ++i)
            peer.writeDatagram(QByteArray::number(i), QHostAddress::LocalHost, port);
        int got = 0;
        DhcpSocket socket(std::move(raw), [&](const char *, qsizetype, quint32, quint16) { ++got; });
        QTRY_COMPARE(got, count);
        peer.writeDatagram("more", QHostAddress::LocalHost, port);
        QTRY_COMPARE(got, count + 1);
    }

    void repliesAfterTheConfiguredDelayInOrder()
    {
        QUdpSocket peer;
        QVERIFY(peer.bind(QHostAddress::LocalHost, 0));
        QList<QByteArray> got;
        QElapsedTimer clock;
        qint64 firstAt = -1;
        connect(&peer, &QUdpSocket::readyRead, this, [&] {
            while (peer.hasPendingDatagrams()) {
                QByteArray b(int(peer.pendingDatagramSize()), Qt::Uninitialized);
                peer.readDatagram(b.data(), b.size());
                if (firstAt < 0)
                    firstAt = clock.elapsed();
                got << b;
            }
        });
        DhcpSocket socket(loopbackSocket(), [](const char *, qsizetype, quint32, quint16) {});
        const quint32 to = QHostAddress(QHostAddress::LocalHost).toIPv4Address();
        clock.start();
        QVERIFY(socket.send("a", to, peer.localPort(), 250));
        QVERIFY(socket.send("b", to, peer.localPort(), 250));
        QVERIFY(socket.send("c", to, peer.localPort(), 0)); // queued behind the delayed ones: order kept
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 3, 5000);
        QCOMPARE(got, (QList<QByteArray>{"a", "b", "c"}));
        QVERIFY2(firstAt >= 240, qPrintable(QString::number(firstAt)));
        // Without a delay: at once.
        got.clear();
        firstAt = -1;
        clock.restart();
        QVERIFY(socket.send("d", to, peer.localPort(), 0));
        QTRY_COMPARE(got.size(), 1);
        QVERIFY2(firstAt < 200, qPrintable(QString::number(firstAt)));
    }
};

QTEST_GUILESS_MAIN(TestDhcpSocket)
#include "tst_dhcpsocket.moc"
