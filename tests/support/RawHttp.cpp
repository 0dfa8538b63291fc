#include "RawHttp.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTcpSocket>

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QJsonObject RawResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

namespace RawHttp {

RawResponse exchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    RawResponse r;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return r;
    socket.write(request);
    QByteArray data;
    QDeadlineTimer deadline(timeoutMs);
    qsizetype headerEnd = -1;
    qint64 contentLength = -1;
    while (!deadline.hasExpired()) {
        if (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(50);
        if (socket.waitForReadyRead(50))
            data += socket.readAll();
        if (headerEnd < 0 && (headerEnd = data.indexOf("\r\n\r\n")) >= 0) {
            const QList<QByteArray> lines = data.left(headerEnd).split('\n');
            const QList<QByteArray> statusLine = lines.value(0).split(' ');
            r.status = statusLine.value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    r.headers.append(
                        {lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
            }
            contentLength =
                r.header("Content-Length").isEmpty() ? -1 : r.header("Content-Length").toLongLong();
        }
        if (headerEnd >= 0 && contentLength >= 0 && data.size() - headerEnd - 4 >= contentLength)
            break;
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
    }
    if (headerEnd >= 0)
        r.body = data.mid(headerEnd + 4);
    return r;
}

RawResponse request(quint16 port, const QByteArray &method, const QByteArray &path,
                    const QByteArray &body, const QByteArray &extraHeaders)
{
    QByteArray req = method + ' ' + path +
                     " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                     "\r\nConnection: close\r\n" + extraHeaders;
    const QByteArray lower = extraHeaders.toLower();
    const bool framed = lower.contains("content-length:") || lower.contains("transfer-encoding:");
    if (!framed && (!body.isNull() || method == "POST"))
        req +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    req += "\r\n" + body;
    return exchange(port, req);
}

RawResponse get(quint16 port, const QByteArray &path)
{
    return request(port, "GET", path);
}

RawResponse post(quint16 port, const QByteArray &path, const QByteArray &body)
{
    return request(port, "POST", path, body.isNull() ? QByteArray("") : body);
}

} // namespace RawHttp
