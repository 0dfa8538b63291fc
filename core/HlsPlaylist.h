#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QReadWriteLock>
#include <QString>
#include <deque>
#include <optional>

namespace camhub {

struct HlsSegment
{
    qint64 sequence = 0;
    double duration = 0;        // seconds
    QDateTime programDateTime;  // wall clock of the segment's first frame
    bool discontinuity = false; // first segment after a reconnect
    QByteArray data;
};

// A live HLS media playlist and its segments, held in memory. Written by one reader
// thread, read by any number of HTTP threads: readers only ever see whole segments
// and whole playlists (the playlist is rebuilt and swapped under the lock).
class HlsPlaylist final
{
public:
    static constexpr char kPlaylistName[] = "stream.m3u8";

    // window: segments listed in the playlist; extra: segments kept after they leave
    // the window, for clients that fetched the playlist a moment earlier.
    HlsPlaylist(int targetDuration, int window, int extra);

    void addSegment(HlsSegment segment);
    void clear();

    QByteArray playlist() const; // empty until the first segment exists
    std::optional<QByteArray> file(const QString &name) const;
    static QString segmentName(qint64 sequence);

    qint64 segmentsProduced() const;
    qint64 bytesBuffered() const;

private:
    void rebuild(); // under the write lock

    const int m_targetDuration;
    const int m_window;
    const int m_extra;
    mutable QReadWriteLock m_lock;
    std::deque<HlsSegment> m_segments; // oldest first
    qint64 m_discontinuitiesDropped = 0;
    qint64 m_produced = 0;
    qint64 m_bytes = 0;
    int m_maxRoundedDuration = 0;
    QByteArray m_playlist;
};

} // namespace camhub
