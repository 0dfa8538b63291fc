#include "StreamStatus.h"

namespace camhub {

QString toString(StreamState state)
{
    switch (state) {
    case StreamState::Starting:
        return QStringLiteral("starting");
    case StreamState::Running:
        return QStringLiteral("running");
    case StreamState::Reconnecting:
        return QStringLiteral("reconnecting");
    case StreamState::Dead:
        return QStringLiteral("dead");
    case StreamState::Stopped:
        return QStringLiteral("stopped");
    }
    return QStringLiteral("unknown");
}

QString StreamStatus::playlistUrl() const
{
    return QStringLiteral("/static/streams/%1/stream.m3u8").arg(streamId);
}

} // namespace camhub
