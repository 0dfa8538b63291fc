#include "CameraRegistry.h"

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
    QReadLocker lock(&m_lock);
    for (const Camera &c : m_cameras)
        if (c.id == cameraId)
            return true;
    return false;
}

} // namespace camhub
