#pragma once

#include "LibavPtr.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

namespace camhub {

// One video packet handed from a stream's reader to a local consumer (the native
// player's decoder). The codec parameters travel with it: a reconnect may change them.
struct TappedPacket
{
    PacketPtr packet;
    std::shared_ptr<const AVCodecParameters> codec;
    std::chrono::steady_clock::time_point arrival; // when the reader got it
};

// A bounded single-consumer queue between a reader thread and a decoder thread. A
// consumer that falls behind loses whole GOPs (the queue empties and refills from the
// next keyframe) instead of building latency or stalling the reader.
class PacketQueue final
{
public:
    explicit PacketQueue(size_t capacity = 100) : m_capacity(capacity) {}

    // Reader side: takes a new reference to packet's data (no copy).
    void push(const AVPacket *packet, const std::shared_ptr<const AVCodecParameters> &codec,
              std::chrono::steady_clock::time_point arrival);
    void close(); // the stream ended: pop() returns false once drained

    // Consumer side: waits up to `wait`; false on timeout or when closed and empty.
    bool pop(TappedPacket *out, std::chrono::milliseconds wait);
    bool closed() const;
    qint64 dropped() const;

private:
    const size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<TappedPacket> m_items;
    bool m_closed = false;
    bool m_waitForKey = false;
    qint64 m_dropped = 0;
};

} // namespace camhub
