#include "AppOptions.h"
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "HttpService.h"
#include "Log.h"
#include "SignalWatcher.h"
#include "StreamManager.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>
#include <memory>

using namespace camhub;

int main(int argc, char *argv[])
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-dd hh:mm:ss.zzz} %{if-debug}D%{endif}%{if-info}I%{endif}"
        "%{if-warning}W%{endif}%{if-critical}E%{endif}%{if-fatal}F%{endif} "
        "%{category}: %{message}"));
    QCoreApplication::setApplicationName(QStringLiteral("camhub"));
    QCoreApplication::setOrganizationName(QStringLiteral("camhub"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAMHUB_VERSION));

    // The window arrives with the desktop issue; until then camhub is the server.
    QCoreApplication app(argc, argv);
    QString error;
    const auto options = AppOptions::parse(app.arguments(), &error);
    if (!options) {
        std::fprintf(stderr, "camhub: %s\n", qPrintable(error));
        return 2;
    }
    installLibavLogHandler();

    const CameraConfig config = CameraConfig::load(options->configPath);
    if (!config.ok()) {
        std::fprintf(stderr, "camhub: %s\n", qPrintable(config.error));
        return 2;
    }
    QDir().mkpath(options->dataDir);
    qCInfo(lcConfig).noquote() << "cameras from" << options->configPath << "-"
                               << config.cameras.size() << "camera(s)";

    CameraRegistry cameras(config.cameras);
    StreamManager::Options managerOptions;
    managerOptions.cleanupIntervalSeconds = options->cleanupIntervalSeconds;
    StreamManager manager(cameras, managerOptions);

    HttpService http(cameras, manager);
    if (!http.start(options->bind, options->port, &error)) {
        std::fprintf(stderr, "camhub: %s\n", qPrintable(error));
        return 1;
    }
    const QString host = options->bind.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + options->bind.toString() + u']'
                             : options->bind.toString();
    qCInfo(lcConfig).noquote() << "serving on" << QStringLiteral("http://%1:%2/").arg(host).arg(http.port());
    std::printf("camhub %s listening on http://%s:%u/\n", CAMHUB_VERSION, qPrintable(host),
                unsigned(http.port()));
    std::fflush(stdout);

    SignalWatcher signalWatcher;
    const int rc = app.exec();
    http.stop();
    manager.shutdown();
    return rc;
}
