#include "HlsPlaylist.h"

#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace camhub {

HlsPlaylist::HlsPlaylist(int targetDuration, int window, int extra)
    : m_targetDuration(std::max(1, targetDuration)), m_window(std::max(2, window)),
      m_extra(std::max(0, extra))
{
}

QString HlsPlaylist::segmentName(qint64 sequence)
{
    return QStringLiteral("seg%1.ts").arg(sequence);
}

void HlsPlaylist::addSegment(HlsSegment segment)
{
    QWriteLocker lock(&m_lock);
    m_bytes += segment.data.size();
    m_maxRoundedDuration = std::max(m_maxRoundedDuration, int(std::lround(segment.duration)));
    m_segments.push_back(std::move(segment));
    ++m_produced;
    while (m_segments.size() > size_t(m_window + m_extra)) {
        m_bytes -= m_segments.front().data.size();
        m_discontinuitiesDropped += m_segments.front().discontinuity ? 1 : 0;
        m_segments.pop_front();
    }
    rebuild();
}

void HlsPlaylist::clear()
{
    QWriteLocker lock(&m_lock);
    m_segments.clear();
    m_playlist.clear();
    m_bytes = 0;
}

void HlsPlaylist::rebuild()
{
    const size_t first = m_segments.size() > size_t(m_window) ? m_segments.size() - m_window : 0;
    // Discontinuities before the window still count for EXT-X-DISCONTINUITY-SEQUENCE.
    qint64 discontinuitySeq = 0;
    for (size_t i = 0; i < first; ++i)
        discontinuitySeq += m_segments[i].discontinuity ? 1 : 0;
    discontinuitySeq += m_discontinuitiesDropped;

    // RFC 8216: every EXTINF, rounded, must be <= the target duration. The target only
    // grows, and only when a camera's GOP is longer than the configured segment length.
    const int target = std::max(m_targetDuration, m_maxRoundedDuration);

    QByteArray out;
    out.reserve(512 + 96 * m_window);
    out += "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n";
    out += "#EXT-X-TARGETDURATION:" + QByteArray::number(target) + '\n';
    out += "#EXT-X-MEDIA-SEQUENCE:" +
           QByteArray::number(m_segments.empty() ? 0 : m_segments[first].sequence) + '\n';
    if (discontinuitySeq > 0)
        out += "#EXT-X-DISCONTINUITY-SEQUENCE:" + QByteArray::number(discontinuitySeq) + '\n';
    for (size_t i = first; i < m_segments.size(); ++i) {
        const HlsSegment &s = m_segments[i];
        if (s.discontinuity)
            out += "#EXT-X-DISCONTINUITY\n";
        out += "#EXT-X-PROGRAM-DATE-TIME:" +
               s.programDateTime.toUTC().toString(Qt::ISODateWithMs).toLatin1() + '\n';
        out += "#EXTINF:" + QByteArray::number(s.duration, 'f', 3) + ",\n";
        out += segmentName(s.sequence).toLatin1() + '\n';
    }
    m_playlist = out;
}

QByteArray HlsPlaylist::playlist() const
{
    QReadLocker lock(&m_lock);
    return m_playlist;
}

std::optional<QByteArray> HlsPlaylist::file(const QString &name) const
{
    if (name == QLatin1String(kPlaylistName)) {
        QReadLocker lock(&m_lock);
        if (m_playlist.isEmpty())
            return std::nullopt;
        return m_playlist;
    }
    static const QRegularExpression re(QStringLiteral("^seg(0|[1-9][0-9]{0,17})\\.ts$"));
    const auto m = re.match(name);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 seq = m.captured(1).toLongLong();
    QReadLocker lock(&m_lock);
    for (const HlsSegment &s : m_segments)
        if (s.sequence == seq)
            return s.data; // implicitly shared: no copy of the bytes
    return std::nullopt;
}

qint64 HlsPlaylist::segmentsProduced() const
{
    QReadLocker lock(&m_lock);
    return m_produced;
}

qint64 HlsPlaylist::bytesBuffered() const
{
    QReadLocker lock(&m_lock);
    return m_bytes;
}

} // namespace camhub
