#include "LibavSource.h"

#include "Interrupter.h"
#include "Log.h"
#include "Redact.h"

#include <QUrl>
#include <algorithm>
#include <cstring>

namespace camhub {

LibavSource::LibavSource(QString url, Interrupter &interrupter, SourceOptions options)
    : m_url(std::move(url)), m_interrupter(interrupter), m_options(options)
{
}

bool LibavSource::open(QString *error)
{
    AVFormatContext *ctx = avformat_alloc_context();
    if (!ctx) {
        *error = QStringLiteral("out of memory");
        return false;
    }
    // Set before avformat_open_input so that even the connect can be interrupted.
    m_interrupter.install(ctx->interrupt_callback);

    const QString scheme = QUrl(m_url).scheme().toLower();
    AVDictionary *opts = nullptr;
    // libav's own socket timeout is only a backstop: our interrupt deadlines fire first
    // and say what happened ("did not answer", "no data") instead of "Invalid data".
    const auto backstop =
        std::max(m_options.connectTimeout, m_options.readTimeout) + std::chrono::milliseconds(2000);
    const QByteArray ioTimeoutUs = QByteArray::number(qint64(backstop.count()) * 1000);
    if (scheme.startsWith(QLatin1String("rtsp"))) {
        av_dict_set(&opts, "rtsp_transport", m_options.rtspOverTcp ? "tcp" : "udp", 0);
        av_dict_set(&opts, "timeout", ioTimeoutUs.constData(),
                    0); // socket I/O, also bounds connect
        av_dict_set(&opts, "allowed_media_types", "video+audio", 0); // skip ONVIF metadata tracks
    } else if (scheme.startsWith(QLatin1String("http"))) {
        av_dict_set(&opts, "timeout", ioTimeoutUs.constData(), 0);
    }
    // Probing is bounded; for RTSP it is usually skipped (see needsProbe()).
    av_dict_set(&opts, "analyzeduration", "1500000", 0);
    av_dict_set(&opts, "probesize", "2000000", 0);
    av_dict_set(&opts, "fpsprobesize", "0", 0);

    m_interrupter.arm(m_options.connectTimeout);
    const QByteArray url = m_url.toUtf8();
    int ret = avformat_open_input(&ctx, url.constData(), nullptr, &opts); // frees ctx on failure
    if (opts) {
        // Unknown keys are silently left behind by libav (e.g. `stimeout` since 5.0).
        const AVDictionaryEntry *e = nullptr;
        while ((e = av_dict_get(opts, "", e, AV_DICT_IGNORE_SUFFIX)))
            qCDebug(lcSource) << "option not used by the demuxer:" << e->key;
        av_dict_free(&opts);
    }
    if (ret < 0) {
        *error = describeError(ret);
        return false;
    }
    m_ctx.reset(ctx);

    if (needsProbe()) {
        m_interrupter.arm(m_options.connectTimeout);
        ret = avformat_find_stream_info(m_ctx.get(), nullptr);
        if (ret < 0) {
            *error = describeError(ret);
            return false;
        }
    }
    return true;
}

bool LibavSource::needsProbe() const
{
    // An RTSP SDP already names every codec and usually carries the parameter sets:
    // probing would only wait for frames we are about to read anyway.
    if (std::strcmp(m_ctx->iformat->name, "rtsp") != 0)
        return true;
    for (unsigned i = 0; i < m_ctx->nb_streams; ++i) {
        const AVCodecParameters *par = m_ctx->streams[i]->codecpar;
        if (par->codec_id == AV_CODEC_ID_NONE)
            return true;
        if (par->codec_type == AVMEDIA_TYPE_AUDIO && par->sample_rate <= 0)
            return true;
    }
    return m_ctx->nb_streams == 0;
}

QString LibavSource::describeError(int err) const
{
    const QString where = redactCredentials(m_url);
    if ((err == AVERROR_EXIT || m_interrupter.expired()) && !m_interrupter.stopped())
        return QStringLiteral("%1 did not answer within %2 s")
            .arg(where)
            .arg(double(m_options.connectTimeout.count()) / 1000.0);
    return QStringLiteral("%1: %2").arg(where, redactCredentials(avErrorString(err)));
}

int LibavSource::trackCount() const
{
    return m_ctx ? int(m_ctx->nb_streams) : 0;
}

const AVCodecParameters *LibavSource::codecParameters(int track) const
{
    return m_ctx->streams[track]->codecpar;
}

AVRational LibavSource::timeBase(int track) const
{
    return m_ctx->streams[track]->time_base;
}

int LibavSource::read(AVPacket *packet)
{
    // The watchdog: a camera that stops sending without closing the connection
    // (power loss, network cut) gets readTimeout, then the read fails.
    m_interrupter.arm(m_options.readTimeout);
    return av_read_frame(m_ctx.get(), packet);
}

} // namespace camhub
