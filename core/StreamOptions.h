#pragma once

#include "MediaSource.h"

#include <chrono>

namespace camhub {

struct StreamOptions
{
    SourceOptions source;
    double segmentSeconds = 1.0; // HLS target; segments are cut on the next keyframe
    int playlistWindow = 6;      // segments listed in the playlist
    int extraSegments = 4;       // kept a little longer for slow clients
    int reconnectAttempts = 3;   // after a running stream loses its camera
    std::chrono::milliseconds reconnectBackoff{1000}; // doubled per attempt, max 10 s
};

} // namespace camhub
