#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace camhub {

struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpResponse json(const QJsonObject &object, int status = 200);
    // {"success": false, "error": message}
    static HttpResponse error(int status, const QString &message);
    static HttpResponse bytes(QByteArray body, QByteArray contentType, int status = 200);

    HttpResponse &withHeader(QByteArray name, QByteArray value)
    {
        headers.append(qMakePair(std::move(name), std::move(value)));
        return *this;
    }
};

} // namespace camhub
