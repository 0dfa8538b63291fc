#pragma once

#include "HlsPlaylist.h"
#include "LibavPtr.h"

#include <QDateTime>
#include <functional>
#include <vector>

namespace camhub {

// Cuts a remuxed elementary stream into MPEG-TS segments in memory and publishes them
// to an HlsPlaylist. Our own segmenter rather than libavformat's hls muxer: segments
// never touch the disk, each starts with PAT/PMT and a keyframe with its parameter
// sets (decodable on its own), a reconnect becomes EXT-X-DISCONTINUITY, and the target
// duration does not drift with the window.
class HlsSegmenter final
{
public:
    static constexpr AVRational kTimeBase{1, 90000};

    HlsSegmenter(HlsPlaylist &playlist, double targetSeconds);
    ~HlsSegmenter();
    HlsSegmenter(const HlsSegmenter &) = delete;
    HlsSegmenter &operator=(const HlsSegmenter &) = delete;

    // (Re)starts the muxer for these tracks (track 0 must be the video). After a
    // reconnect, pass discontinuity = true: the next segment is flagged.
    bool open(const std::vector<const AVCodecParameters *> &tracks, bool discontinuity,
              QString *error);

    // packet: stream_index is the track, timestamps in kTimeBase, already repaired.
    bool write(AVPacket *packet, QString *error);

    // Publishes the segment under way (if it holds anything) and closes the muxer.
    void close();

    // Called on the writer thread after each segment is published.
    std::function<void(const HlsSegment &)> onSegment;

private:
    bool writeToMuxer(AVPacket *packet, QString *error);
    void publish(int64_t endPts);
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    static int ioWrite(void *opaque, const uint8_t *buf, int size);
#else
    static int ioWrite(void *opaque, uint8_t *buf, int size);
#endif

    HlsPlaylist &m_playlist;
    const int64_t m_target; // in kTimeBase
    OutputContextPtr m_mux;
    IoContextPtr m_io;
    std::vector<BsfPtr> m_bsfs; // per track, may be null
    PacketPtr m_filtered = makePacket();

    QByteArray m_current;
    bool m_inSegment = false;
    int64_t m_segmentStart = 0;
    int64_t m_lastVideoEnd = 0;
    QDateTime m_segmentWallClock;
    bool m_pendingDiscontinuity = false;
    qint64 m_nextSequence = 0;
};

} // namespace camhub
