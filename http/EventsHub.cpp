#include "EventsHub.h"

#include "AccessControl.h"
#include "CameraRegistry.h"
#include "StreamJson.h"
#include "StreamManager.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QWebSocket>

namespace camhub {

namespace {
QString message(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

EventsHub::EventsHub(QAbstractHttpServer &server, StreamManager &manager, CameraRegistry &cameras,
                     const AccessControl *access, QObject *parent)
    : QObject(parent), m_server(server), m_manager(manager), m_access(access)
{
    connect(&cameras, &CameraRegistry::camerasChanged, this, [this] {
        send(QJsonObject{{QStringLiteral("type"), QStringLiteral("cameras_changed")}});
    });
    connect(&server, &QAbstractHttpServer::newWebSocketConnection, this,
            &EventsHub::onNewConnection);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // 6.8 upgrades only what a verifier accepts; the token/origin check follows below.
    server.addWebSocketUpgradeVerifier(this, [](const QHttpServerRequest &request) {
        return request.url().path() == QLatin1String("/api/events")
                   ? QHttpServerWebSocketUpgradeResponse::accept()
                   : QHttpServerWebSocketUpgradeResponse::passToNext();
    });
#endif
    connect(&manager, &StreamManager::streamStarted, this,
            [this](const StreamStatus &s) { broadcast("started", s); });
    connect(&manager, &StreamManager::streamReused, this,
            [this](const StreamStatus &s) { broadcast("reused", s); });
    connect(&manager, &StreamManager::streamChanged, this, [this](const StreamStatus &s) {
        broadcast(s.state == StreamState::Dead ? "died" : "changed", s);
    });
    connect(&manager, &StreamManager::streamStopped, this,
            [this](const StreamStatus &s) { broadcast("stopped", s); });
    connect(&manager, &StreamManager::streamsCleanedUp, this, [this](const QStringList &ids) {
        for (const QString &id : ids)
            if (const auto s = m_manager.status(id))
                broadcast("cleaned_up", *s);
    });
}

EventsHub::~EventsHub()
{
    for (QWebSocket *ws : std::as_const(m_clients)) {
        ws->disconnect(this);
        ws->abort();
        delete ws;
    }
}

void EventsHub::onNewConnection()
{
    while (m_server.hasPendingWebSocketConnections()) {
        QWebSocket *ws = m_server.nextPendingWebSocketConnection().release();
        if (!ws)
            continue;
        // QHttpServer upgrades any path: only /api/events is ours.
        if (ws->requestUrl().path() != QLatin1String("/api/events")) {
            ws->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("Not found"));
            ws->deleteLater();
            continue;
        }
        if (m_access) {
            QList<QPair<QByteArray, QByteArray>> headers;
            const QNetworkRequest req = ws->request();
            for (const QByteArray &name : req.rawHeaderList())
                headers.append({name, req.rawHeader(name)});
            if (!req.hasRawHeader("Origin") && !ws->origin().isEmpty())
                headers.append({"Origin", ws->origin().toUtf8()});
            // A socket is as powerful as a POST: same token and same-origin rules.
            const auto verdict =
                m_access->check("POST", ws->peerAddress(), headers, QUrlQuery(ws->requestUrl()));
            if (verdict != AccessControl::Verdict::Allow) {
                ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          verdict == AccessControl::Verdict::Unauthorized
                              ? QStringLiteral("Access token required")
                              : QStringLiteral("Cross-origin connection refused"));
                ws->deleteLater();
                continue;
            }
        }
        if (m_clients.size() >= kMaxClients) {
            ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                      QStringLiteral("Too many event listeners"));
            ws->deleteLater();
            continue;
        }
        m_clients.append(ws);
        connect(ws, &QWebSocket::disconnected, this, [this, ws] {
            m_clients.removeOne(ws);
            ws->deleteLater();
        });
        // Incoming messages are not part of the protocol: ignore, never buffer.
        QJsonArray streams;
        for (const StreamStatus &s : m_manager.all())
            streams.append(StreamJson::status(s));
        ws->sendTextMessage(
            message(QJsonObject{{QStringLiteral("type"), QStringLiteral("snapshot")},
                                {QStringLiteral("streams"), streams}}));
    }
}

void EventsHub::broadcast(const char *type, const StreamStatus &status)
{
    if (!m_clients.isEmpty())
        send(QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)},
                         {QStringLiteral("stream"), StreamJson::status(status)}});
}

void EventsHub::send(const QJsonObject &o)
{
    const QString text = message(o);
    for (QWebSocket *ws : std::as_const(m_clients))
        ws->sendTextMessage(text);
}

} // namespace camhub
