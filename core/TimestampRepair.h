#pragma once

#include <cstdint>
#include <vector>

namespace camhub {

// Turns the timestamps a camera sends into ones a muxer accepts, the way the ffmpeg CLI
// does it and more: output starts at the first video keyframe, missing DTS/PTS are
// synthesised, DTS never goes backwards, durations are filled, and jumps (RTCP
// resync, camera clock resets) and reconnects continue the timeline instead of
// breaking it. Works on timestamps already rescaled to the output time base.
class TimestampRepair final
{
public:
    static constexpr int64_t kNoTimestamp = INT64_MIN; // == AV_NOPTS_VALUE

    struct Times
    {
        int64_t pts = kNoTimestamp;
        int64_t dts = kNoTimestamp;
        int64_t duration = 0;
    };

    // maxGap: a jump bigger than this (either way) is treated as a clock discontinuity.
    // base: output DTS of the first keyframe; after a reconnect, the previous end().
    explicit TimestampRepair(int64_t maxGap, int64_t base = 0);

    // defaultDuration is used until two packets give a real frame interval.
    int addTrack(bool isVideo, int64_t defaultDuration);

    // Repairs t in place. Returns false when the packet must be dropped (before the
    // first keyframe, or without any usable timestamp).
    bool fix(int track, bool keyframe, Times &t);

    // Where the timeline ends: the output DTS that follows the last packet written.
    int64_t end() const;

    bool started() const { return m_started; }
    int64_t dropped() const { return m_dropped; }
    int64_t jumps() const { return m_jumps; }

private:
    struct Track
    {
        bool isVideo = false;
        int64_t defaultDuration = 0;
        int64_t shift = 0; // accumulated jump corrections
        int64_t lastDts = kNoTimestamp;
        int64_t lastDuration = 0;
        int64_t lastInterval = 0; // dts delta between the last two packets
    };

    bool place(Track &track, Times &t, int64_t dts); // an unstamped packet, at dts
    bool drop()
    {
        ++m_dropped;
        return false;
    }

    std::vector<Track> m_tracks;
    int64_t m_maxGap;
    bool m_started = false;
    bool m_anchorPending = false; // started on an unstamped keyframe
    int64_t m_inputStart = 0;     // input dts of the first keyframe of this session
    int64_t m_base = 0;           // output dts of that keyframe
    int64_t m_dropped = 0;
    int64_t m_jumps = 0;
};

} // namespace camhub
