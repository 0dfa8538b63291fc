#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace camhub {

struct XmlElement;

// ONVIF and WS-Discovery messages: building requests and reading answers. Pure
// functions, no I/O, so every device dialect can be unit-tested.
namespace Onvif {

inline constexpr char kNsDevice[] = "http://www.onvif.org/ver10/device/wsdl";
inline constexpr char kNsMedia1[] = "http://www.onvif.org/ver10/media/wsdl";
inline constexpr char kNsMedia2[] = "http://www.onvif.org/ver20/media/wsdl";

struct Credentials
{
    QString username;
    QString password;
};

struct Fault
{
    QString code;
    QString subcode; // e.g. "ter:NotAuthorized" (local name kept after the prefix)
    QString reason;
    bool notAuthorized() const;
};

struct DeviceInfo
{
    QString manufacturer;
    QString model;
    QString firmware;
    QString serial;
    QString hardwareId;
};

struct Services
{
    QString media1; // XAddr of the ver10 media service
    QString media2; // XAddr of the ver20 media service
};

struct MediaProfile
{
    QString token;
    QString name;
    QString encoding; // H264, H265, JPEG, ... ("" when the profile has no video encoder)
    int width = 0;
    int height = 0;
};

struct ProbeMatch
{
    QString endpoint; // urn:uuid:...
    QStringList xaddrs;
    QStringList scopes;
    QStringList types;
    QString name;     // from onvif://www.onvif.org/name/...
    QString hardware; // from onvif://www.onvif.org/hardware/...
};

// --- requests ---
// A SOAP 1.2 envelope around body (which may use the prefixes tds, trt, tr2, tt).
// With credentials, a WS-Security UsernameToken with PasswordDigest dated with the
// device's clock (deviceNow), as devices reject tokens more than a few minutes off.
QByteArray envelope(const QString &body, const Credentials *credentials = nullptr,
                    const QDateTime &deviceNow = {});
// Base64(SHA-1(nonce + created + password)), per the UsernameToken Profile 1.0.
QByteArray passwordDigest(const QByteArray &nonce, const QString &created, const QString &password);
QByteArray probe(const QString &messageId);

// --- answers (each takes the parsed envelope) ---
std::optional<Fault> fault(const XmlElement &envelope);
const XmlElement *body(const XmlElement &envelope);
std::optional<QDateTime> systemDateAndTime(const XmlElement &envelope); // UTC
DeviceInfo deviceInformation(const XmlElement &envelope);
Services services(const XmlElement &envelope);
QString mediaXAddrFromCapabilities(const XmlElement &envelope);
QList<MediaProfile> profiles(const XmlElement &envelope); // ver10 and ver20
QString uri(const XmlElement &envelope); // GetStreamUri / GetSnapshotUri, ver10 and ver20
QList<ProbeMatch> probeMatches(const XmlElement &envelope);

} // namespace Onvif
} // namespace camhub
