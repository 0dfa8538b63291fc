#pragma once

#include "HttpLimits.h"
#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <functional>

QT_BEGIN_NAMESPACE
class QHttpServerResponder;
QT_END_NAMESPACE

namespace camhub {

class AccessControl;

// The one place that knows QHttpServer's API, which changed in Qt 6.5 and 6.8. Routing
// is ours: exact segment matching, one percent-decoding per segment, 404 vs 405 with
// Allow, body limit, and every answer a complete response (no async handlers, which
// are unsafe on 6.4). Handlers run on this object's thread and must return quickly.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    // For answers that wait on the network (ONVIF): call reply once, on this server's
    // thread. If the client has gone by then, the answer is dropped.
    using Reply = std::function<void(const HttpResponse &)>;
    using AsyncHandler = std::function<void(const HttpRequest &, Reply)>;

    explicit HttpServer(HttpLimits limits = {}, QObject *parent = nullptr);

    // pattern: "/api/streams/status/{id}"; {name} matches exactly one segment.
    void route(const QByteArray &method, const QString &pattern, Handler handler);
    void routeAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler);

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_port; }

    // Checked before any route; null allows everything (tests of the router alone).
    void setAccessControl(const AccessControl *access) { m_access = access; }

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request,
                        QHttpServerResponder &&responder) override;
#endif

private:
    struct Route
    {
        QByteArray method;
        QStringList parts;
        Handler handler;
        AsyncHandler async;
    };

    // The matching route, or the answer when there is none (401, 403, 404, 405, 413).
    const Route *match(HttpRequest &request, HttpResponse *early, QByteArray *setCookie) const;
    static HttpRequest convert(const QHttpServerRequest &request);
    static void send(QHttpServerResponder &responder, const HttpResponse &response, bool head);
    // False when the answer will come later (an async route).
    bool serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *socket = nullptr);

    const HttpLimits m_limits;
    const AccessControl *m_access = nullptr;
    QList<Route> m_routes;
    quint16 m_port = 0;
};

} // namespace camhub
