#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace camhub {

struct HttpRequest;

// Parses a request body that must be a JSON object; on failure, error says why in
// words a client can act on.
std::optional<QJsonObject> parseJsonObject(const HttpRequest &request, QString *error);

// A field that, when present, must be a non-empty string. Returns false (and sets
// error) when it is present with another type.
bool optionalString(const QJsonObject &o, const QString &key, QString *out, QString *error);

} // namespace camhub
