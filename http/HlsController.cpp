#include "HlsController.h"

#include "HlsPlaylist.h"
#include "HttpServer.h"
#include "StreamId.h"
#include "StreamManager.h"

namespace camhub {

void HlsController::registerRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/static/streams/{id}/{file}"),
                 [this](const HttpRequest &r) { return file(r); });
}

HttpResponse HlsController::file(const HttpRequest &request)
{
    const QString id = request.param(QStringLiteral("id"));
    const QString name = request.param(QStringLiteral("file"));
    if (!StreamId::isWellFormed(id))
        return HttpResponse::error(404, QStringLiteral("Not found"));
    const auto data = m_manager.hlsFile(id, name);
    if (!data) {
        const auto s = m_manager.status(id);
        if (s && s->alive() && name == QLatin1String(HlsPlaylist::kPlaylistName))
            return HttpResponse::error(404, QStringLiteral("Stream %1 is starting; its playlist "
                                                           "appears with the first segment")
                                                .arg(id))
                .withHeader("Retry-After", "1");
        return HttpResponse::error(404, QStringLiteral("Not found"));
    }
    if (name == QLatin1String(HlsPlaylist::kPlaylistName))
        return HttpResponse::bytes(*data, "application/vnd.apple.mpegurl")
            .withHeader("Cache-Control", "no-cache");
    // A restarted stream reuses segment names: never let a cache answer for us.
    return HttpResponse::bytes(*data, "video/mp2t").withHeader("Cache-Control", "no-cache");
}

} // namespace camhub
