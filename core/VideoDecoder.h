#pragma once

#include "LibavPtr.h"
#include "PacketQueue.h"

#include <QObject>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace camhub {

// Decodes a stream's tapped video packets with libavcodec, for the native player.
// A worker object: move it to a QThread and invoke run(); it returns when the queue
// is closed or stop() is called. Frames go to the callback on the decoder's thread.
class VideoDecoder final : public QObject
{
    Q_OBJECT

public:
    using FrameCallback =
        std::function<void(const AVFrame *frame, std::chrono::steady_clock::time_point arrival)>;

    VideoDecoder(std::shared_ptr<PacketQueue> queue, FrameCallback onFrame);

    void stop() { m_stop.store(true); } // thread-safe
    qint64 framesDecoded() const { return m_frames.load(); }

public slots:
    void run();

signals:
    void finished(bool streamEnded);

private:
    bool openDecoder(const std::shared_ptr<const AVCodecParameters> &codec);

    std::shared_ptr<PacketQueue> m_queue;
    FrameCallback m_onFrame;
    CodecContextPtr m_codec;
    std::shared_ptr<const AVCodecParameters> m_codecPar;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_frames{0};
};

} // namespace camhub
