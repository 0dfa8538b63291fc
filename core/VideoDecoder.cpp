#include "VideoDecoder.h"

#include "Log.h"

namespace camhub {

VideoDecoder::VideoDecoder(std::shared_ptr<PacketQueue> queue, FrameCallback onFrame)
    : m_queue(std::move(queue)), m_onFrame(std::move(onFrame))
{
}

bool VideoDecoder::openDecoder(const std::shared_ptr<const AVCodecParameters> &par)
{
    m_codec.reset();
    m_codecPar = par;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
        return false;
    m_codec.reset(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(m_codec.get(), par.get());
    // Show each frame as soon as it is complete: no frame-threading delay.
    m_codec->flags |= AV_CODEC_FLAG_LOW_DELAY;
    m_codec->thread_type = FF_THREAD_SLICE;
    m_codec->thread_count = 0;
    if (avcodec_open2(m_codec.get(), codec, nullptr) < 0) {
        m_codec.reset();
        return false;
    }
    return true;
}

void VideoDecoder::run()
{
    FramePtr frame = makeFrame();
    TappedPacket item;
    bool ended = false;
    while (!m_stop.load()) {
        if (!m_queue->pop(&item, std::chrono::milliseconds(100))) {
            if (m_queue->closed()) {
                ended = true;
                break;
            }
            continue;
        }
        if (item.codec != m_codecPar && !openDecoder(item.codec)) {
            qCWarning(lcStream) << "native player: cannot decode"
                                << avcodec_get_name(item.codec->codec_id);
            continue;
        }
        if (!m_codec)
            continue;
        if (avcodec_send_packet(m_codec.get(), item.packet.get()) < 0)
            continue; // a damaged packet: the next keyframe recovers
        while (avcodec_receive_frame(m_codec.get(), frame.get()) == 0) {
            m_frames.fetch_add(1);
            if (m_onFrame)
                m_onFrame(frame.get(), item.arrival);
            av_frame_unref(frame.get());
        }
    }
    emit finished(ended);
}

} // namespace camhub
