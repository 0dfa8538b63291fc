#include "PacketQueue.h"

namespace camhub {

void PacketQueue::push(const AVPacket *packet,
                       const std::shared_ptr<const AVCodecParameters> &codec,
                       std::chrono::steady_clock::time_point arrival)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        const bool key = packet->flags & AV_PKT_FLAG_KEY;
        if (m_items.size() >= m_capacity) {
            m_dropped += qint64(m_items.size());
            m_items.clear();
            m_waitForKey = true;
        }
        if (m_waitForKey && !key) {
            ++m_dropped;
            return;
        }
        m_waitForKey = false;
        TappedPacket item{makePacket(), codec, arrival};
        if (av_packet_ref(item.packet.get(), packet) < 0)
            return;
        m_items.push_back(std::move(item));
    }
    m_cv.notify_one();
}

void PacketQueue::close()
{
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_cv.notify_all();
}

bool PacketQueue::pop(TappedPacket *out, std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, wait, [this] { return !m_items.empty() || m_closed; });
    if (m_items.empty())
        return false;
    *out = std::move(m_items.front());
    m_items.pop_front();
    return true;
}

bool PacketQueue::closed() const
{
    std::lock_guard lock(m_mutex);
    return m_closed && m_items.empty();
}

qint64 PacketQueue::dropped() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

} // namespace camhub
