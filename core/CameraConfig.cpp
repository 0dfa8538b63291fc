#include "CameraConfig.h"

#include "Redact.h"
#include "StreamId.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QUrl>

namespace camhub {

QString authenticatedUrl(const Camera &camera, const CameraProfile &profile)
{
    QUrl url(profile.url);
    if (camera.username.isEmpty() || !url.userName().isEmpty() ||
        url.scheme().toLower().startsWith(QLatin1String("file")))
        return profile.url;
    url.setUserName(camera.username);
    url.setPassword(camera.password);
    return url.toString(QUrl::FullyEncoded);
}

QString stripCredentials(const QString &url, QString *username, QString *password)
{
    QUrl u(url);
    if (username)
        *username = u.userName();
    if (password)
        *password = u.password();
    if (u.userInfo().isEmpty())
        return url;
    u.setUserInfo(QString());
    return u.toString(QUrl::FullyEncoded);
}

Camera demoCamera()
{
    Camera c;
    c.id = QString::fromLatin1(kDemoCameraId);
    c.name = QStringLiteral("Demo camera");
    CameraProfile p;
    p.token = QString::fromLatin1(kDemoProfileToken);
    p.name = QStringLiteral("Synthetic 720p25");
    p.url = QString::fromLatin1(kDemoUrl);
    p.streamId = StreamId::make(c.id, p.token);
    c.profiles.append(p);
    return c;
}

namespace {

CameraConfig failure(const QString &why)
{
    CameraConfig c;
    c.error = why;
    return c;
}

bool isSupportedUrl(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || (u.host().isEmpty() && u.scheme() != QLatin1String("file")))
        return false;
    static const QStringList schemes = {QStringLiteral("rtsp"), QStringLiteral("rtsps"),
                                        QStringLiteral("http"), QStringLiteral("https"),
                                        QStringLiteral("file"), QStringLiteral("rtmp")};
    return schemes.contains(u.scheme().toLower());
}

} // namespace

CameraConfig CameraConfig::parse(const QByteArray &json)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    if (perr.error != QJsonParseError::NoError)
        return failure(QStringLiteral("invalid JSON at offset %1: %2")
                           .arg(perr.offset)
                           .arg(perr.errorString()));
    if (!doc.isObject())
        return failure(QStringLiteral("top level must be an object"));
    const QJsonObject root = doc.object();
    const QJsonValue camerasValue = root.value(QLatin1String("cameras"));
    if (!camerasValue.isUndefined() && !camerasValue.isArray())
        return failure(QStringLiteral("\"cameras\" must be an array"));
    const QJsonValue demoValue = root.value(QLatin1String("demo"));
    if (!demoValue.isUndefined() && !demoValue.isBool())
        return failure(QStringLiteral("\"demo\" must be true or false"));

    CameraConfig out;
    if (demoValue.toBool(true))
        out.cameras.append(demoCamera());

    QSet<QString> cameraIds;
    QSet<QString> streamIds;
    for (const Camera &c : std::as_const(out.cameras)) {
        cameraIds.insert(c.id);
        for (const CameraProfile &p : c.profiles)
            streamIds.insert(p.streamId);
    }

    const QJsonArray cams = camerasValue.toArray();
    for (qsizetype i = 0; i < cams.size(); ++i) {
        const QString where = QStringLiteral("cameras[%1]").arg(i);
        if (!cams[i].isObject())
            return failure(where + QStringLiteral(" must be an object"));
        const QJsonObject co = cams[i].toObject();
        Camera cam;
        cam.id = co.value(QLatin1String("id")).toString();
        if (!StreamId::isValidCameraId(cam.id))
            return failure(where + QStringLiteral(".id must be 1-64 letters, digits, '-' or '_'"));
        if (cameraIds.contains(cam.id))
            return failure(where + QStringLiteral(".id \"%1\" is used twice").arg(cam.id));
        cameraIds.insert(cam.id);
        cam.name = co.value(QLatin1String("name")).toString(cam.id);
        cam.username = co.value(QLatin1String("username")).toString();
        cam.password = co.value(QLatin1String("password")).toString(); // hand-written files
        const QJsonObject onvif = co.value(QLatin1String("onvif")).toObject();
        cam.onvif.xaddr = onvif.value(QLatin1String("xaddr")).toString();
        cam.onvif.manufacturer = onvif.value(QLatin1String("manufacturer")).toString();
        cam.onvif.model = onvif.value(QLatin1String("model")).toString();
        cam.onvif.firmware = onvif.value(QLatin1String("firmware")).toString();
        cam.onvif.serial = onvif.value(QLatin1String("serial")).toString();
        cam.onvif.clockOffsetSeconds = onvif.value(QLatin1String("clock_offset")).toInteger();

        const QJsonValue profilesValue = co.value(QLatin1String("profiles"));
        if (!profilesValue.isArray() || profilesValue.toArray().isEmpty())
            return failure(where + QStringLiteral(".profiles must be a non-empty array"));
        const QJsonArray profiles = profilesValue.toArray();
        for (qsizetype j = 0; j < profiles.size(); ++j) {
            const QString pwhere = where + QStringLiteral(".profiles[%1]").arg(j);
            if (!profiles[j].isObject())
                return failure(pwhere + QStringLiteral(" must be an object"));
            const QJsonObject po = profiles[j].toObject();
            CameraProfile p;
            p.token = po.value(QLatin1String("token")).toString();
            if (p.token.isEmpty() || p.token.size() > 64)
                return failure(pwhere + QStringLiteral(".token must be 1-64 characters"));
            p.name = po.value(QLatin1String("name")).toString(p.token);
            p.url = po.value(QLatin1String("url")).toString();
            if (!isSupportedUrl(p.url))
                // Never echoed: a URL may hold a password.
                return failure(pwhere + QStringLiteral(".url is not a valid rtsp/http/file URL"));
            p.snapshotUrl = po.value(QLatin1String("snapshot_url")).toString();
            p.encoding = po.value(QLatin1String("encoding")).toString();
            p.width = po.value(QLatin1String("width")).toInt();
            p.height = po.value(QLatin1String("height")).toInt();
            p.streamId = StreamId::make(cam.id, p.token);
            if (streamIds.contains(p.streamId))
                return failure(pwhere +
                               QStringLiteral(": stream id \"%1\" is used twice").arg(p.streamId));
            streamIds.insert(p.streamId);
            cam.profiles.append(p);
        }
        out.cameras.append(cam);
    }
    return out;
}

QByteArray CameraConfig::toJson(const QList<Camera> &cameras)
{
    QJsonArray list;
    bool demo = false;
    for (const Camera &c : cameras) {
        if (c.id == QLatin1String(kDemoCameraId)) {
            demo = true;
            continue;
        }
        QJsonArray profiles;
        for (const CameraProfile &p : c.profiles) {
            QJsonObject po{{QStringLiteral("token"), p.token},
                           {QStringLiteral("name"), p.name},
                           {QStringLiteral("url"), p.url}};
            if (!p.snapshotUrl.isEmpty())
                po.insert(QStringLiteral("snapshot_url"), p.snapshotUrl);
            if (!p.encoding.isEmpty())
                po.insert(QStringLiteral("encoding"), p.encoding);
            if (p.width > 0) {
                po.insert(QStringLiteral("width"), p.width);
                po.insert(QStringLiteral("height"), p.height);
            }
            profiles.append(po);
        }
        QJsonObject co{{QStringLiteral("id"), c.id},
                       {QStringLiteral("name"), c.name},
                       {QStringLiteral("profiles"), profiles}};
        if (!c.username.isEmpty())
            co.insert(QStringLiteral("username"), c.username);
        if (c.isOnvif())
            co.insert(QStringLiteral("onvif"),
                      QJsonObject{{QStringLiteral("xaddr"), c.onvif.xaddr},
                                  {QStringLiteral("manufacturer"), c.onvif.manufacturer},
                                  {QStringLiteral("model"), c.onvif.model},
                                  {QStringLiteral("firmware"), c.onvif.firmware},
                                  {QStringLiteral("serial"), c.onvif.serial},
                                  {QStringLiteral("clock_offset"), c.onvif.clockOffsetSeconds}});
        list.append(co);
    }
    // Passwords never go in this file: they live in the secret store.
    return QJsonDocument(
               QJsonObject{{QStringLiteral("demo"), demo}, {QStringLiteral("cameras"), list}})
        .toJson(QJsonDocument::Indented);
}

CameraConfig CameraConfig::load(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return parse(QByteArrayLiteral("{}"));
    if (!f.open(QIODevice::ReadOnly))
        return failure(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    if (f.size() > 4 * 1024 * 1024)
        return failure(QStringLiteral("%1 is larger than 4 MiB").arg(path));
    CameraConfig c = parse(f.readAll());
    if (!c.ok())
        c.error = path + QStringLiteral(": ") + c.error;
    return c;
}

} // namespace camhub
