#pragma once

#include <QJsonObject>

namespace camhub {

struct Camera;
struct StreamStatus;

namespace StreamJson {

// The status object of the API: stream_id, camera_id, profile_token, state, running,
// ready, uptime, playlist_url, last_error, bytes_in, segments, reconnects, started_at.
QJsonObject status(const StreamStatus &s);

// Seconds to one decimal, as "uptime" is given everywhere.
double uptime(double seconds);

// A camera with its profiles and their stream ids; never its URLs.
QJsonObject camera(const Camera &c);

} // namespace StreamJson
} // namespace camhub
