#include "OnvifClient.h"

#include "Redact.h"
#include "XmlElement.h"

#include <QAuthenticator>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace camhub {

namespace {
constexpr qint64 kMaxAnswerBytes = 4 * 1024 * 1024;
const QString kWrongPassword = QStringLiteral("Wrong username or password");
} // namespace

OnvifClient::OnvifClient(QUrl deviceUrl, Onvif::Credentials credentials, QObject *parent)
    : QObject(parent), m_device(std::move(deviceUrl)), m_credentials(std::move(credentials)),
      m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<camhub::OnvifClient::Result>();
    // HTTP Digest (or Basic) when the device demands it: answer once; asked again
    // means the password is wrong, and the reply then fails with 401.
    connect(m_network, &QNetworkAccessManager::authenticationRequired, this,
            [this](QNetworkReply *reply, QAuthenticator *auth) {
                if (reply->property("camhub.authTried").toBool() ||
                    m_credentials.username.isEmpty())
                    return;
                reply->setProperty("camhub.authTried", true);
                auth->setUser(m_credentials.username);
                auth->setPassword(m_credentials.password);
            });
}

QDateTime OnvifClient::deviceNow() const
{
    return QDateTime::currentDateTimeUtc().addSecs(m_result.clockOffsetSeconds);
}

void OnvifClient::fail(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_result.ok = false;
    m_result.error = redactCredentials(error);
    emit finished(m_result);
}

void OnvifClient::start()
{
    if (!m_device.isValid() || (m_device.scheme() != QLatin1String("http") &&
                                m_device.scheme() != QLatin1String("https"))) {
        fail(QStringLiteral("The device address must be an http(s) URL, e.g. "
                            "http://192.168.1.20/onvif/device_service"));
        return;
    }
    // The clock first, without authentication (the spec allows it): the digest must
    // be dated with the device's time.
    call(
        m_device, QStringLiteral("GetSystemDateAndTime"),
        QStringLiteral("<tds:GetSystemDateAndTime/>"), false,
        [this](const XmlElement &env) {
            if (const auto t = Onvif::systemDateAndTime(env))
                m_result.clockOffsetSeconds = QDateTime::currentDateTimeUtc().secsTo(*t);
            getDeviceInformation();
        },
        [this](const QString &error) {
            if (error.startsWith(QLatin1String("Device did not answer")) ||
                error.startsWith(QLatin1String("Cannot reach")))
                return false;       // nobody there: say so now, not after another 5 s
            getDeviceInformation(); // some devices want auth even for this: try our clock
            return true;
        });
}

void OnvifClient::getDeviceInformation()
{
    call(m_device, QStringLiteral("GetDeviceInformation"),
         QStringLiteral("<tds:GetDeviceInformation/>"), true, [this](const XmlElement &env) {
             m_result.device = Onvif::deviceInformation(env);
             getServices();
         });
}

void OnvifClient::getServices()
{
    call(
        m_device, QStringLiteral("GetServices"),
        QStringLiteral("<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability>"
                       "</tds:GetServices>"),
        true,
        [this](const XmlElement &env) {
            const Onvif::Services s = Onvif::services(env);
            // Media 1 is the widely implemented one; Media 2 where it is all there is.
            m_media2 = s.media1.isEmpty() && !s.media2.isEmpty();
            m_result.mediaXAddr = m_media2 ? s.media2 : s.media1;
            if (m_result.mediaXAddr.isEmpty())
                getCapabilities();
            else
                getProfiles();
        },
        [this](const QString &error) {
            if (error == kWrongPassword)
                return false;
            getCapabilities(); // older devices: GetServices is optional before 2.x
            return true;
        });
}

void OnvifClient::getCapabilities()
{
    call(m_device, QStringLiteral("GetCapabilities"),
         QStringLiteral(
             "<tds:GetCapabilities><tds:Category>Media</tds:Category></tds:GetCapabilities>"),
         true, [this](const XmlElement &env) {
             m_result.mediaXAddr = Onvif::mediaXAddrFromCapabilities(env);
             m_media2 = false;
             if (m_result.mediaXAddr.isEmpty()) {
                 fail(QStringLiteral("The device has no media service (it cannot stream video)"));
                 return;
             }
             getProfiles();
         });
}

void OnvifClient::getProfiles()
{
    const QString body =
        m_media2 ? QStringLiteral("<tr2:GetProfiles><tr2:Type>All</tr2:Type></tr2:GetProfiles>")
                 : QStringLiteral("<trt:GetProfiles/>");
    call(QUrl(m_result.mediaXAddr), QStringLiteral("GetProfiles"), body, true,
         [this](const XmlElement &env) {
             for (const Onvif::MediaProfile &p : Onvif::profiles(env))
                 m_result.profiles.append(Profile{p, {}, {}});
             if (m_result.profiles.isEmpty()) {
                 fail(QStringLiteral("The device reports no media profiles"));
                 return;
             }
             getUris(0);
         });
}

void OnvifClient::getUris(int index)
{
    if (index >= m_result.profiles.size()) {
        // Profiles without a stream URI (e.g. audio-only) cannot be played.
        m_result.profiles.removeIf([](const Profile &p) { return p.streamUri.isEmpty(); });
        if (m_result.profiles.isEmpty()) {
            fail(QStringLiteral("The device gave no RTSP stream for any profile"));
            return;
        }
        m_done = true;
        m_result.ok = true;
        emit finished(m_result);
        return;
    }
    const QString token = m_result.profiles[index].media.token.toHtmlEscaped();
    const QString streamBody =
        m_media2
            ? QStringLiteral("<tr2:GetStreamUri><tr2:Protocol>RtspUnicast</tr2:Protocol>"
                             "<tr2:ProfileToken>%1</tr2:ProfileToken></tr2:GetStreamUri>")
                  .arg(token)
            : QStringLiteral("<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>"
                             "<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport>"
                             "</trt:StreamSetup><trt:ProfileToken>%1</trt:ProfileToken>"
                             "</trt:GetStreamUri>")
                  .arg(token);
    const QString snapshotBody =
        QStringLiteral(
            "<%1:GetSnapshotUri><%1:ProfileToken>%2</%1:ProfileToken></%1:GetSnapshotUri>")
            .arg(m_media2 ? QStringLiteral("tr2") : QStringLiteral("trt"), token);
    const QUrl media(m_result.mediaXAddr);
    call(
        media, QStringLiteral("GetStreamUri"), streamBody, true,
        [this, index, media, snapshotBody](const XmlElement &env) {
            m_result.profiles[index].streamUri = Onvif::uri(env);
            call(
                media, QStringLiteral("GetSnapshotUri"), snapshotBody, true,
                [this, index](const XmlElement &snap) {
                    m_result.profiles[index].snapshotUri = Onvif::uri(snap);
                    getUris(index + 1);
                },
                [this, index](const QString &) {
                    getUris(index + 1); // snapshots are optional
                    return true;
                });
        },
        [this, index](const QString &error) {
            if (error == kWrongPassword)
                return false;
            getUris(index + 1); // a profile without a stream (audio-only, metadata)
            return true;
        });
}

void OnvifClient::call(const QUrl &url, const QString &operation, const QString &body,
                       bool authenticate, OnAnswer onAnswer,
                       std::function<bool(const QString &)> onError)
{
    if (m_done)
        return;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/soap+xml; charset=utf-8"));
    request.setTransferTimeout(kTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    const QDateTime now = deviceNow();
    const QByteArray payload = Onvif::envelope(body, authenticate ? &m_credentials : nullptr, now);
    QNetworkReply *reply = m_network->post(request, payload);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxAnswerBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [=, this] {
        reply->deleteLater();
        if (m_done)
            return;
        const QByteArray data = reply->isOpen() ? reply->readAll() : QByteArray();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString error;
        std::optional<XmlElement> env;
        if (!data.isEmpty())
            env = XmlElement::parse(data, &error);
        const auto faultInfo = env ? Onvif::fault(*env) : std::nullopt;
        const QString where =
            url.host() + (url.port() > 0 ? u':' + QString::number(url.port()) : QString());

        QString problem;
        if (faultInfo) {
            problem = faultInfo->notAuthorized()
                          ? kWrongPassword
                          : QStringLiteral("The device refused %1: %2")
                                .arg(operation, faultInfo->reason.isEmpty() ? faultInfo->subcode
                                                                            : faultInfo->reason);
        } else if (reply->error() == QNetworkReply::OperationCanceledError ||
                   reply->error() == QNetworkReply::TimeoutError) {
            problem = QStringLiteral("Device did not answer in %1 s").arg(kTimeoutMs / 1000);
        } else if (status == 401 || reply->error() == QNetworkReply::AuthenticationRequiredError) {
            problem = kWrongPassword;
        } else if (reply->error() == QNetworkReply::ConnectionRefusedError) {
            problem =
                QStringLiteral("Cannot reach the device at %1: connection refused").arg(where);
        } else if (reply->error() == QNetworkReply::HostNotFoundError) {
            problem = QStringLiteral("Cannot reach the device: host %1 not found").arg(url.host());
        } else if (reply->error() != QNetworkReply::NoError && !env) {
            problem = QStringLiteral("Cannot reach the device at %1: %2")
                          .arg(where, reply->errorString());
        } else if (!env || !Onvif::body(*env)) {
            problem = QStringLiteral("The device's answer to %1 is not SOAP%2")
                          .arg(operation,
                               error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(error));
        }
        if (!problem.isEmpty()) {
            if (!onError || !onError(problem))
                fail(problem);
            return;
        }
        onAnswer(*env);
    });
}

} // namespace camhub
