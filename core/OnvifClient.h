#pragma once

#include "OnvifMessages.h"

#include <QObject>
#include <QUrl>
#include <functional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace camhub {

struct XmlElement;

// Reads an ONVIF device: clock, identity, media service, profiles, and each profile's
// stream and snapshot URIs. Asynchronous (QNetworkAccessManager on the thread the
// client lives in): no call blocks, each has 5 s. WS-Security UsernameToken with
// PasswordDigest on every call, dated with the device's own clock; HTTP Digest when
// the device asks for it. Emits finished() exactly once.
class OnvifClient final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kTimeoutMs = 5000;

    struct Profile
    {
        Onvif::MediaProfile media;
        QString streamUri;
        QString snapshotUri;
    };
    struct Result
    {
        bool ok = false;
        QString error; // readable, credential-free
        Onvif::DeviceInfo device;
        QList<Profile> profiles;
        qint64 clockOffsetSeconds = 0; // device clock - ours
        QString mediaXAddr;
    };

    OnvifClient(QUrl deviceUrl, Onvif::Credentials credentials, QObject *parent = nullptr);

    void start();

signals:
    void finished(const camhub::OnvifClient::Result &result);

private:
    using OnAnswer = std::function<void(const XmlElement &envelope)>;
    // onError: return true if the error was handled (e.g. an optional call).
    void call(const QUrl &url, const QString &operation, const QString &body, bool authenticate,
              OnAnswer onAnswer, std::function<bool(const QString &)> onError = {});
    void fail(const QString &error);
    void getDeviceInformation();
    void getServices();
    void getCapabilities();
    void getProfiles();
    void getUris(int index);
    QDateTime deviceNow() const;

    const QUrl m_device;
    const Onvif::Credentials m_credentials;
    QNetworkAccessManager *m_network;
    Result m_result;
    bool m_media2 = false;
    bool m_done = false;
};

} // namespace camhub

Q_DECLARE_METATYPE(camhub::OnvifClient::Result)
