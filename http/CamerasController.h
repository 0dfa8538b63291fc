#pragma once

#include "HttpServer.h"

#include <QJsonObject>

namespace camhub {

class CameraRegistry;
struct Camera;

// /api/cameras: list, add (plain RTSP or ONVIF), edit, remove, refresh an ONVIF
// camera's profiles. Never shows a URL or a password.
class CamerasController final
{
public:
    static constexpr int kMaxOnvifInFlight = 8;

    explicit CamerasController(CameraRegistry &cameras) : m_cameras(cameras) {}
    void registerRoutes(HttpServer &server);

private:
    HttpResponse list(const HttpRequest &request);
    void add(const HttpRequest &request, HttpServer::Reply reply);
    void update(const HttpRequest &request, HttpServer::Reply reply);
    HttpResponse remove(const HttpRequest &request);
    void refresh(const HttpRequest &request, HttpServer::Reply reply);

    // Reads the device, then stores the camera (added, or replacing existingId).
    void readOnvif(Camera base, const QString &existingId, HttpServer::Reply reply);
    HttpResponse store(Camera camera, const QString &existingId);
    static QString parseBody(const HttpRequest &request, Camera *camera, bool *onvif);

    CameraRegistry &m_cameras;
    int m_inFlight = 0; // HTTP thread only
};

} // namespace camhub
