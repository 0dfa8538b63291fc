#include "CamerasController.h"

#include "CameraRegistry.h"
#include "JsonBody.h"
#include "OnvifCameraReader.h"
#include "StreamJson.h"

#include <QJsonArray>
#include <QUrl>

namespace camhub {

namespace {

HttpResponse changeError(const CameraRegistry::Change &c)
{
    switch (c.error) {
    case CameraRegistry::Error::NotFound:
        return HttpResponse::error(404, c.message);
    case CameraRegistry::Error::Storage:
        return HttpResponse::error(500, c.message);
    default:
        return HttpResponse::error(400, c.message);
    }
}

// {"name", "id"?, "username"?, "password"?, "profiles": [{token, name, url}]} or
// {"name", "onvif": {"xaddr", "username", "password"}}. Returns an error message.
QString parseCamera(const QJsonObject &o, Camera *camera, bool *onvif)
{
    QString error;
    if (!optionalString(o, QStringLiteral("name"), &camera->name, &error) ||
        !optionalString(o, QStringLiteral("id"), &camera->id, &error))
        return error;
    const QJsonValue onvifValue = o.value(QStringLiteral("onvif"));
    *onvif = !onvifValue.isUndefined() && !onvifValue.isNull();
    if (*onvif) {
        if (!onvifValue.isObject())
            return QStringLiteral("\"onvif\" must be an object with \"xaddr\"");
        const QJsonObject d = onvifValue.toObject();
        if (!optionalString(d, QStringLiteral("xaddr"), &camera->onvif.xaddr, &error) ||
            !optionalString(d, QStringLiteral("username"), &camera->username, &error))
            return error;
        const QJsonValue pw = d.value(QStringLiteral("password"));
        if (!pw.isUndefined() && !pw.isNull() && !pw.isString())
            return QStringLiteral("\"onvif.password\" must be a string");
        camera->password = pw.toString();
        const QUrl x(camera->onvif.xaddr, QUrl::StrictMode);
        if (!x.isValid() || x.host().isEmpty() ||
            (x.scheme() != QLatin1String("http") && x.scheme() != QLatin1String("https")))
            return QStringLiteral("\"onvif.xaddr\" must be the device service URL, e.g. "
                                  "http://192.168.1.20/onvif/device_service");
        return {};
    }
    if (!optionalString(o, QStringLiteral("username"), &camera->username, &error))
        return error;
    const QJsonValue pw = o.value(QStringLiteral("password"));
    if (!pw.isUndefined() && !pw.isNull() && !pw.isString())
        return QStringLiteral("\"password\" must be a string");
    camera->password = pw.toString();
    const QJsonValue profiles = o.value(QStringLiteral("profiles"));
    if (!profiles.isArray() || profiles.toArray().isEmpty())
        return QStringLiteral("give \"profiles\": [{\"token\", \"name\", \"url\"}] or \"onvif\": "
                              "{\"xaddr\", \"username\", \"password\"}");
    for (const QJsonValue &v : profiles.toArray()) {
        if (!v.isObject())
            return QStringLiteral("each profile must be an object");
        const QJsonObject p = v.toObject();
        CameraProfile profile;
        if (!optionalString(p, QStringLiteral("token"), &profile.token, &error) ||
            !optionalString(p, QStringLiteral("name"), &profile.name, &error) ||
            !optionalString(p, QStringLiteral("url"), &profile.url, &error))
            return error;
        if (profile.url.isEmpty())
            return QStringLiteral("each profile needs a \"url\"");
        if (profile.token.isEmpty())
            profile.token = QStringLiteral("profile%1").arg(camera->profiles.size() + 1);
        camera->profiles.append(profile);
    }
    return {};
}

} // namespace

void CamerasController::registerRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/api/cameras"),
                 [this](const HttpRequest &r) { return list(r); });
    server.routeAsync(
        "POST", QStringLiteral("/api/cameras"),
        [this](const HttpRequest &r, HttpServer::Reply reply) { add(r, std::move(reply)); });
    server.routeAsync(
        "PUT", QStringLiteral("/api/cameras/{id}"),
        [this](const HttpRequest &r, HttpServer::Reply reply) { update(r, std::move(reply)); });
    server.route("DELETE", QStringLiteral("/api/cameras/{id}"),
                 [this](const HttpRequest &r) { return remove(r); });
    server.routeAsync(
        "POST", QStringLiteral("/api/cameras/{id}/refresh"),
        [this](const HttpRequest &r, HttpServer::Reply reply) { refresh(r, std::move(reply)); });
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

HttpResponse CamerasController::store(Camera camera, const QString &existingId)
{
    const CameraRegistry::Change c = existingId.isEmpty()
                                         ? m_cameras.add(std::move(camera))
                                         : m_cameras.update(existingId, std::move(camera));
    if (!c.ok())
        return changeError(c);
    return HttpResponse::json(QJsonObject{{QStringLiteral("success"), true},
                                          {QStringLiteral("camera"), StreamJson::camera(c.camera)}},
                              existingId.isEmpty() ? 201 : 200);
}

QString CamerasController::parseBody(const HttpRequest &request, Camera *camera, bool *onvif)
{
    QString error;
    const auto body = parseJsonObject(request, &error);
    return body ? parseCamera(*body, camera, onvif) : error;
}

void CamerasController::add(const HttpRequest &request, HttpServer::Reply reply)
{
    Camera camera;
    bool onvif = false;
    if (const QString why = parseBody(request, &camera, &onvif); !why.isEmpty())
        return reply(HttpResponse::error(400, why));
    if (camera.name.isEmpty())
        return reply(HttpResponse::error(400, QStringLiteral("\"name\" is required")));
    if (onvif)
        return readOnvif(std::move(camera), {}, std::move(reply));
    reply(store(std::move(camera), {}));
}

void CamerasController::update(const HttpRequest &request, HttpServer::Reply reply)
{
    const QString id = request.param(QStringLiteral("id"));
    const auto existing = m_cameras.camera(id);
    if (!existing)
        return reply(HttpResponse::error(404, QStringLiteral("Unknown camera: %1").arg(id)));
    Camera camera;
    bool onvif = false;
    if (const QString why = parseBody(request, &camera, &onvif); !why.isEmpty())
        return reply(HttpResponse::error(400, why));
    if (camera.name.isEmpty())
        camera.name = existing->name;
    if (camera.password.isEmpty() &&
        (camera.username.isEmpty() || camera.username == existing->username)) {
        camera.username = existing->username; // unchanged credentials
        camera.password = existing->password;
    }
    if (onvif)
        return readOnvif(std::move(camera), id, std::move(reply));
    reply(store(std::move(camera), id));
}

HttpResponse CamerasController::remove(const HttpRequest &request)
{
    const QString id = request.param(QStringLiteral("id"));
    const CameraRegistry::Change c = m_cameras.remove(id);
    if (!c.ok())
        return changeError(c);
    return HttpResponse::json(QJsonObject{{QStringLiteral("success"), true},
                                          {QStringLiteral("camera_id"), id},
                                          {QStringLiteral("removed"), true}});
}

void CamerasController::refresh(const HttpRequest &request, HttpServer::Reply reply)
{
    const QString id = request.param(QStringLiteral("id"));
    const auto existing = m_cameras.camera(id);
    if (!existing)
        return reply(HttpResponse::error(404, QStringLiteral("Unknown camera: %1").arg(id)));
    if (!existing->isOnvif())
        return reply(HttpResponse::error(400, QStringLiteral("%1 is not an ONVIF camera").arg(id)));
    readOnvif(*existing, id, std::move(reply));
}

void CamerasController::readOnvif(Camera base, const QString &existingId, HttpServer::Reply reply)
{
    if (m_inFlight >= kMaxOnvifInFlight)
        return reply(
            HttpResponse::error(429, QStringLiteral("Too many ONVIF requests at once; retry"))
                .withHeader("Retry-After", "2"));
    ++m_inFlight;
    auto *reader = new OnvifCameraReader(std::move(base));
    QObject::connect(
        reader, &OnvifCameraReader::finished, reader,
        [this, existingId, reply](bool ok, const Camera &camera, const QString &error) {
            --m_inFlight;
            if (!ok)
                return reply(HttpResponse::error(422, error));
            reply(store(camera, existingId));
        });
    reader->start();
}

} // namespace camhub
