#include "Stream.h"

#include "HlsSegmenter.h"
#include "Log.h"
#include "MediaSource.h"
#include "TimestampRepair.h"

#include <QThread>
#include <algorithm>
#include <cmath>

namespace camhub {

namespace {

constexpr int64_t kMaxTimestampGap = 10 * 90000; // 10 s in the 90 kHz output clock

bool isServableVideo(AVCodecID id)
{
    return id == AV_CODEC_ID_H264 || id == AV_CODEC_ID_HEVC;
}

bool isServableAudio(AVCodecID id)
{
    return id == AV_CODEC_ID_AAC || id == AV_CODEC_ID_MP3 || id == AV_CODEC_ID_AC3 ||
           id == AV_CODEC_ID_EAC3;
}

int64_t defaultDuration(const AVCodecParameters *par)
{
    if (par->codec_type == AVMEDIA_TYPE_AUDIO && par->sample_rate > 0)
        return int64_t(std::max(par->frame_size, 1024)) * 90000 / par->sample_rate;
    return 90000 / 25;
}

QString readError(int err, const SourceOptions &options, const Interrupter &interrupter)
{
    if (err == AVERROR_EOF)
        return QStringLiteral("The camera ended the stream");
    if (err == AVERROR_EXIT && !interrupter.stopped())
        return QStringLiteral("No data from the camera for %1 s")
            .arg(double(options.readTimeout.count()) / 1000.0);
    return QStringLiteral("Reading from the camera failed: ") + avErrorString(err);
}

} // namespace

Stream::Stream(QString streamId, QString cameraId, QString profileToken, QString url,
               StreamOptions options, Notify notify)
    : m_id(std::move(streamId)), m_cameraId(std::move(cameraId)),
      m_profileToken(std::move(profileToken)), m_url(std::move(url)), m_options(options),
      m_notify(std::move(notify)), m_playlist(int(std::ceil(options.segmentSeconds)),
                                              options.playlistWindow, options.extraSegments)
{
    m_clock.start();
    m_startedAt = QDateTime::currentDateTimeUtc();
}

Stream::~Stream()
{
    requestStop();
    if (m_thread)
        m_thread->wait();
}

void Stream::start()
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("reader:") + m_id);
    m_thread->start();
}

void Stream::requestStop()
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_state != StreamState::Dead && m_state != StreamState::Stopped) {
            m_state = StreamState::Stopped;
            m_frozenUptimeMs = m_clock.elapsed();
        }
    }
    m_interrupter.stop();
}

bool Stream::wait(int ms)
{
    return !m_thread || m_thread->wait(QDeadlineTimer(ms));
}

StreamStatus Stream::status() const
{
    StreamStatus s;
    s.streamId = m_id;
    s.cameraId = m_cameraId;
    s.profileToken = m_profileToken;
    s.bytesIn = m_bytesIn.load();
    s.segments = m_playlist.segmentsProduced();
    s.startedAt = m_startedAt;
    QMutexLocker lock(&m_mutex);
    s.state = m_state;
    s.lastError = m_lastError;
    s.reconnects = m_reconnects;
    s.uptime = double(m_frozenUptimeMs >= 0 ? m_frozenUptimeMs : m_clock.elapsed()) / 1000.0;
    s.ready = s.segments > 0 && s.alive();
    return s;
}

void Stream::setState(StreamState state, const QString &error)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_state == StreamState::Stopped || m_state == StreamState::Dead)
            return; // final
        if (m_state == state && error.isEmpty())
            return;
        m_state = state;
        if (!error.isEmpty())
            m_lastError = error;
        if (state == StreamState::Dead)
            m_frozenUptimeMs = m_clock.elapsed();
        if (state == StreamState::Reconnecting)
            ++m_reconnects;
    }
    notifyIfCurrent();
}

void Stream::notifyIfCurrent()
{
    // A stopped instance is history: its last segment must not tell viewers (who may
    // already watch its successor) anything.
    if (m_notify && !m_interrupter.stopped())
        m_notify(status());
}

void Stream::onSegment()
{
    m_segmentInSession = true;
    bool first = false;
    {
        QMutexLocker lock(&m_mutex);
        first = m_state == StreamState::Starting || m_state == StreamState::Reconnecting;
    }
    if (first) {
        qCInfo(lcStream).noquote()
            << m_id << "is live (first segment after" << m_clock.elapsed() << "ms)";
        setState(StreamState::Running);
    } else {
        notifyIfCurrent(); // segment counts for live views
    }
}

std::shared_ptr<PacketQueue> Stream::subscribe()
{
    auto queue = std::make_shared<PacketQueue>();
    std::lock_guard lock(m_tapMutex);
    if (m_tapsClosed)
        return nullptr;
    for (const TappedPacket &p : m_gop)
        queue->push(p.packet.get(), p.codec, p.arrival);
    m_taps.push_back(queue);
    return queue;
}

void Stream::tap(const AVPacket *packet, const std::shared_ptr<const AVCodecParameters> &codec)
{
    constexpr size_t kMaxGop = 300; // 12 s at 25 fps: a camera with a huge GOP
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_tapMutex);
    if (packet->flags & AV_PKT_FLAG_KEY)
        m_gop.clear();
    if (m_gop.size() < kMaxGop) {
        TappedPacket item{makePacket(), codec, now};
        if (av_packet_ref(item.packet.get(), packet) == 0)
            m_gop.push_back(std::move(item));
    }
    for (auto it = m_taps.begin(); it != m_taps.end();) {
        if (auto q = it->lock()) {
            q->push(packet, codec, now);
            ++it;
        } else {
            it = m_taps.erase(it); // the player went away
        }
    }
}

void Stream::closeTaps()
{
    std::lock_guard lock(m_tapMutex);
    m_tapsClosed = true;
    m_gop.clear();
    for (const auto &weak : m_taps)
        if (auto q = weak.lock())
            q->close();
    m_taps.clear();
}

void Stream::run()
{
    m_segmenter = std::make_unique<HlsSegmenter>(m_playlist, m_options.segmentSeconds);
    m_segmenter->onSegment = [this](const HlsSegment &) { onSegment(); };

    int failedAttempts = 0;
    bool everLive = false;
    while (!m_interrupter.stopped()) {
        m_segmentInSession = false;
        const QString error = runSession(everLive);
        if (m_interrupter.stopped())
            break;
        everLive = everLive || m_segmentInSession;
        if (m_segmentInSession)
            failedAttempts = 0;
        // A camera that never worked fails at once (the user sees why); one that was
        // live gets a few retries, since cameras reboot and networks blip.
        if (!everLive || failedAttempts >= m_options.reconnectAttempts) {
            qCWarning(lcStream).noquote() << m_id << "died:" << error;
            setState(StreamState::Dead, error);
            break;
        }
        const auto backoff = std::min<std::chrono::milliseconds>(
            m_options.reconnectBackoff * (1 << std::min(failedAttempts, 4)),
            std::chrono::milliseconds(10000));
        ++failedAttempts;
        qCWarning(lcStream).noquote()
            << m_id << "lost its camera:" << error << "- reconnecting in" << backoff.count()
            << "ms (attempt" << failedAttempts << "of" << m_options.reconnectAttempts << ")";
        setState(StreamState::Reconnecting, error);
        if (!m_interrupter.sleepFor(backoff))
            break;
    }
    closeTaps();
    m_segmenter.reset();
    m_repair.reset();
}

QString Stream::runSession(bool reconnect)
{
    std::unique_ptr<MediaSource> source =
        MediaSource::create(m_url, m_interrupter, m_options.source);
    QString error;
    if (!source->open(&error))
        return error;

    // Pick what HLS can carry: the first H.264/H.265 video, the first AAC/MP3/AC-3 audio.
    std::vector<int> trackOf(size_t(source->trackCount()), -1);
    std::vector<const AVCodecParameters *> tracks;
    int videoIn = -1, audioIn = -1;
    for (int i = 0; i < source->trackCount(); ++i) {
        const AVCodecParameters *par = source->codecParameters(i);
        if (par->codec_type == AVMEDIA_TYPE_VIDEO && videoIn < 0 && isServableVideo(par->codec_id))
            videoIn = i;
        else if (par->codec_type == AVMEDIA_TYPE_AUDIO && audioIn < 0 &&
                 isServableAudio(par->codec_id))
            audioIn = i;
        else if (!reconnect)
            qCInfo(lcStream).noquote()
                << m_id << "skips track" << i << "(" << avcodec_get_name(par->codec_id)
                << "): HLS cannot carry it without transcoding";
    }
    if (videoIn < 0)
        return QStringLiteral("The camera offers no H.264 or H.265 video");
    trackOf[size_t(videoIn)] = 0;
    tracks.push_back(source->codecParameters(videoIn));
    if (audioIn >= 0) {
        trackOf[size_t(audioIn)] = 1;
        tracks.push_back(source->codecParameters(audioIn));
    }

    // After a reconnect the timeline continues where it stopped.
    const int64_t base = m_repair ? m_repair->end() : 0;
    m_repair = std::make_unique<TimestampRepair>(kMaxTimestampGap, base);
    for (const AVCodecParameters *par : tracks)
        m_repair->addTrack(par->codec_type == AVMEDIA_TYPE_VIDEO, defaultDuration(par));
    if (!m_segmenter->open(tracks, reconnect, &error))
        return error;

    // The native player's view of the codec for this session.
    std::shared_ptr<AVCodecParameters> videoCodec(
        avcodec_parameters_alloc(), [](AVCodecParameters *p) { avcodec_parameters_free(&p); });
    avcodec_parameters_copy(videoCodec.get(), tracks[0]);
    const std::shared_ptr<const AVCodecParameters> tapCodec = videoCodec;

    PacketPtr packet = makePacket();
    for (;;) {
        const int ret = source->read(packet.get());
        if (ret == AVERROR(EAGAIN))
            continue;
        if (ret < 0) {
            m_segmenter->close();
            return readError(ret, m_options.source, m_interrupter);
        }
        m_bytesIn.fetch_add(packet->size, std::memory_order_relaxed);
        const int in = packet->stream_index;
        const int track = in >= 0 && size_t(in) < trackOf.size() ? trackOf[size_t(in)] : -1;
        if (track < 0) {
            av_packet_unref(packet.get());
            continue;
        }
        av_packet_rescale_ts(packet.get(), source->timeBase(in), HlsSegmenter::kTimeBase);
        TimestampRepair::Times t{packet->pts, packet->dts, packet->duration};
        if (!m_repair->fix(track, packet->flags & AV_PKT_FLAG_KEY, t)) {
            av_packet_unref(packet.get());
            continue;
        }
        packet->pts = t.pts;
        packet->dts = t.dts;
        packet->duration = t.duration;
        packet->stream_index = track;
        if (track == 0)
            tap(packet.get(), tapCodec);
        if (!m_segmenter->write(packet.get(), &error)) {
            m_segmenter->close();
            return error;
        }
    }
}

} // namespace camhub
