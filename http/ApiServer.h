#pragma once

#include "CamerasController.h"
#include "HlsController.h"
#include "HttpServer.h"
#include "StreamsController.h"

#include <QElapsedTimer>
#include <QHostAddress>

namespace camhub {

class CameraRegistry;
class StreamManager;

// The HTTP hub: the API, the HLS files and (later) the viewer page on one server.
class ApiServer final : public QObject
{
    Q_OBJECT

public:
    ApiServer(CameraRegistry &cameras, StreamManager &manager, HttpLimits limits = {},
              QObject *parent = nullptr);

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_server.port(); }
    HttpServer &server() { return m_server; }

private:
    HttpResponse info(const HttpRequest &request);

    HttpServer m_server;
    StreamsController m_streams;
    CamerasController m_cameras;
    HlsController m_hls;
    QElapsedTimer m_uptime;
};

} // namespace camhub
