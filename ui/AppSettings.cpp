#include "AppSettings.h"

#include "AccessControl.h"

#include <QFile>
#include <QSettings>

namespace camhub {

AppSettings AppSettings::load()
{
    QSettings s;
    AppSettings a;
    a.port = quint16(s.value(QStringLiteral("server/port"), a.port).toUInt());
    a.bind = s.value(QStringLiteral("server/bind"), a.bind).toString();
    a.cleanupIntervalSeconds =
        s.value(QStringLiteral("streams/cleanupInterval"), a.cleanupIntervalSeconds).toInt();
    a.dataDir = s.value(QStringLiteral("storage/dataDir")).toString();
    a.keepServingWhenClosed = s.value(QStringLiteral("window/keepServing"), false).toBool();
    a.accessToken = s.value(QStringLiteral("server/accessToken")).toByteArray();
    return a;
}

void AppSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("server/port"), port);
    s.setValue(QStringLiteral("server/bind"), bind);
    s.setValue(QStringLiteral("streams/cleanupInterval"), cleanupIntervalSeconds);
    s.setValue(QStringLiteral("storage/dataDir"), dataDir);
    s.setValue(QStringLiteral("window/keepServing"), keepServingWhenClosed);
    s.setValue(QStringLiteral("server/accessToken"), accessToken);
    s.sync();
    keepPrivate(s.fileName());
}

void AppSettings::keepPrivate(const QString &path)
{
    // The settings hold the access token: owner-only, like the secrets file.
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

AppSettings AppSettings::loadWithToken()
{
    AppSettings a = load();
    if (a.accessToken.isEmpty()) {
        a.accessToken = AccessControl::generateToken();
        QSettings s;
        s.setValue(QStringLiteral("server/accessToken"), a.accessToken);
        s.sync();
        keepPrivate(s.fileName());
    }
    return a;
}

} // namespace camhub
