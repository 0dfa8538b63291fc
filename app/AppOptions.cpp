#include "AppOptions.h"

#include "AppSettings.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

namespace camhub {

std::optional<AppOptions> AppOptions::parse(const QStringList &arguments,
                                            const AppSettings &defaults, QString *error)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("camhub: camera viewer and LAN streaming hub (RTSP/ONVIF in, HLS out)"));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run the server only, without a window."));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("HTTP port (default 5001)."),
                                  QStringLiteral("PORT"), QString::number(defaults.port));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                  QStringLiteral("ADDRESS"), defaults.bind);
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Camera list (JSON). Default: %1")
                                        .arg(QStringLiteral("<config dir>/cameras.json")),
                                    QStringLiteral("FILE"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Where camhub keeps its state."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption cleanup(
        QStringLiteral("cleanup-interval"),
        QStringLiteral("Seconds between removals of dead streams (default 300, 0 = never)."),
        QStringLiteral("SECONDS"), QString::number(defaults.cleanupIntervalSeconds));
    const QCommandLineOption play(QStringLiteral("play"),
                                  QStringLiteral("Start this stream at once (repeatable), "
                                                 "e.g. --play demo_main."),
                                  QStringLiteral("STREAM_ID"));
    p.addOptions({headless, port, bind, config, dataDir, cleanup, play});
    p.process(arguments); // exits on --help, --version and unknown options

    AppOptions o;
    o.headless = p.isSet(headless);
    bool ok = false;
    const uint portValue = p.value(port).toUInt(&ok);
    if (!ok || portValue > 65535) {
        *error = QStringLiteral("--port must be a number from 0 to 65535");
        return std::nullopt;
    }
    o.port = quint16(portValue);
    if (!o.bind.setAddress(p.value(bind))) {
        *error = QStringLiteral("--bind must be an IP address, e.g. 127.0.0.1 or 0.0.0.0");
        return std::nullopt;
    }
    o.cleanupIntervalSeconds = p.value(cleanup).toInt(&ok);
    if (!ok || o.cleanupIntervalSeconds < 0 || o.cleanupIntervalSeconds > 86400 * 7) {
        *error = QStringLiteral("--cleanup-interval must be 0 to 604800 seconds");
        return std::nullopt;
    }
    o.configPath = p.isSet(config)
                       ? p.value(config)
                       : QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                             QStringLiteral("/cameras.json");
    o.dataDir = p.isSet(dataDir) ? p.value(dataDir)
                : !defaults.dataDir.isEmpty()
                    ? defaults.dataDir
                    : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    o.play = p.values(play);
    return o;
}

} // namespace camhub
