#include "ApiServer.h"

#include "EventsHub.h"
#include "StreamManager.h"

#include <QTcpServer>

namespace camhub {

ApiServer::ApiServer(CameraRegistry &cameras, StreamManager &manager, const AccessControl *access,
                     HttpLimits limits, QStringList discoveryInterfaces, QObject *parent)
    : QObject(parent), m_server(limits, this), m_streams(manager), m_cameras(cameras),
      m_hls(manager), m_onvif(std::move(discoveryInterfaces)),
      m_events(new EventsHub(m_server, manager, cameras, access, this))
{
    m_onvif.registerRoutes(m_server);
    m_server.setAccessControl(access);
    m_web.registerRoutes(m_server);
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

bool ApiServer::rebind(const QHostAddress &address, QString *error)
{
    const quint16 port = m_server.port();
    const QList<QTcpServer *> old = m_server.servers();
    QList<QHostAddress> oldAddresses;
    for (QTcpServer *s : old) {
        oldAddresses.append(s->serverAddress());
        s->close(); // free the port first
    }
    if (!m_server.listen(address, port, error)) {
        for (qsizetype i = 0; i < old.size(); ++i)
            old[i]->listen(oldAddresses[i], port);
        return false;
    }
    for (QTcpServer *s : old)
        s->deleteLater();
    return true;
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
