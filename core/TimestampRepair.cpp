#include "TimestampRepair.h"

#include <algorithm>
#include <cstdlib>

namespace camhub {

TimestampRepair::TimestampRepair(int64_t maxGap, int64_t base) : m_maxGap(maxGap), m_base(base)
{
}

int TimestampRepair::addTrack(bool isVideo, int64_t defaultDuration)
{
    Track t;
    t.isVideo = isVideo;
    t.defaultDuration = std::max<int64_t>(1, defaultDuration);
    m_tracks.push_back(t);
    return int(m_tracks.size()) - 1;
}

int64_t TimestampRepair::end() const
{
    int64_t end = m_base;
    for (const Track &t : m_tracks)
        if (t.lastDts != kNoTimestamp)
            end = std::max(end, t.lastDts + t.lastDuration);
    return end;
}

bool TimestampRepair::fix(int index, bool keyframe, Times &t)
{
    if (index < 0 || index >= int(m_tracks.size()))
        return drop();
    Track &tr = m_tracks[size_t(index)];
    const bool unstamped = t.dts == kNoTimestamp && t.pts == kNoTimestamp;

    if (!m_started) {
        // Everything before the first video keyframe is undecodable or unsynchronised.
        if (!tr.isVideo || !keyframe)
            return drop();
        m_started = true;
        if (unstamped) {
            // The first IDR of an RTSP session often comes without a timestamp (libav
            // stamps from the next packet on). Keep it, a whole GOP sooner: it opens
            // the timeline, and the next stamped packet anchors the input clock.
            m_anchorPending = true;
            return place(tr, t, m_base);
        }
        m_inputStart = t.dts != kNoTimestamp ? t.dts : t.pts;
    }
    if (unstamped) {
        if (tr.lastDts == kNoTimestamp)
            return drop();
        return place(tr, t, tr.lastDts + tr.lastDuration); // extrapolated
    }
    if (t.dts == kNoTimestamp)
        t.dts = t.pts;
    else if (t.pts == kNoTimestamp)
        t.pts = t.dts;
    if (m_anchorPending) {
        // This packet lands right after what this track has written so far.
        const int64_t expected = tr.lastDts != kNoTimestamp ? tr.lastDts + tr.lastDuration : m_base;
        m_inputStart = t.dts - (expected - m_base);
        m_anchorPending = false;
    }

    t.dts = t.dts - m_inputStart + m_base + tr.shift;
    t.pts = t.pts - m_inputStart + m_base + tr.shift;

    if (tr.lastDts == kNoTimestamp) {
        // Audio that started a moment before the video keyframe: drop, don't go negative.
        if (t.dts < m_base)
            return drop();
    } else {
        const int64_t expected = tr.lastDts + tr.lastDuration;
        const int64_t gap = t.dts - expected;
        if (gap > m_maxGap || gap < -m_maxGap) {
            // A clock jump: splice this packet right after the previous one.
            tr.shift -= gap;
            t.dts -= gap;
            t.pts -= gap;
            ++m_jumps;
        } else if (t.dts <= tr.lastDts) {
            t.dts = tr.lastDts + 1; // muxers reject non-increasing DTS
        }
        const int64_t interval = t.dts - tr.lastDts;
        if (interval > 0)
            tr.lastInterval = interval;
    }
    if (t.pts < t.dts)
        t.pts = t.dts;

    if (t.duration <= 0)
        t.duration = tr.lastInterval > 0 ? tr.lastInterval : tr.defaultDuration;

    tr.lastDts = t.dts;
    tr.lastDuration = t.duration;
    return true;
}

bool TimestampRepair::place(Track &tr, Times &t, int64_t dts)
{
    t.dts = t.pts = dts;
    if (t.duration <= 0)
        t.duration = tr.lastInterval > 0 ? tr.lastInterval : tr.defaultDuration;
    tr.lastDts = t.dts;
    tr.lastDuration = t.duration;
    return true;
}

} // namespace camhub
