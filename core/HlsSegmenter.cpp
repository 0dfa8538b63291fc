#include "HlsSegmenter.h"

#include "Log.h"

#include <cstring>

extern "C" {
#include <libavutil/opt.h>
}

namespace camhub {

namespace {

// What makes a keyframe carry its SPS/PPS (or VPS/SPS/PPS) so a segment decodes alone.
const char *parameterSetFilter(const AVCodecParameters *par)
{
    const bool lengthPrefixed = par->extradata_size > 0 && par->extradata[0] == 1; // avcC/hvcC
    if (par->codec_id == AV_CODEC_ID_H264)
        return lengthPrefixed ? "h264_mp4toannexb"
                              : (par->extradata_size > 0 ? "dump_extra" : nullptr);
    if (par->codec_id == AV_CODEC_ID_HEVC)
        return lengthPrefixed ? "hevc_mp4toannexb"
                              : (par->extradata_size > 0 ? "dump_extra" : nullptr);
    return nullptr;
}

} // namespace

HlsSegmenter::HlsSegmenter(HlsPlaylist &playlist, double targetSeconds)
    : m_playlist(playlist), m_target(int64_t(targetSeconds * kTimeBase.den))
{
}

HlsSegmenter::~HlsSegmenter()
{
    m_bsfs.clear();
    m_mux.reset();
}

#if LIBAVFORMAT_VERSION_MAJOR >= 61
int HlsSegmenter::ioWrite(void *opaque, const uint8_t *buf, int size)
#else
int HlsSegmenter::ioWrite(void *opaque, uint8_t *buf, int size)
#endif
{
    static_cast<HlsSegmenter *>(opaque)->m_current.append(reinterpret_cast<const char *>(buf),
                                                          size);
    return size;
}

bool HlsSegmenter::open(const std::vector<const AVCodecParameters *> &tracks, bool discontinuity,
                        QString *error)
{
    close();
    m_pendingDiscontinuity = m_pendingDiscontinuity || discontinuity;

    AVFormatContext *mux = nullptr;
    if (avformat_alloc_output_context2(&mux, nullptr, "mpegts", nullptr) < 0 || !mux) {
        *error = QStringLiteral("cannot create the MPEG-TS muxer");
        return false;
    }
    m_mux.reset(mux);
    constexpr int kIoBufferSize = 64 * 1024;
    auto *buffer = static_cast<unsigned char *>(av_malloc(kIoBufferSize));
    m_io.reset(avio_alloc_context(buffer, kIoBufferSize, 1, this, nullptr, &HlsSegmenter::ioWrite,
                                  nullptr));
    mux->pb = m_io.get();
    mux->flags |= AVFMT_FLAG_CUSTOM_IO;

    m_bsfs.clear();
    for (const AVCodecParameters *par : tracks) {
        AVStream *st = avformat_new_stream(mux, nullptr);
        if (!st || avcodec_parameters_copy(st->codecpar, par) < 0) {
            *error = QStringLiteral("cannot add a track to the muxer");
            return false;
        }
        st->codecpar->codec_tag = 0;
        st->time_base = kTimeBase;

        BsfPtr bsf;
        if (const char *name = parameterSetFilter(par)) {
            AVBSFContext *ctx = nullptr;
            if (av_bsf_alloc(av_bsf_get_by_name(name), &ctx) == 0) {
                bsf.reset(ctx);
                avcodec_parameters_copy(ctx->par_in, par);
                ctx->time_base_in = kTimeBase;
                if (std::strcmp(name, "dump_extra") == 0)
                    av_opt_set(ctx->priv_data, "freq", "keyframe", 0);
                if (av_bsf_init(ctx) < 0)
                    bsf.reset();
                else
                    avcodec_parameters_copy(st->codecpar, ctx->par_out);
            }
        }
        m_bsfs.push_back(std::move(bsf));
    }

    AVDictionary *opts = nullptr;
    // PAT/PMT come before every keyframe anyway; make sure the first one has them too.
    av_dict_set(&opts, "mpegts_flags", "+resend_headers", 0);
    const int ret = avformat_write_header(mux, &opts);
    av_dict_free(&opts);
    if (ret < 0) {
        *error = QStringLiteral("cannot start the MPEG-TS muxer: ") + avErrorString(ret);
        m_mux.reset();
        return false;
    }
    return true;
}

bool HlsSegmenter::write(AVPacket *packet, QString *error)
{
    if (!m_mux) {
        *error = QStringLiteral("segmenter is not open");
        return false;
    }
    const int track = packet->stream_index;
    if (track < 0 || track >= int(m_bsfs.size())) {
        av_packet_unref(packet);
        return true;
    }
    const bool video = track == 0;
    const bool key = packet->flags & AV_PKT_FLAG_KEY;

    if (video && key) {
        if (!m_inSegment) {
            m_inSegment = true;
            m_segmentStart = packet->pts;
            m_segmentWallClock = QDateTime::currentDateTimeUtc();
        } else if (packet->pts - m_segmentStart >= m_target) {
            publish(packet->pts);
            m_inSegment = true;
            m_segmentStart = packet->pts;
            m_segmentWallClock = QDateTime::currentDateTimeUtc();
        }
    }
    if (!m_inSegment) { // nothing before the first keyframe
        av_packet_unref(packet);
        return true;
    }
    if (video)
        m_lastVideoEnd = packet->pts + packet->duration;

    BsfPtr &bsf = m_bsfs[size_t(track)];
    if (!bsf)
        return writeToMuxer(packet, error);
    if (int ret = av_bsf_send_packet(bsf.get(), packet); ret < 0) {
        av_packet_unref(packet);
        *error = QStringLiteral("bitstream filter: ") + avErrorString(ret);
        return false;
    }
    while (av_bsf_receive_packet(bsf.get(), m_filtered.get()) == 0) {
        m_filtered->stream_index = track;
        if (!writeToMuxer(m_filtered.get(), error))
            return false;
    }
    return true;
}

bool HlsSegmenter::writeToMuxer(AVPacket *packet, QString *error)
{
    AVStream *st = m_mux->streams[packet->stream_index];
    av_packet_rescale_ts(packet, kTimeBase, st->time_base);
    // Packets arrive in the camera's order and per-track DTS are repaired, so the
    // non-interleaving write is right: no max_interleave_delta stall on lost audio.
    const int ret = av_write_frame(m_mux.get(), packet);
    av_packet_unref(packet);
    if (ret < 0) {
        *error = QStringLiteral("muxer rejected a packet: ") + avErrorString(ret);
        return false;
    }
    return true;
}

void HlsSegmenter::publish(int64_t endPts)
{
    av_write_frame(m_mux.get(), nullptr); // flush PES data still held by the muxer
    avio_flush(m_mux->pb);
    if (!m_current.isEmpty() && endPts > m_segmentStart) {
        HlsSegment s;
        s.sequence = m_nextSequence++;
        s.duration = double(endPts - m_segmentStart) / kTimeBase.den;
        s.programDateTime = m_segmentWallClock;
        s.discontinuity = m_pendingDiscontinuity;
        s.data = m_current;
        m_pendingDiscontinuity = false;
        m_playlist.addSegment(s);
        if (onSegment)
            onSegment(s);
    }
    m_current.clear();
    m_inSegment = false;
    // Re-emit PAT/PMT at the start of the next segment.
    av_opt_set(m_mux->priv_data, "mpegts_flags", "+resend_headers", 0);
}

void HlsSegmenter::close()
{
    if (m_mux) {
        if (m_inSegment)
            publish(m_lastVideoEnd);
        av_write_trailer(m_mux.get());
    }
    m_bsfs.clear();
    m_mux.reset();
    m_io.reset();
    m_current.clear();
    m_inSegment = false;
}

} // namespace camhub
