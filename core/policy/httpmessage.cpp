#include "policy/httpmessage.h"

#include <QJsonDocument>

namespace bootbench {

HttpReply HttpReply::script(const QString &ipxeScript)
{
    HttpReply r;
    r.body = ipxeScript.toUtf8();
    return r;
}

HttpReply HttpReply::json(const QJsonObject &object, int status)
{
    HttpReply r;
    r.status = status;
    r.contentType = "application/json";
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

HttpReply HttpReply::error(int status, const QString &message)
{
    return json({{QStringLiteral("error"), message}}, status);
}

} // namespace bootbench
