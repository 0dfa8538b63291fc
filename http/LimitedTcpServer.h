#pragma once

#include "HttpLimits.h"

#include <QTcpServer>

namespace camhub {

// The listening socket handed to QHttpServer: caps concurrent connections and puts a
// ConnectionGuard on each one before QHttpServer sees it.
class LimitedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    explicit LimitedTcpServer(const HttpLimits &limits, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    const HttpLimits m_limits;
    int m_open = 0;
};

} // namespace camhub
