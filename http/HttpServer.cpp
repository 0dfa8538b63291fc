#include "HttpServer.h"

#include "AccessControl.h"
#include "LimitedTcpServer.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QTcpSocket>

namespace camhub {

Q_LOGGING_CATEGORY(lcHttp, "camhub.http", QtInfoMsg)

HttpServer::HttpServer(HttpLimits limits, QObject *parent)
    : QAbstractHttpServer(parent), m_limits(limits)
{
}

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.append(Route{method, pattern.split(u'/', Qt::SkipEmptyParts), std::move(handler), {}});
}

void HttpServer::routeAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler)
{
    m_routes.append(Route{method, pattern.split(u'/', Qt::SkipEmptyParts), {}, std::move(handler)});
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *tcp = new LimitedTcpServer(m_limits, this);
    if (!tcp->listen(address, port)) {
        *error = QStringLiteral("cannot listen on %1 port %2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(tcp->errorString());
        delete tcp;
        return false;
    }
    m_port = tcp->serverPort();
    bind(tcp);
    return true;
}

HttpRequest HttpServer::convert(const QHttpServerRequest &request)
{
    HttpRequest r;
    const QMetaEnum methods = QMetaEnum::fromType<QHttpServerRequest::Method>();
    r.method = QByteArray(methods.valueToKey(int(request.method()))).toUpper();
    // Split the still-encoded path, then decode each segment once: "%2F" stays inside
    // its segment and "%2e%2e" can only ever be a segment named "..", never a step up.
    const QString encoded = request.url().path(QUrl::FullyEncoded);
    for (const QString &part : encoded.split(u'/', Qt::SkipEmptyParts))
        r.segments.append(QUrl::fromPercentEncoding(part.toUtf8()));
    r.query = request.query();
    r.body = request.body();
    r.remote = request.remoteAddress();
    for (const auto &h : request.headers())
        r.headers.append({h.first, h.second});
    return r;
}

const HttpServer::Route *HttpServer::match(HttpRequest &request, HttpResponse *early,
                                           QByteArray *setCookie) const
{
    // ConnectionGuard refuses big bodies early; this catches what it cannot see
    // (a server bound to a QTcpServer other than ours).
    if (request.body.size() > m_limits.maxBodyBytes) {
        *early = HttpResponse::error(413, QStringLiteral("Request body is larger than 64 KiB"));
        return nullptr;
    }
    if (m_access) {
        switch (m_access->check(request, setCookie)) {
        case AccessControl::Verdict::Unauthorized:
            *early = HttpResponse::error(401, QStringLiteral("Access token required: open the link "
                                                             "shown in camhub's window"))
                         .withHeader("WWW-Authenticate", "Bearer");
            return nullptr;
        case AccessControl::Verdict::ForeignOrigin:
            *early = HttpResponse::error(403, QStringLiteral("Cross-origin request refused"));
            return nullptr;
        case AccessControl::Verdict::ForeignHost:
            *early =
                HttpResponse::error(403, QStringLiteral("Use an IP address or localhost to "
                                                        "reach camhub, or send the access token"));
            return nullptr;
        case AccessControl::Verdict::Allow:
            break;
        }
    }
    // HEAD is GET without the body (send() drops it).
    const QByteArray method = request.method == "HEAD" ? QByteArray("GET") : request.method;
    QByteArrayList allowed;
    for (const Route &route : m_routes) {
        if (route.parts.size() != request.segments.size())
            continue;
        QHash<QString, QString> params;
        bool same = true;
        for (qsizetype i = 0; i < route.parts.size() && same; ++i) {
            const QString &p = route.parts[i];
            if (p.startsWith(u'{') && p.endsWith(u'}'))
                params.insert(p.mid(1, p.size() - 2), request.segments[i]);
            else
                same = p == request.segments[i];
        }
        if (!same)
            continue;
        if (route.method != method) {
            allowed.append(route.method);
            continue;
        }
        request.params = std::move(params);
        return &route;
    }
    if (!allowed.isEmpty())
        *early = HttpResponse::error(405, QStringLiteral("Method %1 not allowed; use %2")
                                              .arg(QString::fromLatin1(request.method),
                                                   QString::fromLatin1(allowed.join(", "))))
                     .withHeader("Allow", allowed.join(", "));
    else
        *early = HttpResponse::error(404, QStringLiteral("Not found"));
    return nullptr;
}

void HttpServer::send(QHttpServerResponder &responder, const HttpResponse &response, bool head)
{
    const auto status = QHttpServerResponder::StatusCode(response.status);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers;
    if (!response.contentType.isEmpty())
        headers.append(QHttpHeaders::WellKnownHeader::ContentType, response.contentType);
    for (const auto &h : response.headers)
        headers.append(h.first, h.second);
    if (head) {
        headers.append(QHttpHeaders::WellKnownHeader::ContentLength,
                       QByteArray::number(response.body.size()));
        responder.write(headers, status);
    } else {
        responder.write(response.body, headers, status); // adds Content-Length
    }
#else
    responder.writeStatusLine(status);
    if (!response.contentType.isEmpty())
        responder.writeHeader("Content-Type", response.contentType);
    for (const auto &h : response.headers)
        responder.writeHeader(h.first, h.second);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    if (head)
        responder.writeBody(nullptr, 0); // ends the head, no body
    else
        responder.writeBody(response.body);
#endif
}

bool HttpServer::serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
                       QTcpSocket *socket)
{
    HttpRequest r = convert(request);
    const bool head = r.method == "HEAD";
    HttpResponse response;
    QByteArray setCookie;
    const Route *route = match(r, &response, &setCookie);
    if (route && route->async) {
        // The responder waits for the answer; it must not outlive the connection.
        auto pending = std::make_shared<std::optional<QHttpServerResponder>>();
        pending->emplace(std::move(responder));
        if (socket)
            connect(socket, &QTcpSocket::disconnected, this, [pending] { pending->reset(); });
        route->async(r, [pending, head, setCookie](const HttpResponse &answer) {
            if (!pending->has_value())
                return;
            if (setCookie.isEmpty()) {
                send(**pending, answer, head);
            } else {
                HttpResponse withCookie = answer;
                withCookie.withHeader("Set-Cookie", setCookie);
                send(**pending, withCookie, head);
            }
            pending->reset();
        });
        return false;
    }
    if (route)
        response = route->handler(r);
    if (!setCookie.isEmpty())
        response.withHeader("Set-Cookie", setCookie);
    if (response.status >= 500)
        qCWarning(lcHttp).noquote()
            << r.method << "/" + r.segments.join(u'/') << "->" << response.status;
    send(responder, response, head);
    return true;
}

namespace {
// Before Qt 6.8, QAbstractHttpServer upgrades a WebSocket request after handleRequest()
// returns: answering it here would put an HTTP response in front of the 101. EventsHub
// decides who may keep the socket.
bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}
} // namespace

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (isWebSocketUpgrade(request))
        return true;
    bool answered;
    {
        QHttpServerResponder responder = makeResponder(request, socket);
        answered = serve(request, responder, socket);
    }
    // QHttpServer 6.4 keeps every connection open; honour "Connection: close".
    const QByteArray connection = request.value("Connection").toLower();
    if (answered && connection == "close")
        socket->disconnectFromHost();
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    handleRequest(request, socket); // never reached: handleRequest takes everything
}
#else
bool HttpServer::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    if (isWebSocketUpgrade(request))
        return true;
#endif
    serve(request, responder);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    serve(request, responder);
}
#endif

} // namespace camhub
