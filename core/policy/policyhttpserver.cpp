#include "policy/policyhttpserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>
#include <QTcpSocket>

namespace bootbench {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QByteArray(key).toUpper() : QByteArray("UNKNOWN");
}

} // namespace

void PolicyHttpServer::send(const QHttpServerRequest &request, QTcpSocket *socket, const HttpReply &reply)
{
    auto responder = makeResponder(request, socket);
    if (request.method() == QHttpServerRequest::Method::Head) {
        // The headers of the GET answer without its body (UEFI HTTP boot asks the size first).
        responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
        responder.writeHeader("Content-Type", reply.contentType);
        responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
        responder.writeBody(QByteArray());
        return;
    }
    responder.write(reply.body, reply.contentType, static_cast<QHttpServerResponder::StatusCode>(reply.status));
}

PolicyHttpServer::PolicyHttpServer(Handler handler, int maxBodyBytes, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
    , m_maxBodyBytes(maxBodyBytes)
{}

bool PolicyHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (request.body().size() > m_maxBodyBytes) {
        send(request, socket,
             HttpReply::error(413, QStringLiteral("the request body has %1 bytes; at most %2 are accepted")
                                       .arg(request.body().size())
                                       .arg(m_maxBodyBytes)));
        return true;
    }
    HttpRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path(QUrl::FullyDecoded);
    r.query = request.query();
    for (const auto &[name, value] : request.headers())
        r.headers.insert(name.toLower(), value);
    r.body = request.body();
    r.peer = request.remoteAddress();
    send(request, socket, m_handler(r));
    return true;
}

void PolicyHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    send(request, socket, HttpReply::error(404, QStringLiteral("not found")));
}

} // namespace bootbench
