#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

struct AVIOInterruptCB;

namespace camhub {

// libav's interrupt callback, doubling as a watchdog: a blocked libav call returns
// AVERROR_EXIT (polled about every 100 ms) once stop() was called or the deadline
// set by arm() has passed. Safe to use from any thread.
class Interrupter final
{
public:
    void stop() { m_stopped.store(true); }
    bool stopped() const { return m_stopped.load(); }

    // The current blocking operation may take up to `budget`.
    void arm(std::chrono::milliseconds budget);
    bool expired() const;
    bool shouldInterrupt() const { return stopped() || expired(); }

    void install(AVIOInterruptCB &cb);

    // Sleeps up to `duration`, waking early on stop(). Returns false if stopped.
    bool sleepFor(std::chrono::milliseconds duration) const;

private:
    static int callback(void *opaque);

    std::atomic<bool> m_stopped{false};
    std::atomic<int64_t> m_deadlineNs{INT64_MAX};
};

} // namespace camhub
