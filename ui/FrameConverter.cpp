#include "FrameConverter.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <QVideoFrameFormat>
#include <cstring>

namespace camhub {

FrameConverter::~FrameConverter()
{
    sws_freeContext(m_sws);
}

namespace {

void copyPlane(uchar *dst, int dstStride, const uint8_t *src, int srcStride, int bytes, int rows)
{
    for (int r = 0; r < rows; ++r)
        std::memcpy(dst + r * dstStride, src + r * srcStride, size_t(bytes));
}

} // namespace

QVideoFrame FrameConverter::convert(const AVFrame *f)
{
    const auto fmt = AVPixelFormat(f->format);
    const bool nv12 = fmt == AV_PIX_FMT_NV12;
    const bool yuv420 = fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_YUVJ420P;
    QVideoFrameFormat format(QSize(f->width, f->height), nv12 ? QVideoFrameFormat::Format_NV12
                                                              : QVideoFrameFormat::Format_YUV420P);
    // yuvj420p is yuv420p with full-range samples.
    format.setColorRange(fmt == AV_PIX_FMT_YUVJ420P || f->color_range == AVCOL_RANGE_JPEG
                             ? QVideoFrameFormat::ColorRange_Full
                             : QVideoFrameFormat::ColorRange_Video);
    QVideoFrame out(format);
    if (!out.map(QVideoFrame::WriteOnly))
        return {};
    const int chromaRows = (f->height + 1) / 2;
    if (yuv420) {
        copyPlane(out.bits(0), out.bytesPerLine(0), f->data[0], f->linesize[0], f->width,
                  f->height);
        copyPlane(out.bits(1), out.bytesPerLine(1), f->data[1], f->linesize[1], (f->width + 1) / 2,
                  chromaRows);
        copyPlane(out.bits(2), out.bytesPerLine(2), f->data[2], f->linesize[2], (f->width + 1) / 2,
                  chromaRows);
    } else if (nv12) {
        copyPlane(out.bits(0), out.bytesPerLine(0), f->data[0], f->linesize[0], f->width,
                  f->height);
        copyPlane(out.bits(1), out.bytesPerLine(1), f->data[1], f->linesize[1],
                  2 * ((f->width + 1) / 2), chromaRows);
    } else {
        m_sws = sws_getCachedContext(m_sws, f->width, f->height, fmt, f->width, f->height,
                                     AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
        if (!m_sws) {
            out.unmap();
            return {};
        }
        uint8_t *dst[4] = {out.bits(0), out.bits(1), out.bits(2), nullptr};
        int dstStride[4] = {out.bytesPerLine(0), out.bytesPerLine(1), out.bytesPerLine(2), 0};
        sws_scale(m_sws, f->data, f->linesize, 0, f->height, dst, dstStride);
    }
    out.unmap();
    return out;
}

} // namespace camhub
