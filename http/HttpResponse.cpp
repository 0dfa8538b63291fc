#include "HttpResponse.h"

#include <QJsonDocument>

namespace camhub {

HttpResponse HttpResponse::json(const QJsonObject &object, int status)
{
    HttpResponse r;
    r.status = status;
    r.contentType = "application/json";
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    r.headers.append(qMakePair(QByteArray("Cache-Control"), QByteArray("no-store")));
    return r;
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(QJsonObject{{QStringLiteral("success"), false}, {QStringLiteral("error"), message}},
                status);
}

HttpResponse HttpResponse::bytes(QByteArray body, QByteArray contentType, int status)
{
    HttpResponse r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

} // namespace camhub
