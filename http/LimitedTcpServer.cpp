#include "LimitedTcpServer.h"

#include "ConnectionGuard.h"

#include <QTcpSocket>

namespace camhub {

LimitedTcpServer::LimitedTcpServer(const HttpLimits &limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{
}

void LimitedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_open >= m_limits.maxConnections) {
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                      "Connection: close\r\nRetry-After: 1\r\n\r\n");
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    // Answers are small and written in pieces: do not let Nagle hold them back.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    new ConnectionGuard(socket, m_limits); // connects its readyRead before QHttpServer's
    addPendingConnection(socket);          // QTcpServer emits newConnection() after we return
}

} // namespace camhub
