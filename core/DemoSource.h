#pragma once

#include "DemoPicture.h"
#include "LibavPtr.h"
#include "MediaSource.h"

#include <chrono>

namespace camhub {

// The built-in camera: paints frames in real time and encodes them to H.264 with
// libavcodec, so a fresh install has something to play with no network at all.
class DemoSource final : public MediaSource
{
public:
    static constexpr int kWidth = 1280;
    static constexpr int kHeight = 720;
    static constexpr int kFps = 25;

    explicit DemoSource(Interrupter &interrupter);

    bool open(QString *error) override;
    int trackCount() const override { return 1; }
    const AVCodecParameters *codecParameters(int) const override { return m_par.get(); }
    AVRational timeBase(int) const override { return AVRational{1, kFps}; }
    int read(AVPacket *packet) override;

private:
    struct ParDeleter
    {
        void operator()(AVCodecParameters *p) const { avcodec_parameters_free(&p); }
    };

    Interrupter &m_interrupter;
    DemoPicture m_picture{kWidth, kHeight};
    CodecContextPtr m_encoder;
    FramePtr m_frame;
    std::unique_ptr<AVCodecParameters, ParDeleter> m_par;
    qint64 m_nextFrame = 0;
    std::chrono::steady_clock::time_point m_start;
};

} // namespace camhub
