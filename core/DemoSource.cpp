#include "DemoSource.h"

#include "Interrupter.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace camhub {

DemoSource::DemoSource(Interrupter &interrupter) : m_interrupter(interrupter)
{
}

bool DemoSource::open(QString *error)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
    if (!codec)
        codec = avcodec_find_encoder(AV_CODEC_ID_H264);
    if (!codec) {
        *error = QStringLiteral("demo camera: this FFmpeg build has no H.264 encoder");
        return false;
    }
    m_encoder.reset(avcodec_alloc_context3(codec));
    AVCodecContext *c = m_encoder.get();
    c->width = kWidth;
    c->height = kHeight;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->time_base = AVRational{1, kFps};
    c->framerate = AVRational{kFps, 1};
    c->gop_size = kFps; // a keyframe every second: 1 s HLS segments
    c->max_b_frames = 0;
    c->bit_rate = 1500000;
    // Parameter sets go in-band before every keyframe (no GLOBAL_HEADER).
    av_opt_set(c->priv_data, "preset", "ultrafast", 0);
    av_opt_set(c->priv_data, "tune", "zerolatency", 0);
    if (int ret = avcodec_open2(c, codec, nullptr); ret < 0) {
        *error = QStringLiteral("demo camera: cannot open encoder: ") + avErrorString(ret);
        return false;
    }
    m_par.reset(avcodec_parameters_alloc());
    avcodec_parameters_from_context(m_par.get(), c);

    m_frame = makeFrame();
    m_frame->format = c->pix_fmt;
    m_frame->width = c->width;
    m_frame->height = c->height;
    if (av_frame_get_buffer(m_frame.get(), 0) < 0) {
        *error = QStringLiteral("demo camera: out of memory");
        return false;
    }
    m_start = std::chrono::steady_clock::now();
    return true;
}

int DemoSource::read(AVPacket *packet)
{
    for (;;) {
        int ret = avcodec_receive_packet(m_encoder.get(), packet);
        if (ret != AVERROR(EAGAIN))
            return ret;

        // Pace like a real camera: frame n is due at start + n / fps.
        const auto due = m_start + std::chrono::microseconds(m_nextFrame * 1000000 / kFps);
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
            due - std::chrono::steady_clock::now());
        if (wait.count() > 0 && !m_interrupter.sleepFor(wait))
            return AVERROR_EXIT;
        if (m_interrupter.stopped())
            return AVERROR_EXIT;

        if ((ret = av_frame_make_writable(m_frame.get())) < 0)
            return ret;
        m_picture.paint(m_frame.get(), m_nextFrame, QDateTime::currentDateTime());
        m_frame->pts = m_nextFrame++;
        if ((ret = avcodec_send_frame(m_encoder.get(), m_frame.get())) < 0)
            return ret;
    }
}

} // namespace camhub
