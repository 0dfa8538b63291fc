#pragma once

#include "HttpResponse.h"

namespace camhub {

class CameraRegistry;
class HttpServer;
struct HttpRequest;

// /api/cameras: the cameras and their profiles (never their URLs).
class CamerasController final
{
public:
    explicit CamerasController(CameraRegistry &cameras) : m_cameras(cameras) {}
    void registerRoutes(HttpServer &server);

private:
    HttpResponse list(const HttpRequest &request);

    CameraRegistry &m_cameras;
};

} // namespace camhub
