#pragma once

#include "policy/httpmessage.h"

#include <QAbstractHttpServer>

#include <functional>

namespace bootbench {

// Transport only: turns each Qt HttpServer request into an HttpRequest, hands it to one handler
// and writes the HttpReply back. Bodies larger than the limit are refused with 413 before the
// handler sees them (Qt 6.4 has read them into memory by then; engine reports are small).
class PolicyHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyHttpServer)

public:
    using Handler = std::function<HttpReply(const HttpRequest &)>;

    PolicyHttpServer(Handler handler, int maxBodyBytes, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    static void send(const QHttpServerRequest &request, QTcpSocket *socket, const HttpReply &reply);

    Handler m_handler;
    int m_maxBodyBytes;
};

} // namespace bootbench
