#include "CameraRegistry.h"

#include "CameraConfig.h"
#include "Log.h"
#include "Redact.h"
#include "SecretStore.h"
#include "StreamId.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>
#include <QUrl>

namespace camhub {

CameraRegistry::CameraRegistry(QList<Camera> cameras, QObject *parent)
    : QObject(parent), m_cameras(std::move(cameras))
{
}

QList<Camera> CameraRegistry::cameras() const
{
    QReadLocker lock(&m_lock);
    return m_cameras;
}

void CameraRegistry::setCameras(QList<Camera> cameras)
{
    {
        QWriteLocker lock(&m_lock);
        m_cameras = std::move(cameras);
    }
    emit camerasChanged();
}

std::optional<Camera> CameraRegistry::camera(const QString &id) const
{
    QReadLocker lock(&m_lock);
    for (const Camera &c : m_cameras)
        if (c.id == id)
            return c;
    return std::nullopt;
}

std::optional<CameraRegistry::Resolved> CameraRegistry::findStream(const QString &streamId) const
{
    QReadLocker lock(&m_lock);
    for (const Camera &c : m_cameras)
        for (const CameraProfile &p : c.profiles)
            if (p.streamId == streamId)
                return Resolved{c, p};
    return std::nullopt;
}

std::optional<CameraRegistry::Resolved> CameraRegistry::findProfile(const QString &cameraId,
                                                                    const QString &token) const
{
    QReadLocker lock(&m_lock);
    for (const Camera &c : m_cameras) {
        if (c.id != cameraId || c.profiles.isEmpty())
            continue;
        if (token.isEmpty())
            return Resolved{c, c.profiles.first()};
        for (const CameraProfile &p : c.profiles)
            if (p.token == token)
                return Resolved{c, p};
        return std::nullopt;
    }
    return std::nullopt;
}

bool CameraRegistry::hasCamera(const QString &cameraId) const
{
    return camera(cameraId).has_value();
}

void CameraRegistry::setStorage(const QString &configPath, SecretStore *secrets)
{
    QWriteLocker lock(&m_lock);
    m_configPath = configPath;
    m_secrets = secrets;
}

void CameraRegistry::loadSecrets()
{
    QWriteLocker lock(&m_lock);
    if (!m_secrets)
        return;
    for (Camera &c : m_cameras) {
        if (!c.password.isEmpty()) {
            // Written into cameras.json by hand: keep it where passwords belong, so the
            // next save (which never writes passwords to that file) loses nothing.
            QString error;
            if (!m_secrets->write(c.id, c.password, &error))
                qCWarning(lcConfig).noquote()
                    << "cannot store the password of" << c.id << ":" << error;
        } else if (!c.username.isEmpty()) {
            c.password = m_secrets->read(c.id).value_or(QString());
        }
    }
}

QString CameraRegistry::uniqueId(const QString &name) const
{
    QString base;
    for (const QChar ch : name.toLower()) {
        if ((ch >= u'a' && ch <= u'z') || (ch >= u'0' && ch <= u'9'))
            base.append(ch);
        else if (!base.isEmpty() && !base.endsWith(u'-'))
            base.append(u'-');
    }
    while (base.endsWith(u'-'))
        base.chop(1);
    base = base.left(32);
    if (base.isEmpty())
        base = QStringLiteral("camera");
    auto taken = [this](const QString &id) {
        return std::any_of(m_cameras.cbegin(), m_cameras.cend(),
                           [&](const Camera &c) { return c.id == id; });
    };
    QString id = base;
    for (int n = 2; taken(id); ++n)
        id = base + u'-' + QString::number(n);
    return id;
}

QString CameraRegistry::validate(Camera &c, const QList<Camera> &others) const
{
    c.name = c.name.trimmed();
    if (c.name.isEmpty() || c.name.size() > 100)
        return QStringLiteral("\"name\" must be 1-100 characters");
    if (!StreamId::isValidCameraId(c.id))
        return QStringLiteral("\"id\" must be 1-64 letters, digits, '-' or '_'");
    if (c.profiles.isEmpty())
        return QStringLiteral("a camera needs at least one profile");
    if (c.profiles.size() > 32)
        return QStringLiteral("at most 32 profiles per camera");
    if (c.username.size() > 128 || c.password.size() > 256)
        return QStringLiteral("user name or password too long");
    if (c.isOnvif()) {
        const QUrl x(c.onvif.xaddr, QUrl::StrictMode);
        if (!x.isValid() || x.host().isEmpty())
            return QStringLiteral("the ONVIF address is not a valid URL");
        QString user, pass;
        c.onvif.xaddr = stripCredentials(c.onvif.xaddr, &user, &pass);
        if (!user.isEmpty() && c.username.isEmpty()) {
            c.username = user;
            c.password = pass;
        }
    }
    QSet<QString> tokens, ids;
    for (const Camera &o : others)
        for (const CameraProfile &p : o.profiles)
            ids.insert(p.streamId);
    static const QStringList schemes = {QStringLiteral("rtsp"), QStringLiteral("rtsps"),
                                        QStringLiteral("http"), QStringLiteral("https"),
                                        QStringLiteral("rtmp")};
    for (int i = 0; i < c.profiles.size(); ++i) {
        CameraProfile &p = c.profiles[i];
        const QString where = QStringLiteral("profiles[%1]").arg(i);
        if (p.token.isEmpty() || p.token.size() > 64)
            return where + QStringLiteral(".token must be 1-64 characters");
        if (tokens.contains(p.token))
            return where + QStringLiteral(".token \"%1\" is used twice").arg(p.token);
        tokens.insert(p.token);
        if (p.name.trimmed().isEmpty())
            p.name = p.token;
        // The URL as typed must be valid (port range included) before anything moves.
        const QUrl typed(p.url.trimmed(), QUrl::StrictMode);
        if (!typed.isValid() || typed.host().isEmpty() ||
            !schemes.contains(typed.scheme().toLower()))
            return where + QStringLiteral(
                               ".url is not a valid rtsp:// or http:// URL"); // never echoed: it
                                                                              // may hold a password
        // Credentials typed into a URL move to the camera's user/password.
        QString user, pass;
        p.url = stripCredentials(p.url.trimmed(), &user, &pass);
        if (!user.isEmpty() && c.username.isEmpty()) {
            c.username = user;
            c.password = pass;
        }
        p.streamId = StreamId::make(c.id, p.token);
        if (ids.contains(p.streamId))
            return where + QStringLiteral(": stream id \"%1\" exists already").arg(p.streamId);
        ids.insert(p.streamId);
    }
    return {};
}

bool CameraRegistry::persist(const QList<Camera> &next, const QList<Camera> &previous,
                             QString *error)
{
    if (m_configPath.isEmpty())
        return true;
    // Passwords first: a config that names a user whose password is missing would be
    // worse than a stale secret nobody refers to.
    if (m_secrets) {
        for (const Camera &c : next) {
            const auto old = std::find_if(previous.cbegin(), previous.cend(),
                                          [&](const Camera &p) { return p.id == c.id; });
            const bool changed = old == previous.cend() || old->password != c.password;
            if (!changed)
                continue;
            const bool ok = c.password.isEmpty() ? m_secrets->remove(c.id, error)
                                                 : m_secrets->write(c.id, c.password, error);
            if (!ok)
                return false;
        }
        for (const Camera &p : previous)
            if (std::none_of(next.cbegin(), next.cend(),
                             [&](const Camera &c) { return c.id == p.id; }))
                m_secrets->remove(p.id, error);
    }
    QDir().mkpath(QFileInfo(m_configPath).absolutePath());
    QSaveFile f(m_configPath);
    if (!f.open(QIODevice::WriteOnly) || f.write(CameraConfig::toJson(next)) < 0 || !f.commit()) {
        *error = QStringLiteral("cannot save %1: %2").arg(m_configPath, f.errorString());
        return false;
    }
    return true;
}

bool CameraRegistry::commit(const QList<Camera> &next, Change &r)
{
    QString error;
    if (!persist(next, m_cameras, &error)) {
        r.error = Error::Storage;
        r.message = error;
        return false;
    }
    m_cameras = next;
    return true;
}

CameraRegistry::Change CameraRegistry::notFound(const QString &id)
{
    Change r;
    r.error = Error::NotFound;
    r.message = QStringLiteral("Unknown camera: %1").arg(id);
    return r;
}

qsizetype CameraRegistry::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_cameras.size(); ++i)
        if (m_cameras.at(i).id == id)
            return i;
    return -1;
}

CameraRegistry::Change CameraRegistry::add(Camera camera)
{
    Change r;
    {
        QWriteLocker lock(&m_lock);
        if (camera.id.isEmpty())
            camera.id = uniqueId(camera.name);
        else if (std::any_of(m_cameras.cbegin(), m_cameras.cend(),
                             [&](const Camera &c) { return c.id == camera.id; })) {
            r.error = Error::Invalid;
            r.message = QStringLiteral("a camera with id \"%1\" exists already").arg(camera.id);
            return r;
        }
        if (const QString why = validate(camera, m_cameras); !why.isEmpty()) {
            r.error = Error::Invalid;
            r.message = why;
            return r;
        }
        QList<Camera> next = m_cameras;
        next.append(camera);
        if (!commit(next, r))
            return r;
        r.camera = camera;
    }
    qCInfo(lcConfig).noquote() << "camera" << camera.id << "added with" << camera.profiles.size()
                               << "profile(s)";
    emit camerasChanged();
    return r;
}

CameraRegistry::Change CameraRegistry::update(const QString &id, Camera camera)
{
    Change r;
    QStringList invalidated;
    {
        QWriteLocker lock(&m_lock);
        const qsizetype index = indexOf(id);
        if (index < 0)
            return notFound(id);
        const Camera old = m_cameras.at(index);
        if (id == QLatin1String(kDemoCameraId)) {
            r.error = Error::Invalid;
            r.message = QStringLiteral("The demo camera cannot be edited (remove it instead)");
            return r;
        }
        camera.id = id;
        if (camera.password.isEmpty() && camera.username == old.username)
            camera.password = old.password;
        QList<Camera> others = m_cameras;
        others.removeAt(index);
        if (const QString why = validate(camera, others); !why.isEmpty()) {
            r.error = Error::Invalid;
            r.message = why;
            return r;
        }
        QList<Camera> next = m_cameras;
        next[index] = camera;
        if (!commit(next, r))
            return r;
        // Readers of profiles that are gone or now point elsewhere must stop.
        const bool credentialsChanged =
            old.username != camera.username || old.password != camera.password;
        for (const CameraProfile &before : old.profiles) {
            const auto now =
                std::find_if(camera.profiles.cbegin(), camera.profiles.cend(),
                             [&](const CameraProfile &p) { return p.streamId == before.streamId; });
            if (now == camera.profiles.cend() || now->url != before.url || credentialsChanged)
                invalidated.append(before.streamId);
        }
        r.camera = camera;
    }
    qCInfo(lcConfig).noquote() << "camera" << id << "updated";
    if (!invalidated.isEmpty())
        emit streamsInvalidated(invalidated);
    emit camerasChanged();
    return r;
}

CameraRegistry::Change CameraRegistry::remove(const QString &id)
{
    Change r;
    QStringList invalidated;
    {
        QWriteLocker lock(&m_lock);
        const qsizetype index = indexOf(id);
        if (index < 0)
            return notFound(id);
        QList<Camera> next = m_cameras;
        next.removeAt(index);
        r.camera = m_cameras.at(index);
        if (!commit(next, r))
            return r;
        for (const CameraProfile &p : r.camera.profiles)
            invalidated.append(p.streamId);
    }
    qCInfo(lcConfig).noquote() << "camera" << id << "removed";
    emit streamsInvalidated(invalidated);
    emit camerasChanged();
    return r;
}

} // namespace camhub
