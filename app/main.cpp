#include "AccessControl.h"
#include "AppOptions.h"
#include "AppSettings.h"
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "HttpService.h"
#include "Log.h"
#include "MainWindow.h"
#include "SecretStore.h"
#include "SignalWatcher.h"
#include "StreamManager.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <cstdio>
#include <cstring>
#include <memory>

using namespace camhub;

namespace {

// No window (and so no display) for the server alone, nor for --help/--version.
bool wantsHeadless(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        for (const char *flag :
             {"--headless", "-headless", "--help", "-h", "--version", "-v", "-?"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    qSetMessagePattern(
        QStringLiteral("%{time yyyy-MM-dd hh:mm:ss.zzz} %{if-debug}D%{endif}%{if-info}I%{endif}"
                       "%{if-warning}W%{endif}%{if-critical}E%{endif}%{if-fatal}F%{endif} "
                       "%{category}: %{message}"));
    QCoreApplication::setApplicationName(QStringLiteral("camhub"));
    QCoreApplication::setOrganizationName(QStringLiteral("camhub"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAMHUB_VERSION));

    // The window needs a QApplication (and a display); the server alone does not.
    std::unique_ptr<QCoreApplication> app;
    if (wantsHeadless(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    QString error;
    const AppSettings settings = AppSettings::loadWithToken();
    const auto options = AppOptions::parse(app->arguments(), settings, &error);
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
    // Passwords: the keychain in a desktop session, else a 0600 file by the config.
    const std::unique_ptr<SecretStore> secrets =
        SecretStore::create(QFileInfo(options->configPath).absolutePath(), !options->headless);
    cameras.setStorage(options->configPath, secrets.get());
    cameras.loadSecrets();
    qCInfo(lcConfig).noquote() << "camera passwords in" << secrets->describe();
    StreamManager::Options managerOptions;
    managerOptions.cleanupIntervalSeconds = options->cleanupIntervalSeconds;
    StreamManager manager(cameras, managerOptions);

    AccessControl access(settings.accessToken);
    HttpService http(cameras, manager, &access);
    if (!http.start(options->bind, options->port, &error)) {
        std::fprintf(stderr, "camhub: %s\n", qPrintable(error));
        return 1;
    }
    // A wildcard bind is reached through the loopback address from this machine.
    QHostAddress shown = options->bind;
    if (shown == QHostAddress::AnyIPv4 || shown == QHostAddress::Any)
        shown = QHostAddress::LocalHost;
    else if (shown == QHostAddress::AnyIPv6)
        shown = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(shown.toString());
    url.setPort(http.port());
    url.setPath(QStringLiteral("/"));
    qCInfo(lcConfig).noquote() << "serving on" << url.toString();
    std::printf("camhub %s listening on %s\n", CAMHUB_VERSION, qPrintable(url.toString()));
    if (!AccessControl::isLoopback(options->bind))
        std::printf("Other devices need the access token: http://<this machine>:%u/?token=%s\n",
                    unsigned(http.port()), access.token().constData());
    std::fflush(stdout);

    SignalWatcher signalWatcher;
    std::unique_ptr<MainWindow> window;
    if (!options->headless) {
        window = std::make_unique<MainWindow>(cameras, manager, url, &http, &access);
        window->show();
        for (const QString &id : options->play)
            window->play(id);
    } else {
        for (const QString &id : options->play)
            manager.start(id);
    }
    const int rc = app->exec();
    window.reset();
    http.stop();
    manager.shutdown();
    return rc;
}
