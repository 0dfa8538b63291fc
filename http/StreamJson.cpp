#include "StreamJson.h"

#include "Camera.h"
#include "StreamStatus.h"

#include <QJsonArray>
#include <cmath>

namespace camhub::StreamJson {

QJsonObject status(const StreamStatus &s)
{
    const bool running = s.alive();
    return QJsonObject{
        {QStringLiteral("stream_id"), s.streamId},
        {QStringLiteral("camera_id"), s.cameraId},
        {QStringLiteral("profile_token"), s.profileToken},
        {QStringLiteral("state"), toString(s.state)},
        {QStringLiteral("running"), running},
        {QStringLiteral("ready"), s.ready},
        {QStringLiteral("uptime"), uptime(s.uptime)},
        {QStringLiteral("playlist_url"), s.playlistUrl()},
        {QStringLiteral("last_error"),
         s.lastError.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.lastError)},
        {QStringLiteral("bytes_in"), s.bytesIn},
        {QStringLiteral("segments"), s.segments},
        {QStringLiteral("reconnects"), s.reconnects},
        {QStringLiteral("started_at"), s.startedAt.isValid() && s.state != StreamState::Stopped
                                           ? QJsonValue(s.startedAt.toString(Qt::ISODateWithMs))
                                           : QJsonValue(QJsonValue::Null)},
    };
}

double uptime(double seconds)
{
    return std::round(seconds * 10.0) / 10.0;
}

QJsonObject camera(const Camera &c)
{
    QJsonArray profiles;
    for (const CameraProfile &p : c.profiles) {
        QJsonObject o{{QStringLiteral("token"), p.token},
                      {QStringLiteral("name"), p.name},
                      {QStringLiteral("stream_id"), p.streamId}};
        if (!p.encoding.isEmpty())
            o.insert(QStringLiteral("encoding"), p.encoding);
        if (p.width > 0) {
            o.insert(QStringLiteral("width"), p.width);
            o.insert(QStringLiteral("height"), p.height);
        }
        profiles.append(o);
    }
    QJsonObject out{{QStringLiteral("id"), c.id},
                    {QStringLiteral("name"), c.name},
                    {QStringLiteral("profiles"), profiles},
                    {QStringLiteral("has_credentials"), !c.username.isEmpty()}};
    // The device's address, never its URLs' credentials nor the stream URLs.
    if (c.isOnvif())
        out.insert(QStringLiteral("onvif"),
                   QJsonObject{{QStringLiteral("xaddr"), stripCredentials(c.onvif.xaddr)},
                               {QStringLiteral("manufacturer"), c.onvif.manufacturer},
                               {QStringLiteral("model"), c.onvif.model},
                               {QStringLiteral("firmware"), c.onvif.firmware}});
    return out;
}

} // namespace camhub::StreamJson
