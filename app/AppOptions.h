#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>

namespace camhub {

struct AppSettings;

struct AppOptions
{
    bool headless = false;
    quint16 port = 5001;
    QHostAddress bind = QHostAddress::LocalHost;
    QString configPath; // cameras.json
    QString dataDir;
    int cleanupIntervalSeconds = 300;
    QStringList play; // stream ids to start (and show) at once

    // Parses argv (handles --help and --version itself, exiting); the saved settings
    // are the defaults. On a bad value, returns nullopt with a message in error.
    static std::optional<AppOptions> parse(const QStringList &arguments,
                                           const AppSettings &defaults, QString *error);
};

} // namespace camhub
