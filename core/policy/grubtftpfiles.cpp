#include "policy/grubtftpfiles.h"

#include "policy/grubconfig.h"

#include <QMetaObject>
#include <QUrl>

#include <chrono>
#include <future>

namespace bootbench {

void GrubTftpFiles::attach(QObject *context, Handler handler)
{
    QMutexLocker lock(&m_mutex);
    m_context = context;
    m_handler = std::move(handler);
}

void GrubTftpFiles::detach()
{
    QMutexLocker lock(&m_mutex);
    m_context = nullptr;
    m_handler = nullptr;
}

std::optional<HttpRequest> GrubTftpFiles::requestFor(const QString &normalisedPath, const QHostAddress &client)
{
    const auto parsed = GrubConfig::parse(normalisedPath);
    if (!parsed)
        return std::nullopt;
    HttpRequest r;
    r.method = "GET";
    r.path = QStringLiteral("/grub/") + parsed->route;
    r.peer = client;
    // Debian's signed network GRUB is an x64 UEFI program.
    r.query.addQueryItem(QStringLiteral("platform"), QStringLiteral("efi"));
    r.query.addQueryItem(QStringLiteral("buildarch"), QStringLiteral("x86_64"));
    for (auto it = parsed->params.cbegin(); it != parsed->params.cend(); ++it)
        r.query.addQueryItem(it.key(), QString::fromLatin1(QUrl::toPercentEncoding(it.value())));
    return r;
}

std::optional<QByteArray> GrubTftpFiles::fileFor(const QString &normalisedPath, const QHostAddress &client)
{
    if (GrubConfig::isHandoff(normalisedPath))
        return GrubConfig::handoff().toUtf8();
    const auto request = requestFor(normalisedPath, client);
    if (!request)
        return std::nullopt;
    auto promise = std::make_shared<std::promise<HttpReply>>();
    std::future<HttpReply> answer = promise->get_future();
    {
        QMutexLocker lock(&m_mutex);
        if (!m_context || !m_handler)
            return std::nullopt; // the policy service is not running: "file not found"
        QMetaObject::invokeMethod(
            m_context.data(), [handler = m_handler, r = *request, promise] { promise->set_value(handler(r)); },
            Qt::QueuedConnection);
    }
    if (answer.wait_for(std::chrono::milliseconds(kWaitMs)) != std::future_status::ready)
        return std::nullopt;
    try {
        const HttpReply reply = answer.get();
        if (reply.status != 200)
            return std::nullopt;
        return reply.body;
    } catch (const std::future_error &) {
        return std::nullopt; // the service stopped before it answered
    }
}

} // namespace bootbench
