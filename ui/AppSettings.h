#pragma once

#include <QByteArray>
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
    QByteArray accessToken; // for clients not on this machine; made on first run

    static AppSettings load();
    void save() const;
    // Loads, and creates and saves the access token if there is none yet.
    static AppSettings loadWithToken();

private:
    static void keepPrivate(const QString &path);
};

} // namespace camhub
