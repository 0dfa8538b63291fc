#pragma once

#include "HlsPlaylist.h"
#include "Interrupter.h"
#include "PacketQueue.h"
#include "StreamOptions.h"
#include "StreamStatus.h"

#include <QElapsedTimer>
#include <QMutex>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace camhub {

class HlsSegmenter;
class TimestampRepair;

// One running pull of one camera profile: a reader thread that reads packets with
// libav, repairs their timestamps and feeds the HLS segmenter. Thread-safe; owned by
// StreamManager.
class Stream final
{
public:
    using Notify = std::function<void(const StreamStatus &)>;

    Stream(QString streamId, QString cameraId, QString profileToken, QString url,
           StreamOptions options, Notify notify);
    ~Stream(); // stops and joins the reader
    Stream(const Stream &) = delete;
    Stream &operator=(const Stream &) = delete;

    void start();
    // Returns at once; the reader notices within about 100 ms.
    void requestStop();
    bool wait(int ms);
    QThread *thread() const { return m_thread.get(); }

    StreamStatus status() const;

    // A local consumer of the video packets (the native player) on the stream's own
    // camera connection. The queue starts with the GOP under way, so a picture appears
    // at once. Null if the stream has ended.
    std::shared_ptr<PacketQueue> subscribe();
    const HlsPlaylist &playlist() const { return m_playlist; }
    QString id() const { return m_id; }

private:
    void run();                         // the reader thread
    QString runSession(bool reconnect); // until the source fails; sets m_segmentInSession
    void setState(StreamState state, const QString &error = {});
    void onSegment();
    void notifyIfCurrent();
    void tap(const AVPacket *packet, const std::shared_ptr<const AVCodecParameters> &codec);
    void closeTaps();

    const QString m_id;
    const QString m_cameraId;
    const QString m_profileToken;
    const QString m_url; // never logged or returned
    const StreamOptions m_options;
    const Notify m_notify;

    Interrupter m_interrupter;
    HlsPlaylist m_playlist;
    std::unique_ptr<HlsSegmenter> m_segmenter; // reader thread only
    std::unique_ptr<TimestampRepair> m_repair; // reader thread only
    std::unique_ptr<QThread> m_thread;

    std::mutex m_tapMutex;
    std::vector<std::weak_ptr<PacketQueue>> m_taps;
    std::deque<TappedPacket> m_gop; // packets since the last keyframe
    bool m_tapsClosed = false;

    mutable QMutex m_mutex;
    StreamState m_state = StreamState::Starting;
    QString m_lastError;
    int m_reconnects = 0;
    bool m_segmentInSession = false;
    QElapsedTimer m_clock;
    qint64 m_frozenUptimeMs = -1; // set when the stream ends
    QDateTime m_startedAt;
    std::atomic<qint64> m_bytesIn{0};
};

} // namespace camhub
