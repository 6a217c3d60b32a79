#pragma once
// Shared by the policy tests (tst_policyservice, tst_policyrules, tst_engineimages): a store in a
// temporary folder, the events the policy service publishes, the service itself on loopback and
// plain HTTP requests to it. One fixture per test function: create it in init(), drop it in cleanup().

#include "config/serviceconfig.h"
#include "policy/devicetoken.h"
#include "policy/policyservice.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace bootbench::test {

struct Reply
{
    int status = 0;
    QByteArray body;
    QString text() const { return QString::fromUtf8(body); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Members are destroyed in reverse order: the service stops before the event stream goes, the
// stream before the batches it fills, the store before its folder.
struct PolicyFixture
{
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    BootEventBatch seen; // every event the stream delivered so far
    std::unique_ptr<EventStream> events = std::make_unique<EventStream>(nullptr, 10);
    std::unique_ptr<ServiceHost> host;
    PolicyService *service = nullptr; // owned by host
    QNetworkAccessManager net;

    PolicyFixture()
    {
        QObject::connect(events.get(), &EventStream::batchReady, events.get(),
                         [this](const BootEventBatch &b) { seen << b; });
    }

    // Opens bootbench.db in the temporary folder; false with *error when it cannot.
    bool openStore(QString *error)
    {
        if (!dir.isValid()) {
            *error = QStringLiteral("cannot create a temporary folder: %1").arg(dir.errorString());
            return false;
        }
        DatabaseUrl url;
        url.path = dir.filePath(QStringLiteral("bootbench.db"));
        store = Store::open(url, error);
        return store != nullptr;
    }

    // 127.0.0.1, any free HTTP port, the TFTP root in the temporary folder.
    ServiceConfig loopbackConfig() const
    {
        ServiceConfig config;
        config.address = QHostAddress(QHostAddress::LocalHost);
        config.httpPort = 0;
        config.tftpRoot = dir.filePath(QStringLiteral("tftp"));
        return config;
    }

    // Replaces the running service (if any) with a new one; true once it runs, false once it failed
    // (service->status().reason says why) or after 5 s.
    bool startService(const ServiceConfig &config)
    {
        host.reset();
        host = std::make_unique<ServiceHost>();
        auto owned = std::make_unique<PolicyService>(config, events.get(), store.get());
        service = owned.get();
        host->addService(std::move(owned));
        host->start(QStringLiteral("policy"));
        (void)QTest::qWaitFor(
            [this] {
                const ServiceState s = service->status().state;
                return s != ServiceState::Starting && s != ServiceState::Stopped;
            },
            5000);
        return service->status().state == ServiceState::Running;
    }

    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(service->port()); }

    // One request to the service's HTTP port (a JSON body, a device token if given); waits up to 10 s.
    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {}, const QString &token = {})
    {
        QNetworkRequest req(QUrl(base() + path));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = net.sendCustomRequest(req, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(10000))
            qWarning("request %s %s timed out", method.constData(), qPrintable(path));
        Reply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        reply->deleteLater();
        return r;
    }

    // The device token the engine on `mac` would send (the secret as the store holds it).
    QString token(const QString &mac) const
    {
        QString error;
        const QString secret = SettingsRepository(*store).value(DeviceToken::settingKey(), {}, &error);
        return DeviceToken::make(secret.toLatin1(), mac);
    }

    // Events published so far with this kind; waits up to 2 s for `atLeast` of them.
    QList<BootEvent> eventsOf(const QString &kind, int atLeast = 1)
    {
        QList<BootEvent> found;
        auto collect = [&] {
            events->flush();
            found.clear();
            for (const BootEvent &e : std::as_const(seen)) {
                if (e.kind == kind)
                    found << e;
            }
            return found.size() >= atLeast;
        };
        if (atLeast > 0 && !QTest::qWaitFor(collect, 2000))
            qWarning("fewer than %d \"%s\" events", atLeast, qPrintable(kind));
        collect();
        return found;
    }
};

} // namespace bootbench::test
