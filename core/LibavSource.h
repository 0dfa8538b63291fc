#pragma once

#include "LibavPtr.h"
#include "MediaSource.h"

namespace camhub {

// A camera (or file, or HTTP stream) read with libavformat.
class LibavSource final : public MediaSource
{
public:
    LibavSource(QString url, Interrupter &interrupter, SourceOptions options);

    bool open(QString *error) override;
    int trackCount() const override;
    const AVCodecParameters *codecParameters(int track) const override;
    AVRational timeBase(int track) const override;
    int read(AVPacket *packet) override;

private:
    bool needsProbe() const;
    QString describeError(int err) const;

    const QString m_url;
    Interrupter &m_interrupter;
    const SourceOptions m_options;
    InputContextPtr m_ctx;
};

} // namespace camhub
