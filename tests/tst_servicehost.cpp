#include "net/udpendpoint.h"
#include "services/eventstream.h"
#include "services/networkservice.h"
#include "services/servicehost.h"

#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QUdpSocket>

#include <unistd.h>

using namespace bootbench;

namespace {
// A minimal real service for the host's tests: binds one UDP port on loopback and echoes.
class EchoService final : public NetworkService
{
public:
    EchoService(const QString &name, quint16 port, EventStream *events)
        : NetworkService(name, events)
        , m_port(port)
    {}
    QThread *startedOn = nullptr;

protected:
    bool startService(QString *error) override
    {
        startedOn = QThread::currentThread();
        UdpBindRequest request;
        request.address = QHostAddress::LocalHost;
        request.port = m_port;
        m_socket = openUdpSocket(request, error);
        if (!m_socket)
            return false;
        QObject::connect(m_socket.get(), &QUdpSocket::readyRead, m_socket.get(), [this] {
            while (m_socket->hasPendingDatagrams()) {
                const QNetworkDatagram d = m_socket->receiveDatagram();
                m_socket->writeDatagram(d.makeReply(d.data()));
            }
        });
        return true;
    }
    void stopService() override { m_socket.reset(); }

private:
    quint16 m_port;
    std::unique_ptr<QUdpSocket> m_socket;
};

quint16 freeUdpPort()
{
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}
} // namespace

class TestServiceHost : public QObject
{
    Q_OBJECT
private slots:
    void startsOnItsOwnThreadAndStops()
    {
        EventStream events;
        ServiceHost host;
        const quint16 port = freeUdpPort();
        auto service = std::make_unique<EchoService>(QStringLiteral("echo"), port, &events);
        EchoService *raw = service.get();
        host.addService(std::move(service));
        QSignalSpy spy(&host, &ServiceHost::statusChanged);
        host.startAll();
        QTRY_COMPARE(host.status(QStringLiteral("echo")).state, ServiceState::Running);
        QVERIFY(raw->startedOn != QThread::currentThread());

        QUdpSocket client;
        client.writeDatagram(QByteArray("ping"), QHostAddress::LocalHost, port);
        QVERIFY(client.waitForReadyRead(3000));
        QCOMPARE(client.receiveDatagram().data(), QByteArray("ping"));

        host.stop(QStringLiteral("echo"));
        QCOMPARE(host.status(QStringLiteral("echo")).state, ServiceState::Stopped);
        // the port is free again
        QUdpSocket again;
        QVERIFY(again.bind(QHostAddress::LocalHost, port));
        again.close();
        host.start(QStringLiteral("echo"));
        QTRY_COMPARE(host.status(QStringLiteral("echo")).state, ServiceState::Running);
        host.shutdown();
        QVERIFY(host.serviceNames().isEmpty());
    }

    void portAlreadyTakenGivesAClearFailedState()
    {
        QUdpSocket squatter;
        QVERIFY(squatter.bind(QHostAddress::LocalHost, 0));
        const quint16 port = squatter.localPort();
        EventStream events(nullptr, 10);
        QSignalSpy eventSpy(&events, &EventStream::batchReady);
        ServiceHost host;
        host.addService(std::make_unique<EchoService>(QStringLiteral("echo"), port, &events));
        host.startAll();
        QTRY_COMPARE(host.status(QStringLiteral("echo")).state, ServiceState::Failed);
        const QString reason = host.status(QStringLiteral("echo")).reason;
        QVERIFY2(reason.contains(QString::number(port)), qPrintable(reason));
        QVERIFY2(reason.contains(QStringLiteral("127.0.0.1")), qPrintable(reason));
        QVERIFY2(reason.contains(QStringLiteral("already in use")), qPrintable(reason));
        // We hold the port ourselves, so the owner can be named.
        QVERIFY2(reason.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())), qPrintable(reason));
        // The failure is an event too.
        auto sawFailure = [&] {
            for (const auto &args : eventSpy) {
                for (const BootEvent &e : args.at(0).value<BootEventBatch>()) {
                    if (e.kind == QLatin1String("service-failed") && e.detail == reason)
                        return true;
                }
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawFailure(), 3000);
    }

    void privilegedPortExplainsHowToGrant()
    {
        if (geteuid() == 0)
            QSKIP("running as root: binding port 69 is allowed, the privilege message cannot be provoked");
        QString error;
        UdpBindRequest request;
        request.address = QHostAddress::LocalHost;
        request.port = 69;
        QVERIFY(!openUdpSocket(request, &error));
        QVERIFY2(error.contains(QStringLiteral("setcap cap_net_bind_service")), qPrintable(error));
    }

    void unknownInterfaceIsNamed()
    {
        QString error;
        UdpBindRequest request;
        request.address = QHostAddress::LocalHost;
        request.port = 0;
        request.interfaceName = QStringLiteral("nosuchif0");
        QVERIFY(!openUdpSocket(request, &error));
        QVERIFY2(error.contains(QStringLiteral("nosuchif0")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestServiceHost)
#include "tst_servicehost.moc"
