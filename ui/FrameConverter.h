#pragma once

#include <QVideoFrame>

struct AVFrame;
struct SwsContext;

namespace camhub {

// Copies a decoded libav frame into a QVideoFrame (YUV420P or NV12 as they come;
// anything else through swscale to YUV420P). Runs on the decoder thread.
class FrameConverter final
{
public:
    FrameConverter() = default;
    ~FrameConverter();
    FrameConverter(const FrameConverter &) = delete;
    FrameConverter &operator=(const FrameConverter &) = delete;

    QVideoFrame convert(const AVFrame *frame);

private:
    SwsContext *m_sws = nullptr;
};

} // namespace camhub
