#pragma once

// RAII owners for every libav object camhub touches.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
}

#include <QString>
#include <memory>

namespace camhub {

struct PacketDeleter
{
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct FrameDeleter
{
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct CodecContextDeleter
{
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct BsfDeleter
{
    void operator()(AVBSFContext *b) const { av_bsf_free(&b); }
};
// An input context opened with avformat_open_input.
struct InputContextDeleter
{
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
// An output context whose pb (if any) is owned separately.
struct OutputContextDeleter
{
    void operator()(AVFormatContext *c) const { avformat_free_context(c); }
};
struct IoContextDeleter
{
    void operator()(AVIOContext *io) const
    {
        if (io) {
            av_freep(&io->buffer);
            avio_context_free(&io);
        }
    }
};
struct DictDeleter
{
    void operator()(AVDictionary *d) const { av_dict_free(&d); }
};

using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using BsfPtr = std::unique_ptr<AVBSFContext, BsfDeleter>;
using InputContextPtr = std::unique_ptr<AVFormatContext, InputContextDeleter>;
using OutputContextPtr = std::unique_ptr<AVFormatContext, OutputContextDeleter>;
using IoContextPtr = std::unique_ptr<AVIOContext, IoContextDeleter>;

inline PacketPtr makePacket()
{
    return PacketPtr(av_packet_alloc());
}
inline FramePtr makeFrame()
{
    return FramePtr(av_frame_alloc());
}

// av_err2str is a macro using a compound literal, unusable in C++.
inline QString avErrorString(int err)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(err, buf, sizeof buf);
    return QString::fromUtf8(buf);
}

} // namespace camhub
