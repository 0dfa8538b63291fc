#pragma once

#include "Camera.h"

#include <QObject>

namespace camhub {

// Turns an ONVIF device into a camhub camera: reads it with OnvifClient and fills the
// camera's identity, clock offset and profiles (stream URLs kept without
// credentials). Used alike by the API and the window. Deletes itself when done.
class OnvifCameraReader final : public QObject
{
    Q_OBJECT

public:
    // base: name, id (may be empty), onvif.xaddr, username, password.
    explicit OnvifCameraReader(Camera base, QObject *parent = nullptr);
    void start();

signals:
    // ok: camera is ready to store; otherwise error is a readable reason.
    void finished(bool ok, const camhub::Camera &camera, const QString &error);

private:
    Camera m_base;
};

} // namespace camhub

Q_DECLARE_METATYPE(camhub::Camera)
