#pragma once

#include "AccessControl.h"
#include "CamerasController.h"
#include "HlsController.h"
#include "HttpServer.h"
#include "OnvifController.h"
#include "StreamsController.h"
#include "WebController.h"

#include <QElapsedTimer>
#include <QHostAddress>

namespace camhub {

class CameraRegistry;
class EventsHub;
class StreamManager;

// The HTTP hub: the API, the HLS files and (later) the viewer page on one server.
class ApiServer final : public QObject
{
    Q_OBJECT

public:
    // access: null lets every client in (loopback-only servers in tests).
    ApiServer(CameraRegistry &cameras, StreamManager &manager, const AccessControl *access,
              HttpLimits limits = {}, QStringList discoveryInterfaces = {},
              QObject *parent = nullptr);

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Moves the server to another address (e.g. "Share on LAN"), keeping its port.
    bool rebind(const QHostAddress &address, QString *error);
    quint16 port() const { return m_server.port(); }
    HttpServer &server() { return m_server; }

private:
    HttpResponse info(const HttpRequest &request);

    HttpServer m_server;
    StreamsController m_streams;
    CamerasController m_cameras;
    HlsController m_hls;
    WebController m_web;
    OnvifController m_onvif;
    EventsHub *m_events;
    QElapsedTimer m_uptime;
};

} // namespace camhub
