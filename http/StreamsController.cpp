#include "StreamsController.h"

#include "HttpServer.h"
#include "JsonBody.h"
#include "StreamJson.h"
#include "StreamManager.h"

#include <QJsonArray>

namespace camhub {

void StreamsController::registerRoutes(HttpServer &server)
{
    server.route("POST", QStringLiteral("/api/streams/start"),
                 [this](const HttpRequest &r) { return start(r); });
    server.route("POST", QStringLiteral("/api/streams/stop"),
                 [this](const HttpRequest &r) { return stop(r); });
    server.route("GET", QStringLiteral("/api/streams/status/{id}"),
                 [this](const HttpRequest &r) { return status(r); });
    server.route("GET", QStringLiteral("/api/streams/all"),
                 [this](const HttpRequest &r) { return all(r); });
    server.route("POST", QStringLiteral("/api/streams/cleanup"),
                 [this](const HttpRequest &r) { return cleanup(r); });
}

HttpResponse StreamsController::start(const HttpRequest &request)
{
    QString error, streamId, cameraId, token;
    const auto body = parseJsonObject(request, &error);
    if (!body)
        return HttpResponse::error(400, error);
    if (!optionalString(*body, QStringLiteral("stream_id"), &streamId, &error) ||
        !optionalString(*body, QStringLiteral("camera_id"), &cameraId, &error) ||
        !optionalString(*body, QStringLiteral("profile_token"), &token, &error))
        return HttpResponse::error(400, error);
    if (streamId.isEmpty() && cameraId.isEmpty())
        return HttpResponse::error(400, QStringLiteral("Give \"stream_id\", or \"camera_id\" "
                                                       "with an optional \"profile_token\""));

    const StreamManager::StartResult result =
        streamId.isEmpty() ? m_manager.startProfile(cameraId, token) : m_manager.start(streamId);
    if (!result.ok())
        return HttpResponse::error(404, result.message);

    const StreamStatus &s = result.status;
    return HttpResponse::json(QJsonObject{
        {QStringLiteral("success"), true},
        {QStringLiteral("stream_id"), s.streamId},
        {QStringLiteral("playlist_url"), s.playlistUrl()},
        {QStringLiteral("already_running"), result.alreadyRunning},
        {QStringLiteral("uptime"), StreamJson::uptime(s.uptime)},
        {QStringLiteral("state"), toString(s.state)},
        {QStringLiteral("ready"), s.ready},
    });
}

HttpResponse StreamsController::stop(const HttpRequest &request)
{
    QString error, streamId;
    const auto body = parseJsonObject(request, &error);
    if (!body)
        return HttpResponse::error(400, error);
    if (!optionalString(*body, QStringLiteral("stream_id"), &streamId, &error))
        return HttpResponse::error(400, error);
    if (streamId.isEmpty())
        return HttpResponse::error(400, QStringLiteral("\"stream_id\" is required"));
    bool wasRunning = false;
    if (!m_manager.stop(streamId, &wasRunning))
        return HttpResponse::error(404, QStringLiteral("Unknown stream: %1").arg(streamId));
    return HttpResponse::json(QJsonObject{{QStringLiteral("success"), true},
                                          {QStringLiteral("stream_id"), streamId},
                                          {QStringLiteral("stopped"), wasRunning}});
}

HttpResponse StreamsController::status(const HttpRequest &request)
{
    const QString id = request.param(QStringLiteral("id"));
    const auto s = m_manager.status(id);
    if (!s)
        return HttpResponse::error(404, QStringLiteral("Unknown stream: %1").arg(id));
    QJsonObject o = StreamJson::status(*s);
    o.insert(QStringLiteral("success"), true);
    return HttpResponse::json(o);
}

HttpResponse StreamsController::all(const HttpRequest &)
{
    QJsonArray streams;
    for (const StreamStatus &s : m_manager.all())
        streams.append(StreamJson::status(s));
    return HttpResponse::json(QJsonObject{{QStringLiteral("success"), true},
                                          {QStringLiteral("count"), streams.size()},
                                          {QStringLiteral("streams"), streams}});
}

HttpResponse StreamsController::cleanup(const HttpRequest &)
{
    const int n = m_manager.cleanup();
    return HttpResponse::json(QJsonObject{
        {QStringLiteral("success"), true},
        {QStringLiteral("cleaned_up"), n},
        {QStringLiteral("message"), QStringLiteral("Cleaned up %1 dead stream(s)").arg(n)}});
}

} // namespace camhub
