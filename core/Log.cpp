#include "Log.h"

#include "Redact.h"

extern "C" {
#include <libavutil/log.h>
}

#include <cstdio>

namespace camhub {

Q_LOGGING_CATEGORY(lcStream, "camhub.stream", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSource, "camhub.source", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLibav, "camhub.libav", QtWarningMsg)
Q_LOGGING_CATEGORY(lcConfig, "camhub.config", QtInfoMsg)

namespace {

void libavLog(void *avcl, int level, const char *fmt, va_list vl)
{
    if (level > av_log_get_level())
        return;
    char line[1024];
    int printPrefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, sizeof line, &printPrefix);
    QString text = redactCredentials(QString::fromUtf8(line).trimmed());
    if (text.isEmpty())
        return;
    if (level <= AV_LOG_ERROR)
        qCWarning(lcLibav).noquote() << text;
    else if (level <= AV_LOG_WARNING)
        qCInfo(lcLibav).noquote() << text;
    else
        qCDebug(lcLibav).noquote() << text;
}

} // namespace

void installLibavLogHandler()
{
    av_log_set_level(lcLibav().isDebugEnabled() ? AV_LOG_VERBOSE : AV_LOG_WARNING);
    av_log_set_callback(&libavLog);
}

} // namespace camhub
