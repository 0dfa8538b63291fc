#pragma once

#include <QString>

namespace camhub {

// Replaces the user-info part ("user:pass@") of every URL in text with "***@".
// Applied to everything that leaves the process: responses, logs, errors.
QString redactCredentials(const QString &text);

// True when the URL carries a user name or password.
bool hasCredentials(const QString &url);

} // namespace camhub
