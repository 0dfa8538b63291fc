#include "OnvifController.h"

#include "WsDiscovery.h"

#include <QJsonArray>
#include <QUrl>

namespace camhub {

void OnvifController::registerRoutes(HttpServer &server)
{
    server.routeAsync(
        "GET", QStringLiteral("/api/onvif/discover"),
        [this](const HttpRequest &r, HttpServer::Reply reply) { discover(r, std::move(reply)); });
}

void OnvifController::discover(const HttpRequest &, HttpServer::Reply reply)
{
    m_waiting.append(std::move(reply));
    if (m_running)
        return;
    m_running = new WsDiscovery;
    m_running->setInterfaces(m_interfaces);
    QObject::connect(m_running, &WsDiscovery::finished, m_running,
                     [this](const QList<Onvif::ProbeMatch> &found) {
                         QJsonArray devices;
                         for (const Onvif::ProbeMatch &m : found) {
                             QJsonArray scopes;
                             for (const QString &s : m.scopes)
                                 scopes.append(s);
                             devices.append(QJsonObject{
                                 {QStringLiteral("xaddr"), m.xaddrs.value(0)},
                                 {QStringLiteral("xaddrs"), QJsonArray::fromStringList(m.xaddrs)},
                                 {QStringLiteral("name"), m.name},
                                 {QStringLiteral("hardware"), m.hardware},
                                 {QStringLiteral("endpoint"), m.endpoint},
                                 {QStringLiteral("scopes"), scopes}});
                         }
                         const HttpResponse answer = HttpResponse::json(
                             QJsonObject{{QStringLiteral("success"), true},
                                         {QStringLiteral("count"), devices.size()},
                                         {QStringLiteral("devices"), devices}});
                         const QList<HttpServer::Reply> waiting = std::exchange(m_waiting, {});
                         m_running->deleteLater();
                         m_running = nullptr;
                         for (const auto &r : waiting)
                             r(answer);
                     });
    m_running->start(m_durationMs);
}

} // namespace camhub
