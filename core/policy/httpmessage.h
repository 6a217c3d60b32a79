#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

namespace bootbench {

// A request as the policy routes see it: independent of the HTTP server, so routes are tested
// by calling them and the server is only transport.
struct HttpRequest
{
    QByteArray method; // "GET", "POST", "PUT", ...
    QString path;      // decoded path, e.g. "/ipxe/hello"
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QHostAddress peer;

    QString queryValue(const QString &key) const { return query.queryItemValue(key, QUrl::FullyDecoded); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct HttpReply
{
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;

    static HttpReply script(const QString &ipxeScript); // text/plain, what iPXE expects
    static HttpReply json(const QJsonObject &object, int status = 200);
    // {"error": message} with the status (4xx/5xx).
    static HttpReply error(int status, const QString &message);
};

} // namespace bootbench
