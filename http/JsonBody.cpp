#include "JsonBody.h"

#include "HttpRequest.h"

#include <QJsonDocument>

namespace camhub {

std::optional<QJsonObject> parseJsonObject(const HttpRequest &request, QString *error)
{
    if (request.body.trimmed().isEmpty()) {
        *error = QStringLiteral("Request body must be a JSON object");
        return std::nullopt;
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &perr);
    if (perr.error != QJsonParseError::NoError) {
        *error = QStringLiteral("Malformed JSON at offset %1: %2")
                     .arg(perr.offset)
                     .arg(perr.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("Request body must be a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

bool optionalString(const QJsonObject &o, const QString &key, QString *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        out->clear();
        return true;
    }
    if (!v.isString() || v.toString().isEmpty() || v.toString().size() > 256) {
        *error = QStringLiteral("\"%1\" must be a non-empty string").arg(key);
        return false;
    }
    *out = v.toString();
    return true;
}

} // namespace camhub
