#pragma once

#include "HttpServer.h"

#include <QList>
#include <QStringList>

namespace camhub {

class WsDiscovery;

// GET /api/onvif/discover: a WS-Discovery round of about 3 s. Requests that arrive
// while one runs share its answer instead of flooding the LAN with probes.
class OnvifController final
{
public:
    // interfaces: where to probe (empty = every usable interface).
    explicit OnvifController(QStringList interfaces = {}) : m_interfaces(std::move(interfaces)) {}
    void registerRoutes(HttpServer &server);
    void setDiscoveryTime(int ms) { m_durationMs = ms; }

private:
    void discover(const HttpRequest &request, HttpServer::Reply reply);

    QStringList m_interfaces;
    int m_durationMs = 3000;
    WsDiscovery *m_running = nullptr;
    QList<HttpServer::Reply> m_waiting;
};

} // namespace camhub
