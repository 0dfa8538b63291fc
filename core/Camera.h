#pragma once

#include <QList>
#include <QString>

namespace camhub {

// One media profile of a camera: a stream the camera offers.
struct CameraProfile
{
    QString token; // ONVIF profile token or a user-chosen name
    QString name;
    QString url;      // may carry credentials: never let it out of core
    QString streamId; // "<camera id>_<token>", URL-safe
    QString snapshotUrl;
    QString encoding; // from ONVIF: H264, H265, ...
    int width = 0;
    int height = 0;
};

struct OnvifDevice
{
    QString xaddr; // device service, e.g. http://192.168.1.20/onvif/device_service
    QString manufacturer;
    QString model;
    QString firmware;
    QString serial;
    qint64 clockOffsetSeconds = 0;
};

struct Camera
{
    QString id;
    QString name;
    QList<CameraProfile> profiles;
    QString username;  // for the camera's RTSP (and ONVIF) service
    QString password;  // kept in the secret store, never in cameras.json
    OnvifDevice onvif; // empty xaddr: a plain RTSP camera

    bool isOnvif() const { return !onvif.xaddr.isEmpty(); }
};

// The URL the reader opens: the profile's URL with the camera's credentials put in
// (unless the URL carries its own). Only ever handed to a Stream.
QString authenticatedUrl(const Camera &camera, const CameraProfile &profile);

// Splits "rtsp://user:pass@host/..." into a credential-free URL and the credentials.
QString stripCredentials(const QString &url, QString *username = nullptr,
                         QString *password = nullptr);

// The built-in synthetic camera that works with no network and no files.
inline constexpr char kDemoCameraId[] = "demo";
inline constexpr char kDemoProfileToken[] = "main";
inline constexpr char kDemoUrl[] = "camhub-demo:";

Camera demoCamera();

} // namespace camhub
