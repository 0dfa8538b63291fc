#include "TsDecoder.h"

#include "LibavPtr.h"

using namespace camhub;

namespace {

struct MemoryReader
{
    const QByteArray *data;
    qint64 pos = 0;
    static int read(void *opaque, uint8_t *buf, int size)
    {
        auto *m = static_cast<MemoryReader *>(opaque);
        const qint64 left = m->data->size() - m->pos;
        if (left <= 0)
            return AVERROR_EOF;
        const int n = int(std::min<qint64>(left, size));
        memcpy(buf, m->data->constData() + m->pos, size_t(n));
        m->pos += n;
        return n;
    }
};

} // namespace

TsDecodeResult decodeTsSegment(const QByteArray &segment)
{
    TsDecodeResult r;
    MemoryReader reader{&segment};
    constexpr int kBuf = 32768;
    IoContextPtr io(avio_alloc_context(static_cast<unsigned char *>(av_malloc(kBuf)), kBuf, 0,
                                       &reader, &MemoryReader::read, nullptr, nullptr));
    AVFormatContext *raw = avformat_alloc_context();
    raw->pb = io.get();
    raw->flags |= AVFMT_FLAG_CUSTOM_IO;
    if (avformat_open_input(&raw, nullptr, av_find_input_format("mpegts"), nullptr) < 0) {
        r.error = QStringLiteral("not an MPEG-TS segment");
        return r;
    }
    InputContextPtr ctx(raw);
    avformat_find_stream_info(ctx.get(), nullptr);
    r.opened = true;

    std::vector<CodecContextPtr> decoders(ctx->nb_streams);
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        const AVCodecParameters *par = ctx->streams[i]->codecpar;
        const AVCodec *codec = avcodec_find_decoder(par->codec_id);
        if (!codec)
            continue;
        decoders[i].reset(avcodec_alloc_context3(codec));
        avcodec_parameters_to_context(decoders[i].get(), par);
        if (avcodec_open2(decoders[i].get(), codec, nullptr) < 0)
            decoders[i].reset();
        if (par->codec_type == AVMEDIA_TYPE_VIDEO)
            r.codec = QString::fromLatin1(avcodec_get_name(par->codec_id));
    }
    PacketPtr pkt = makePacket();
    FramePtr frame = makeFrame();
    bool firstVideo = true;
    auto drain = [&](unsigned index) {
        while (avcodec_receive_frame(decoders[index].get(), frame.get()) == 0) {
            if (decoders[index]->codec_type == AVMEDIA_TYPE_VIDEO) {
                ++r.videoFrames;
                r.width = frame->width;
                r.height = frame->height;
            } else {
                ++r.audioFrames;
            }
        }
    };
    while (av_read_frame(ctx.get(), pkt.get()) >= 0) {
        const unsigned i = unsigned(pkt->stream_index);
        if (i < decoders.size() && decoders[i]) {
            if (decoders[i]->codec_type == AVMEDIA_TYPE_VIDEO && firstVideo) {
                r.firstPacketKey = pkt->flags & AV_PKT_FLAG_KEY;
                firstVideo = false;
            }
            if (avcodec_send_packet(decoders[i].get(), pkt.get()) < 0)
                ++r.decodeErrors;
            drain(i);
        }
        av_packet_unref(pkt.get());
    }
    for (unsigned i = 0; i < decoders.size(); ++i)
        if (decoders[i]) {
            avcodec_send_packet(decoders[i].get(), nullptr);
            drain(i);
        }
    return r;
}
