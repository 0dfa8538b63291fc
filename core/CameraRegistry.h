#pragma once

#include "Camera.h"

#include <QList>
#include <QObject>
#include <QReadWriteLock>

#include <optional>

namespace camhub {

// The list of cameras, readable from any thread.
class CameraRegistry final : public QObject
{
    Q_OBJECT

public:
    explicit CameraRegistry(QList<Camera> cameras = {}, QObject *parent = nullptr);

    QList<Camera> cameras() const;
    void setCameras(QList<Camera> cameras);

    struct Resolved
    {
        Camera camera;
        CameraProfile profile;
    };
    std::optional<Resolved> findStream(const QString &streamId) const;
    // An empty token picks the camera's first profile.
    std::optional<Resolved> findProfile(const QString &cameraId, const QString &token) const;
    bool hasCamera(const QString &cameraId) const;

signals:
    void camerasChanged();

private:
    mutable QReadWriteLock m_lock;
    QList<Camera> m_cameras;
};

} // namespace camhub
