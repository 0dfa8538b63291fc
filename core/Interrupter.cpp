#include "Interrupter.h"

extern "C" {
#include <libavformat/avio.h>
}

#include <algorithm>
#include <thread>

namespace camhub {

namespace {
int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

void Interrupter::arm(std::chrono::milliseconds budget)
{
    m_deadlineNs.store(nowNs() + std::chrono::nanoseconds(budget).count());
}

bool Interrupter::expired() const
{
    return nowNs() > m_deadlineNs.load();
}

void Interrupter::install(AVIOInterruptCB &cb)
{
    cb.callback = &Interrupter::callback;
    cb.opaque = this;
}

int Interrupter::callback(void *opaque)
{
    return static_cast<const Interrupter *>(opaque)->shouldInterrupt() ? 1 : 0;
}

bool Interrupter::sleepFor(std::chrono::milliseconds duration) const
{
    const auto end = std::chrono::steady_clock::now() + duration;
    while (!stopped()) {
        const auto left = end - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero())
            return true;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(20)));
    }
    return false;
}

} // namespace camhub
