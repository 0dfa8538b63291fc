#pragma once

#include <QLoggingCategory>

namespace camhub {

Q_DECLARE_LOGGING_CATEGORY(lcStream)
Q_DECLARE_LOGGING_CATEGORY(lcSource)
Q_DECLARE_LOGGING_CATEGORY(lcLibav)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)

// Routes libav's own log lines into lcLibav, with credentials redacted.
void installLibavLogHandler();

} // namespace camhub
