#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrlQuery>

namespace camhub {

// What a route handler sees of a request: independent of the QHttpServer version.
struct HttpRequest
{
    QByteArray method;    // "GET", "POST", ...
    QStringList segments; // path split on '/', each percent-decoded once
    QUrlQuery query;
    QByteArray body;
    QHostAddress remote;
    QList<QPair<QByteArray, QByteArray>> headers;
    QHash<QString, QString> params; // filled from the route pattern's {name} parts

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    QString param(const QString &name) const { return params.value(name); }
};

} // namespace camhub
