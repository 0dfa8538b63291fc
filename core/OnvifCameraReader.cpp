#include "OnvifCameraReader.h"

#include "OnvifClient.h"

namespace camhub {

OnvifCameraReader::OnvifCameraReader(Camera base, QObject *parent)
    : QObject(parent), m_base(std::move(base))
{
    qRegisterMetaType<camhub::Camera>();
}

void OnvifCameraReader::start()
{
    auto *client =
        new OnvifClient(QUrl(m_base.onvif.xaddr), {m_base.username, m_base.password}, this);
    connect(client, &OnvifClient::finished, this, [this](const OnvifClient::Result &result) {
        deleteLater();
        if (!result.ok) {
            emit finished(false, m_base, result.error);
            return;
        }
        Camera camera = m_base;
        camera.onvif.manufacturer = result.device.manufacturer;
        camera.onvif.model = result.device.model;
        camera.onvif.firmware = result.device.firmware;
        camera.onvif.serial = result.device.serial;
        camera.onvif.clockOffsetSeconds = result.clockOffsetSeconds;
        camera.profiles.clear();
        for (const OnvifClient::Profile &p : result.profiles) {
            CameraProfile profile;
            profile.token = p.media.token;
            profile.name = p.media.name.isEmpty() ? p.media.token : p.media.name;
            profile.url = stripCredentials(p.streamUri);
            profile.snapshotUrl = stripCredentials(p.snapshotUri);
            profile.encoding = p.media.encoding;
            profile.width = p.media.width;
            profile.height = p.media.height;
            camera.profiles.append(profile);
        }
        emit finished(true, camera, {});
    });
    client->start();
}

} // namespace camhub
