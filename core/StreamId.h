#pragma once

#include <QString>

namespace camhub::StreamId {

// Camera ids are chosen by users: letters, digits, '-' and '_', 1-64 chars.
bool isValidCameraId(const QString &id);

// Stream ids travel in URL paths; anything outside [A-Za-z0-9._-] is replaced by '-'.
QString sanitizeToken(const QString &token);

// "<camera id>_<sanitized token>", e.g. camera1_MediaProfile00000.
QString make(const QString &cameraId, const QString &profileToken);

// A syntactically valid stream id: what the HTTP layer accepts before any lookup.
bool isWellFormed(const QString &streamId);

} // namespace camhub::StreamId
