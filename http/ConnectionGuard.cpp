#include "ConnectionGuard.h"

#include <QTcpSocket>

namespace camhub {

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits)
    : QObject(socket), m_socket(socket), m_limits(limits)
{
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    m_idle.setSingleShot(true);
    m_idle.setInterval(limits.idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, socket, &QTcpSocket::abort);
    connect(socket, &QTcpSocket::bytesWritten, &m_idle, qOverload<>(&QTimer::start));
    m_idle.start();
}

void ConnectionGuard::onReadyRead()
{
    if (m_phase == Phase::Rejected) {
        m_socket->readAll(); // discard whatever the client still sends
        return;
    }
    if (m_phase == Phase::Passthrough)
        return;
    m_idle.start();
    scan(m_socket->peek(m_socket->bytesAvailable()));
}

void ConnectionGuard::scan(const QByteArray &data)
{
    qsizetype pos = 0;
    while (pos < data.size() && (m_phase == Phase::Head || m_phase == Phase::Body)) {
        if (m_phase == Phase::Body) {
            const qint64 take = std::min<qint64>(m_bodyLeft, data.size() - pos);
            m_bodyLeft -= take;
            pos += take;
            if (m_bodyLeft == 0)
                m_phase = Phase::Head;
            continue;
        }
        const qsizetype before = m_head.size();
        m_head.append(data.constData() + pos, data.size() - pos);
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes)
                reject(431, "Request Header Fields Too Large", "Request headers are too large");
            return;
        }
        if (end > m_limits.maxHeaderBytes) {
            reject(431, "Request Header Fields Too Large", "Request headers are too large");
            return;
        }
        pos += end + 4 - before; // first byte after this request's head
        m_head.truncate(end);
        if (!headerComplete())
            return;
    }
}

bool ConnectionGuard::headerComplete()
{
    qint64 contentLength = 0;
    bool chunked = false, upgrade = false, lengthSeen = false;
    const QList<QByteArray> lines = m_head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            // Two different lengths is a request-smuggling classic: refuse.
            if (!ok || length < 0 || (lengthSeen && length != contentLength)) {
                reject(400, "Bad Request", "Invalid Content-Length");
                return false;
            }
            contentLength = length;
            lengthSeen = true;
        } else if (name == "transfer-encoding" && value.toLower().contains("chunked")) {
            chunked = true;
        } else if (name == "upgrade" && value.toLower() == "websocket") {
            upgrade = true;
        }
    }
    m_head.clear();
    if (chunked) {
        // Every client we serve sends a length; chunked bodies could be any size.
        reject(411, "Length Required", "Send a Content-Length instead of a chunked body");
        return false;
    }
    if (contentLength > m_limits.maxBodyBytes) {
        reject(413, "Payload Too Large", "Request body is larger than 64 KiB");
        return false;
    }
    if (upgrade) {
        m_phase = Phase::Passthrough; // the WebSocket takes the connection over
        m_idle.stop();
        return false;
    }
    m_bodyLeft = contentLength;
    m_phase = contentLength > 0 ? Phase::Body : Phase::Head;
    return true;
}

void ConnectionGuard::reject(int status, const char *reason, const char *message)
{
    m_phase = Phase::Rejected;
    m_socket->readAll(); // QHttpServer, reading after us, sees nothing of this request
    const QByteArray body = QByteArray("{\"success\":false,\"error\":\"") + message + "\"}";
    QByteArray response =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    m_socket->write(response);
    m_socket->disconnectFromHost();
}

} // namespace camhub
