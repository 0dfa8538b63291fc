#pragma once

#include <QList>
#include <QString>

namespace camhub {

// One media profile of a camera: a stream the camera offers.
struct CameraProfile
{
    QString token; // ONVIF profile token or a user-chosen name
    QString name;
    QString url; // may carry credentials: never let it out of core
    QString streamId; // "<camera id>_<token>", URL-safe
};

struct Camera
{
    QString id;
    QString name;
    QList<CameraProfile> profiles;
};

// The built-in synthetic camera that works with no network and no files.
inline constexpr char kDemoCameraId[] = "demo";
inline constexpr char kDemoProfileToken[] = "main";
inline constexpr char kDemoUrl[] = "camhub-demo:";

Camera demoCamera();

} // namespace camhub
