#include "policy/engineroutes.h"

#include "images/imagestore.h"
#include "model/macaddress.h"
#include "policy/devicetoken.h"
#include "policy/imageaccess.h"
#include "policy/policycontext.h"
#include "policy/ruleworkledger.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace bootbench {

namespace {

const QString kPrefix = QStringLiteral("/api/v1/devices/");
constexpr int kMaxReasonChars = 2000;

QString bearer(const HttpRequest &r)
{
    const QByteArray auth = r.header("authorization");
    if (auth.startsWith("Bearer "))
        return QString::fromLatin1(auth.mid(7).trimmed());
    return r.queryValue(QStringLiteral("token"));
}

} // namespace

EngineRoutes::EngineRoutes(PolicyContext &context)
    : m_context(context)
{}

bool EngineRoutes::handles(const HttpRequest &request) const
{
    return request.path.startsWith(kPrefix);
}

bool EngineRoutes::jsonBody(const HttpRequest &request, QJsonObject *object, HttpReply *reply)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        *reply = HttpReply::error(400, error.error != QJsonParseError::NoError
                                           ? QStringLiteral("the body is not valid JSON: %1 at offset %2")
                                                 .arg(error.errorString())
                                                 .arg(error.offset)
                                           : QStringLiteral("the body must be a JSON object"));
        return false;
    }
    *object = doc.object();
    return true;
}

HttpReply EngineRoutes::handle(const HttpRequest &request)
{
    const QStringList parts = request.path.mid(kPrefix.size()).split(QLatin1Char('/'));
    if (parts.size() != 2)
        return HttpReply::error(404, QStringLiteral("no such engine route: %1").arg(request.path));
    const QString mac = normaliseMac(parts[0]);
    if (mac.isEmpty())
        return HttpReply::error(404, QStringLiteral("\"%1\" is not a MAC address").arg(parts[0]));
    QString error;
    const QByteArray secret = m_context.tokenSecret(&error);
    if (secret.isEmpty())
        return HttpReply::error(500, error);
    if (!DeviceToken::check(secret, mac, bearer(request))) {
        m_context.publish(mac, QStringLiteral("engine-unauthorised"), Phase::Imaging, Outcome::None,
                          QStringLiteral("%1 %2 with a missing or wrong token")
                              .arg(QString::fromLatin1(request.method), request.path),
                          request.peer.toString(), BootEvent::Severity::Warning, QStringLiteral("engine"));
        return HttpReply::error(401, QStringLiteral("missing or wrong device token (Authorization: Bearer TOKEN, "
                                                    "from bootbench.token= on the kernel command line)"));
    }
    if (!DeviceRepository(m_context.store()).find(mac, &error))
        return HttpReply::error(error.isEmpty() ? 404 : 500,
                                error.isEmpty() ? QStringLiteral("there is no device with MAC %1").arg(mac) : error);
    const QString &what = parts[1];
    const QByteArray &m = request.method;
    if (what == QLatin1String("work") && m == "GET")
        return work(request, mac);
    if (what == QLatin1String("progress") && m == "POST")
        return progress(request, mac);
    if (what == QLatin1String("result") && m == "POST")
        return result(request, mac);
    if (what == QLatin1String("image-safe") && (m == "GET" || m == "PUT"))
        return imageSafe(request, mac);
    if (what == QLatin1String("work") || what == QLatin1String("progress") || what == QLatin1String("result") ||
        what == QLatin1String("image-safe"))
        return HttpReply::error(405, QStringLiteral("%1 does not take %2").arg(request.path, QString::fromLatin1(m)));
    return HttpReply::error(404, QStringLiteral("no such engine route: %1").arg(request.path));
}

HttpReply EngineRoutes::work(const HttpRequest &request, const QString &mac)
{
    QString error;
    AssignmentRepository assignments(m_context.store());
    const std::optional<Assignment> a = assignments.forDevice(mac, &error);
    if (!error.isEmpty())
        return HttpReply::error(500, error);
    if (!a)
        return HttpReply::error(404, QStringLiteral("no work is assigned to %1").arg(mac));
    const std::optional<Bundle> bundle = BundleRepository(m_context.store()).find(a->bundleName, &error);
    if (!bundle)
        return HttpReply::error(error.isEmpty() ? 404 : 500,
                                error.isEmpty() ? QStringLiteral("bundle \"%1\" no longer exists").arg(a->bundleName)
                                                : error);
    if (!assignments.setState(mac, AssignmentState::Running, {}, &error))
        return HttpReply::error(500, error);
    m_context.publish(mac, QStringLiteral("work-fetched"), Phase::Imaging, Outcome::None,
                      QStringLiteral("bundle \"%1\" (%2, %3 action(s))")
                          .arg(bundle->name, bundleKindKey(bundle->kind))
                          .arg(bundle->actions.size()),
                      request.peer.toString(), BootEvent::Severity::Info, QStringLiteral("engine"));
    const std::optional<Device> device = DeviceRepository(m_context.store()).find(mac, &error);
    return HttpReply::json(
        {{QStringLiteral("mac"), mac},
         {QStringLiteral("name"), device ? device->name : QString()},
         {QStringLiteral("assignment"), QJsonObject{{QStringLiteral("persistent"), a->persistent},
                                                    {QStringLiteral("state"), QStringLiteral("running")}}},
         {QStringLiteral("configFile"), configFileForKind(bundle->kind)},
         {QStringLiteral("bundle"), bundle->toJson()},
         {QStringLiteral("images"),
          ImageAccess::bundleImages(*bundle, ImageStore(m_context.imageRoot()), m_context.imageBaseUrl(), mac)},
         {QStringLiteral("imageSafe"), device ? device->imageSafe.toJson() : QJsonObject()}});
}

HttpReply EngineRoutes::progress(const HttpRequest &request, const QString &mac)
{
    QJsonObject o;
    HttpReply bad;
    if (!jsonBody(request, &o, &bad))
        return bad;
    const double percent = o.value(QStringLiteral("percent")).toDouble(-1);
    if (o.contains(QStringLiteral("percent")) && (percent < 0 || percent > 100))
        return HttpReply::error(400, QStringLiteral("percent must be a number from 0 to 100"));
    const QString stage = o.value(QStringLiteral("stage")).toString().left(100);
    const QString message = o.value(QStringLiteral("message")).toString().left(500);
    // The typed parts travel as the event's bytes / total and as key=value tokens after the
    // text (EngineProgress::fromEvent in core/timeline reads them), so the monitor words them in
    // the user's language.
    BootEvent e;
    e.mac = mac;
    e.kind = QStringLiteral("progress");
    e.service = QStringLiteral("engine");
    e.phase = Phase::Imaging;
    e.peer = request.peer.toString();
    e.bytes = qMax<qint64>(0, o.value(QStringLiteral("bytes")).toInteger(0));
    e.total = qMax<qint64>(0, o.value(QStringLiteral("total")).toInteger(0));
    QString detail = stage.isEmpty() ? QStringLiteral("progress") : stage;
    if (percent >= 0)
        detail += QStringLiteral(" %1%").arg(percent, 0, 'f', 0);
    if (!message.isEmpty())
        detail += QStringLiteral(": ") + message;
    const qint64 action = o.value(QStringLiteral("action")).toInteger(0);
    const qint64 actions = o.value(QStringLiteral("actions")).toInteger(0);
    if (action > 0 && actions >= action && actions <= 1000)
        detail += QStringLiteral(" step=%1/%2").arg(action).arg(actions);
    if (const double rate = o.value(QStringLiteral("rate")).toDouble(-1); rate >= 0)
        detail += QStringLiteral(" rate=%1").arg(qint64(rate));
    e.detail = detail;
    m_context.publish(e);
    return HttpReply::json({{QStringLiteral("ok"), true}});
}

HttpReply EngineRoutes::result(const HttpRequest &request, const QString &mac)
{
    QJsonObject o;
    HttpReply bad;
    if (!jsonBody(request, &o, &bad))
        return bad;
    if (!o.value(QStringLiteral("success")).isBool())
        return HttpReply::error(400, QStringLiteral("the result needs \"success\": true or false"));
    const bool success = o.value(QStringLiteral("success")).toBool();
    QString error;
    AssignmentRepository assignments(m_context.store());
    const std::optional<Assignment> a = assignments.forDevice(mac, &error);
    if (!a)
        return HttpReply::error(error.isEmpty() ? 409 : 500,
                                error.isEmpty() ? QStringLiteral("%1 has no assignment to report on").arg(mac) : error);
    QString reason = o.value(QStringLiteral("message")).toString();
    const QString log = o.value(QStringLiteral("log")).toString();
    if (!log.isEmpty())
        reason += (reason.isEmpty() ? QString() : QStringLiteral("\n")) + log.right(kMaxReasonChars);
    reason = reason.left(kMaxReasonChars);
    if (!log.isEmpty()) {
        // The engine's log (its end) for the monitor's details, before the result itself.
        BootEvent e;
        e.mac = mac;
        e.kind = QStringLiteral("engine-log");
        e.service = QStringLiteral("engine");
        e.phase = Phase::Imaging;
        e.severity = BootEvent::Severity::Info;
        e.peer = request.peer.toString();
        e.detail = log.right(kMaxReasonChars);
        m_context.publish(e);
    }
    if (success) {
        if (!assignments.setState(mac, AssignmentState::Done, {}, &error))
            return HttpReply::error(500, error);
        RuleWorkLedger::markDone(m_context.store(), mac, a->bundleName, &error);
        m_context.publish(mac, QStringLiteral("result"), Phase::Imaging, Outcome::Done,
                          QStringLiteral("bundle \"%1\" succeeded; %2")
                              .arg(a->bundleName, a->persistent ? QStringLiteral("the persistent assignment stays")
                                                                : QStringLiteral("the once assignment is cleared")),
                          request.peer.toString(), BootEvent::Severity::Info, QStringLiteral("engine"));
    } else {
        // Kept: the next boot tries again, and the reason is there to read.
        if (!assignments.setState(mac, AssignmentState::Failed,
                                  reason.isEmpty() ? QStringLiteral("failed (no reason given)") : reason, &error))
            return HttpReply::error(500, error);
        m_context.publish(mac, QStringLiteral("result"), Phase::Imaging, Outcome::Failed,
                          QStringLiteral("bundle \"%1\" failed: %2")
                              .arg(a->bundleName, reason.isEmpty() ? QStringLiteral("no reason given")
                                                                   : reason.section(QLatin1Char('\n'), 0, 0)),
                          request.peer.toString(), BootEvent::Severity::Error, QStringLiteral("engine"));
    }
    return HttpReply::json({{QStringLiteral("ok"), true},
                            {QStringLiteral("state"), success ? QStringLiteral("done") : QStringLiteral("failed")}});
}

HttpReply EngineRoutes::imageSafe(const HttpRequest &request, const QString &mac)
{
    QString error;
    DeviceRepository devices(m_context.store());
    std::optional<Device> device = devices.find(mac, &error);
    if (!device)
        return HttpReply::error(500, error);
    if (request.method == "GET")
        return HttpReply::json(device->imageSafe.toJson());
    QJsonObject o;
    HttpReply bad;
    if (!jsonBody(request, &o, &bad))
        return bad;
    device->imageSafe = ImageSafeData::fromJson(o);
    if (!devices.update(*device, &error))
        return HttpReply::error(500, error);
    m_context.publish(
        mac, QStringLiteral("image-safe-written"), Phase::Imaging, Outcome::None,
        QStringLiteral("host name \"%1\", %2")
            .arg(device->imageSafe.hostName, device->imageSafe.useDhcp ? QStringLiteral("DHCP") : device->imageSafe.ip),
        request.peer.toString(), BootEvent::Severity::Info, QStringLiteral("engine"));
    return HttpReply::json(device->imageSafe.toJson());
}

} // namespace bootbench
