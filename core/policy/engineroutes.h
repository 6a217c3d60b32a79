#pragma once

#include "policy/httpmessage.h"

namespace bootbench {

class PolicyContext;

// The engine API of phase 8 (docs/http-api.md): what the imaging environment asks and reports.
// Authenticated by the per-device token from the kernel command line (Authorization: Bearer).
//   GET  /api/v1/devices/MAC/work        work details; the assignment becomes "running"
//   POST /api/v1/devices/MAC/progress    {"stage", "percent", "bytes", "total", "message"}
//   POST /api/v1/devices/MAC/result      {"success": bool, "message", "log"} → done / failed
//   GET  /api/v1/devices/MAC/image-safe  image-safe data
//   PUT  /api/v1/devices/MAC/image-safe  replace it
// Unknown token → 401, unknown device → 404, malformed JSON → 400, oversized body → 413; nothing
// is stored on any of them.
class EngineRoutes
{
public:
    explicit EngineRoutes(PolicyContext &context);

    bool handles(const HttpRequest &request) const;
    HttpReply handle(const HttpRequest &request);

private:
    HttpReply work(const HttpRequest &request, const QString &mac);
    HttpReply progress(const HttpRequest &request, const QString &mac);
    HttpReply result(const HttpRequest &request, const QString &mac);
    HttpReply imageSafe(const HttpRequest &request, const QString &mac);
    // The JSON object of the body, or a 400 reply in *reply.
    static bool jsonBody(const HttpRequest &request, QJsonObject *object, HttpReply *reply);

    PolicyContext &m_context;
};

} // namespace bootbench
