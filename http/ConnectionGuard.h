#pragma once

#include "HttpLimits.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace camhub {

// Watches one connection's bytes before QHttpServer parses them: refuses oversized
// headers (431) and bodies (413) as soon as their size is known, without buffering
// them, and closes connections that go silent. Its readyRead slot is connected first,
// so it sees every chunk; it only peeks, except when it rejects a request.
class ConnectionGuard final : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits);

private:
    void onReadyRead();
    void scan(const QByteArray &data);
    bool headerComplete();
    void reject(int status, const char *reason, const char *message);

    enum class Phase
    {
        Head,
        Body,
        Passthrough,
        Rejected
    };

    QTcpSocket *m_socket;
    const HttpLimits m_limits;
    Phase m_phase = Phase::Head;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    QTimer m_idle;
};

} // namespace camhub
