#include "policy/policyservice.h"

#include "net/portowner.h"
#include "policy/bootfileroutes.h"
#include "policy/engineroutes.h"
#include "policy/grubtftpfiles.h"
#include "policy/imageserver.h"
#include "policy/policycontext.h"
#include "policy/policyhttpserver.h"
#include "policy/policyroutes.h"
#include "store/databaseurl.h"
#include "store/store.h"

#include <QDir>
#include <QFile>

namespace bootbench {

namespace {

// Used when the executable carries no resources (tests): the source suite's entries.
const char kFallbackMenu[] = "title Preboot Services Menu\n"
                             "timeout 30\n"
                             "default exit\n"
                             "item start \"Start imaging\" imaging\n"
                             "item maintenance \"Imaging maintenance (shell)\" maintenance\n"
                             "item exit \"Exit (boot the local disk)\" local\n";

} // namespace

PolicyService::PolicyService(const ServiceConfig &config, EventStream *events, const Store *store)
    : NetworkService(QStringLiteral("policy"), events)
    , m_config(config)
    , m_sharedStore(store)
    , m_grubFiles(std::make_shared<GrubTftpFiles>())
{}

std::shared_ptr<TftpFileProvider> PolicyService::tftpFiles() const
{
    return m_grubFiles;
}

PolicyService::~PolicyService() = default;

QString PolicyService::defaultMenuText()
{
    QFile f(QStringLiteral(":/bootbench/pxemenu.txt"));
    if (f.open(QIODevice::ReadOnly))
        return QString::fromUtf8(f.readAll());
    return QString::fromUtf8(kFallbackMenu);
}

bool PolicyService::startService(QString *error)
{
    if (m_config.address.isNull()) {
        *error = QStringLiteral("the policy service needs the bench address to listen on (--address)");
        return false;
    }
    const Store *store = m_sharedStore;
    if (!store) {
        QString url = m_config.policy.databaseUrl;
        if (url.isEmpty())
            url = QDir(m_config.dataDir).filePath(QStringLiteral("bootbench.db"));
        DatabaseUrl parsed;
        if (!parseDatabaseUrl(url, &parsed, error))
            return false;
        m_ownStore = Store::open(parsed, error);
        if (!m_ownStore)
            return false;
        store = m_ownStore.get();
    }

    auto tcp = std::make_unique<QTcpServer>();
    if (!tcp->listen(m_config.address, m_config.httpPort)) {
        const QString owner = describePortOwner(Transport::Tcp, m_config.httpPort);
        *error = QStringLiteral("cannot listen for HTTP on %1:%2: %3")
                     .arg(m_config.address.toString())
                     .arg(m_config.httpPort)
                     .arg(owner.isEmpty() ? tcp->errorString() : QStringLiteral("the port is taken by ") + owner);
        if (m_config.httpPort < 1024 && owner.isEmpty())
            *error += QStringLiteral(" (ports below 1024 need privilege: setcap cap_net_bind_service=+ep bootbench)");
        return false;
    }
    const quint16 configuredHttpPort = m_config.httpPort;
    m_config.httpPort = tcp->serverPort();

    // The image routes: a plain TCP server of their own next to the HTTP port (see imageserver.h).
    // The context is created first (the image server uses it) and told the chosen port after.
    int imagePort = m_config.policy.imagePort;
    if (imagePort < 0)
        imagePort = configuredHttpPort == 0 ? 0 : configuredHttpPort + 1;
    if (imagePort > 65535) {
        *error = QStringLiteral("the image port would be %1; set one with --image-port").arg(imagePort);
        return false;
    }
    m_context = std::make_unique<PolicyContext>(*store, m_config, defaultMenuText(),
                                                [this](const BootEvent &e) { publish(e); });
    if (m_context->tokenSecret(error).isEmpty())
        return false;
    ImageServerOptions imageOptions;
    imageOptions.root = m_context->imageRoot();
    imageOptions.maxUploadBytes = m_config.policy.maxUploadBytes;
    m_images = std::make_unique<ImageServer>(*m_context, imageOptions);
    if (!m_images->listen(m_config.address, quint16(imagePort), error)) {
        *error += QStringLiteral("; choose another image port with --image-port");
        m_images.reset();
        m_context.reset();
        return false;
    }
    m_config.policy.imagePort = m_images->port();
    m_context->setImagePort(m_images->port());
    m_port = m_config.httpPort;
    m_imagePort = m_config.policy.imagePort;
    m_policyRoutes = std::make_unique<PolicyRoutes>(*m_context);
    m_engineRoutes = std::make_unique<EngineRoutes>(*m_context);
    m_bootFiles = std::make_unique<BootFileRoutes>(m_config.tftpRoot);
    m_http = std::make_unique<PolicyHttpServer>(
        [this](const HttpRequest &r) {
            if (m_policyRoutes->handles(r))
                return m_policyRoutes->handle(r);
            if (m_engineRoutes->handles(r))
                return m_engineRoutes->handle(r);
            if (BootFileRoutes::handles(r))
                return m_bootFiles->handle(r);
            return HttpReply::error(404, QStringLiteral("no such path: %1").arg(r.path));
        },
        m_config.policy.maxBodyBytes);
    // The signed GRUB asks through TFTP; its requests run here, on this thread.
    m_grubFiles->attach(this, [this](const HttpRequest &r) {
        if (!m_policyRoutes)
            return HttpReply::error(503, QStringLiteral("the policy service has stopped"));
        return m_policyRoutes->handle(r);
    });
    m_http->bind(tcp.release()); // the HTTP server takes the listening socket
    return true;
}

void PolicyService::stopService()
{
    m_grubFiles->detach();
    m_http.reset();
    m_images.reset();
    m_engineRoutes.reset();
    m_policyRoutes.reset();
    m_context.reset();
    m_port = 0;
    m_imagePort = 0;
    if (m_sharedStore)
        m_sharedStore->closeThreadConnection();
    m_ownStore.reset();
}

} // namespace bootbench
