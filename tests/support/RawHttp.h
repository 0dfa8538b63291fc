#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

// A blocking HTTP/1.1 client that sends exactly the bytes it is given, for requests a
// well-behaved client library would refuse to send (dot segments, huge bodies, ...).
// Use only against a server running on another thread.
struct RawResponse
{
    int status = 0; // 0: no answer
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
};

namespace RawHttp {

RawResponse exchange(quint16 port, const QByteArray &request, int timeoutMs = 10000);
RawResponse get(quint16 port, const QByteArray &path);
RawResponse post(quint16 port, const QByteArray &path, const QByteArray &body);
RawResponse request(quint16 port, const QByteArray &method, const QByteArray &path,
                    const QByteArray &body = {}, const QByteArray &extraHeaders = {});

} // namespace RawHttp
