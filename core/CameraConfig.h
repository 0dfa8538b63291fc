#pragma once

#include "Camera.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace camhub {

// The cameras.json format:
// {"cameras": [{"id": "camera1", "name": "Front door",
//               "profiles": [{"token": "MediaProfile00000", "name": "Main",
//                             "url": "rtsp://..."}]}],
//  "demo": true}
struct CameraConfig
{
    QList<Camera> cameras; // demo camera first unless disabled
    QString error;         // empty on success; a readable reason otherwise

    bool ok() const { return error.isEmpty(); }

    static CameraConfig parse(const QByteArray &json);
    // The file form of a camera list (demo flag, cameras; no passwords).
    static QByteArray toJson(const QList<Camera> &cameras);
    // A missing file is not an error: it yields the demo camera alone.
    static CameraConfig load(const QString &path);
};

} // namespace camhub
