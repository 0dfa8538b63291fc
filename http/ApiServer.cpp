#include "ApiServer.h"

#include "StreamManager.h"

namespace camhub {

ApiServer::ApiServer(CameraRegistry &cameras, StreamManager &manager, HttpLimits limits,
                     QObject *parent)
    : QObject(parent), m_server(limits, this), m_streams(manager), m_cameras(cameras),
      m_hls(manager)
{
    m_uptime.start();
    m_streams.registerRoutes(m_server);
    m_cameras.registerRoutes(m_server);
    m_hls.registerRoutes(m_server);
    m_server.route("GET", QStringLiteral("/api/info"),
                   [this](const HttpRequest &r) { return info(r); });
}

bool ApiServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    return m_server.listen(address, port, error);
}

HttpResponse ApiServer::info(const HttpRequest &)
{
    return HttpResponse::json(
        QJsonObject{{QStringLiteral("success"), true},
                    {QStringLiteral("name"), QStringLiteral("camhub")},
                    {QStringLiteral("version"), QStringLiteral(CAMHUB_VERSION)},
                    {QStringLiteral("uptime"), double(m_uptime.elapsed() / 100) / 10.0}});
}

} // namespace camhub
