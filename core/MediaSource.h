#pragma once

#include <QString>
#include <chrono>
#include <memory>

extern "C" {
#include <libavcodec/codec_par.h>
#include <libavutil/rational.h>
}

struct AVPacket;

namespace camhub {

class Interrupter;

struct SourceOptions
{
    std::chrono::milliseconds connectTimeout{8000}; // open + first answer
    std::chrono::milliseconds readTimeout{5000};    // longest silence mid-stream
    bool rtspOverTcp = true;
};

// Where packets come from: a camera through libavformat, or the built-in demo.
// Lives on, and is used only by, its stream's reader thread.
class MediaSource
{
public:
    virtual ~MediaSource() = default;

    // On failure, error is a readable reason with no credentials in it.
    virtual bool open(QString *error) = 0;
    virtual int trackCount() const = 0;
    virtual const AVCodecParameters *codecParameters(int track) const = 0;
    virtual AVRational timeBase(int track) const = 0;
    // av_read_frame() semantics: 0 or a negative AVERROR.
    virtual int read(AVPacket *packet) = 0;

    static std::unique_ptr<MediaSource> create(const QString &url, Interrupter &interrupter,
                                               const SourceOptions &options);
};

} // namespace camhub
