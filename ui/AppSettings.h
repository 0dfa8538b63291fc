#pragma once

#include <QHostAddress>
#include <QString>

namespace camhub {

// Preferences kept with QSettings; the command line overrides them per run.
struct AppSettings
{
    quint16 port = 5001;
    QString bind = QStringLiteral("127.0.0.1");
    int cleanupIntervalSeconds = 300;
    QString dataDir; // empty: the platform's app-data folder
    bool keepServingWhenClosed = false;

    static AppSettings load();
    void save() const;
};

} // namespace camhub
