#pragma once

#include "Camera.h"

#include <QList>
#include <QObject>
#include <QReadWriteLock>
#include <optional>

namespace camhub {

class SecretStore;

// The list of cameras: readable from any thread, changed through add/update/remove,
// which validate and, when storage is set, persist before they take effect (the
// config with QSaveFile, passwords in the secret store): a change that cannot be
// saved is not made.
class CameraRegistry final : public QObject
{
    Q_OBJECT

public:
    explicit CameraRegistry(QList<Camera> cameras = {}, QObject *parent = nullptr);

    QList<Camera> cameras() const;
    void setCameras(QList<Camera> cameras);
    std::optional<Camera> camera(const QString &id) const;

    struct Resolved
    {
        Camera camera;
        CameraProfile profile;
    };
    std::optional<Resolved> findStream(const QString &streamId) const;
    // An empty token picks the camera's first profile.
    std::optional<Resolved> findProfile(const QString &cameraId, const QString &token) const;
    bool hasCamera(const QString &cameraId) const;

    // Persistence; null secrets keeps passwords in memory only.
    void setStorage(const QString &configPath, SecretStore *secrets);
    // Fills the passwords of cameras that have a user name from the secret store.
    void loadSecrets();

    enum class Error
    {
        None,
        Invalid,
        NotFound,
        Storage
    };
    struct Change
    {
        Error error = Error::None;
        QString message;
        Camera camera; // as stored (stream ids filled in)
        bool ok() const { return error == Error::None; }
    };
    // An empty id is made from the name. A password left empty on update keeps the old.
    Change add(Camera camera);
    Change update(const QString &id, Camera camera);
    Change remove(const QString &id);

signals:
    void camerasChanged();
    // Streams that no longer exist or whose source changed: their readers must stop.
    void streamsInvalidated(const QStringList &streamIds);

private:
    QString validate(Camera &camera, const QList<Camera> &others) const; // under lock
    QString uniqueId(const QString &name) const;                         // under lock
    qsizetype indexOf(const QString &id) const;                          // under lock
    static Change notFound(const QString &id);
    bool persist(const QList<Camera> &next, const QList<Camera> &previous, QString *error);
    // Saves next and makes it current (under the write lock); a Storage error otherwise.
    bool commit(const QList<Camera> &next, Change &r);

    mutable QReadWriteLock m_lock;
    QList<Camera> m_cameras;
    QString m_configPath;
    SecretStore *m_secrets = nullptr;
};

} // namespace camhub
