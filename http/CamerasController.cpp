#include "CamerasController.h"

#include "CameraRegistry.h"
#include "HttpServer.h"
#include "StreamJson.h"

#include <QJsonArray>

namespace camhub {

void CamerasController::registerRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/api/cameras"),
                 [this](const HttpRequest &r) { return list(r); });
}

HttpResponse CamerasController::list(const HttpRequest &)
{
    QJsonArray cameras;
    for (const Camera &c : m_cameras.cameras())
        cameras.append(StreamJson::camera(c));
    return HttpResponse::json(QJsonObject{{QStringLiteral("success"), true},
                                          {QStringLiteral("count"), cameras.size()},
                                          {QStringLiteral("cameras"), cameras}});
}

} // namespace camhub
