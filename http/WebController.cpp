#include "WebController.h"

#include "HttpServer.h"

#include <QFile>
#include <QRegularExpression>

namespace camhub {

namespace {

QByteArray contentType(const QString &name)
{
    if (name.endsWith(QLatin1String(".html")))
        return "text/html; charset=utf-8";
    if (name.endsWith(QLatin1String(".js")))
        return "text/javascript; charset=utf-8";
    if (name.endsWith(QLatin1String(".css")))
        return "text/css; charset=utf-8";
    if (name.endsWith(QLatin1String(".svg")))
        return "image/svg+xml";
    if (name.endsWith(QLatin1String(".png")))
        return "image/png";
    return "application/octet-stream";
}

} // namespace

void WebController::registerRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/"), [this](const HttpRequest &r) { return page(r); });
    server.route("GET", QStringLiteral("/assets/{name}"),
                 [this](const HttpRequest &r) { return asset(r); });
}

HttpResponse WebController::serve(const QString &name)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    if (!safe.match(name).hasMatch() || name.contains(QLatin1String("..")))
        return HttpResponse::error(404, QStringLiteral("Not found"));
    QFile f(QStringLiteral(":/web/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return HttpResponse::error(404, QStringLiteral("Not found"));
    HttpResponse r = HttpResponse::bytes(f.readAll(), contentType(name));
    r.withHeader("X-Content-Type-Options", "nosniff");
    r.withHeader("Cache-Control", "no-cache");
    return r;
}

HttpResponse WebController::page(const HttpRequest &)
{
    HttpResponse r = serve(QStringLiteral("index.html"));
    // The page loads only its own scripts; hls.js needs blob: workers and media.
    r.withHeader("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self' ws: wss:; "
                 "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    r.withHeader("Referrer-Policy", "no-referrer"); // the token may be in the address
    r.withHeader("X-Frame-Options", "DENY");
    return r;
}

HttpResponse WebController::asset(const HttpRequest &request)
{
    const QString name = request.param(QStringLiteral("name"));
    if (name.endsWith(QLatin1String(".html")))
        return page(request); // never without its security headers
    return serve(name);
}

} // namespace camhub
