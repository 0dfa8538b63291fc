#pragma once

#include <QDateTime>
#include <QString>

namespace camhub {

enum class StreamState
{
    Starting,     // reader connecting / waiting for the first segment
    Running,      // segments are being produced
    Reconnecting, // the camera dropped; retrying with backoff
    Dead,         // the source failed for good; see lastError
    Stopped,      // stopped on request
};

QString toString(StreamState state);

// A consistent snapshot of one stream, safe to pass between threads.
struct StreamStatus
{
    QString streamId;
    QString cameraId;
    QString profileToken;
    StreamState state = StreamState::Stopped;
    bool ready = false; // the playlist lists at least one segment
    double uptime = 0;  // seconds since the stream was started
    QString lastError;  // credential-free
    qint64 bytesIn = 0;
    qint64 segments = 0; // produced since start
    int reconnects = 0;
    QDateTime startedAt;

    bool alive() const
    {
        return state == StreamState::Starting || state == StreamState::Running ||
               state == StreamState::Reconnecting;
    }
    QString playlistUrl() const;
};

} // namespace camhub
