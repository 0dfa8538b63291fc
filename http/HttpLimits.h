#pragma once

#include <QtGlobal>

namespace camhub {

// What QHttpServer does not enforce by itself.
struct HttpLimits
{
    qint64 maxBodyBytes = 64 * 1024;
    qint64 maxHeaderBytes = 16 * 1024;
    int maxConnections = 512;
    int idleTimeoutMs = 30000; // a silent connection is closed (slowloris)
};

} // namespace camhub
