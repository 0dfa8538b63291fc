#include "OnvifMessages.h"

#include "XmlElement.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>

namespace camhub::Onvif {

namespace {

const QString kNsSoap12 = QStringLiteral("http://www.w3.org/2003/05/soap-envelope");
const QString kNsSoap11 = QStringLiteral("http://schemas.xmlsoap.org/soap/envelope/");

QString escape(const QString &s)
{
    return s.toHtmlEscaped();
}

QString localPart(const QString &qname)
{
    const qsizetype colon = qname.lastIndexOf(u':');
    return colon >= 0 ? qname.mid(colon + 1) : qname;
}

int intText(const XmlElement *e, QStringView name)
{
    return e ? e->childText(name).toInt() : 0;
}

} // namespace

bool Fault::notAuthorized() const
{
    const QString s = subcode.toLower();
    return s.contains(QLatin1String("notauthorized")) ||
           s.contains(QLatin1String("failedauthentication")) ||
           reason.contains(QLatin1String("not authorized"), Qt::CaseInsensitive);
}

QByteArray passwordDigest(const QByteArray &nonce, const QString &created, const QString &password)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(nonce);
    sha1.addData(created.toUtf8());
    sha1.addData(password.toUtf8());
    return sha1.result().toBase64();
}

QByteArray envelope(const QString &body, const Credentials *credentials, const QDateTime &deviceNow)
{
    QString header;
    if (credentials && !credentials->username.isEmpty()) {
        QByteArray nonce(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
        const QDateTime now = deviceNow.isValid() ? deviceNow : QDateTime::currentDateTimeUtc();
        const QString created = now.toUTC().toString(Qt::ISODateWithMs);
        header =
            QStringLiteral(
                "<s:Header><wsse:Security s:mustUnderstand=\"1\"><wsse:UsernameToken>"
                "<wsse:Username>%1</wsse:Username>"
                "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/"
                "oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">%2</wsse:Password>"
                "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/"
                "oasis-200401-wss-soap-message-security-1.0#Base64Binary\">%3</wsse:Nonce>"
                "<wsu:Created>%4</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>")
                .arg(escape(credentials->username),
                     QString::fromLatin1(passwordDigest(nonce, created, credentials->password)),
                     QString::fromLatin1(nonce.toBase64()), created);
    }
    return QStringLiteral(
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
               "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
               " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\""
               " xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\""
               " xmlns:tr2=\"http://www.onvif.org/ver20/media/wsdl\""
               " xmlns:tt=\"http://www.onvif.org/ver10/schema\""
               " xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
               "oasis-200401-wss-wssecurity-secext-1.0.xsd\""
               " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/"
               "oasis-200401-wss-wssecurity-utility-1.0.xsd\">%1<s:Body>%2</s:Body></s:Envelope>")
        .arg(header, body)
        .toUtf8();
}

QByteArray probe(const QString &messageId)
{
    return QStringLiteral(
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
               "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
               " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
               " xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\""
               " xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
               "<s:Header>"
               "<a:Action "
               "s:mustUnderstand=\"1\">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</"
               "a:Action>"
               "<a:MessageID>%1</a:MessageID>"
               "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/"
               "anonymous</a:Address></a:ReplyTo>"
               "<a:To s:mustUnderstand=\"1\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
               "</s:Header>"
               "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
               "</s:Envelope>")
        .arg(messageId)
        .toUtf8();
}

const XmlElement *body(const XmlElement &envelope)
{
    if (envelope.name != QLatin1String("Envelope"))
        return nullptr;
    return envelope.child(u"Body");
}

std::optional<Fault> fault(const XmlElement &envelope)
{
    const XmlElement *b = body(envelope);
    const XmlElement *f = b ? b->child(u"Fault") : nullptr;
    if (!f)
        return std::nullopt;
    Fault out;
    if (f->ns == kNsSoap11 || f->child(u"faultstring")) {
        out.code = localPart(f->childText(u"faultcode"));
        out.reason = f->childText(u"faultstring");
        if (const XmlElement *d = f->find(u"detail"))
            out.subcode = d->text;
        return out;
    }
    if (const XmlElement *code = f->child(u"Code")) {
        out.code = localPart(code->childText(u"Value"));
        // The innermost Subcode is the most specific (ter:NotAuthorized, ...).
        const XmlElement *sub = code->child(u"Subcode");
        while (sub) {
            out.subcode = localPart(sub->childText(u"Value"));
            sub = sub->child(u"Subcode");
        }
    }
    if (const XmlElement *reason = f->child(u"Reason")) {
        const QList<const XmlElement *> texts = reason->childrenNamed(u"Text");
        for (const XmlElement *t : texts)
            if (t->attribute(QStringLiteral("lang")).startsWith(QLatin1String("en")) ||
                out.reason.isEmpty())
                out.reason = t->text;
    }
    return out;
}

std::optional<QDateTime> systemDateAndTime(const XmlElement &envelope)
{
    const XmlElement *sdt = envelope.find(u"SystemDateAndTime");
    if (!sdt)
        return std::nullopt;
    const XmlElement *dt = sdt->child(u"UTCDateTime");
    const bool utc = dt != nullptr;
    if (!dt)
        dt = sdt->child(u"LocalDateTime");
    if (!dt)
        return std::nullopt;
    const XmlElement *date = dt->child(u"Date");
    const XmlElement *time = dt->child(u"Time");
    if (!date || !time)
        return std::nullopt;
    const QDate d(intText(date, u"Year"), intText(date, u"Month"), intText(date, u"Day"));
    const QTime t(intText(time, u"Hour"), intText(time, u"Minute"), intText(time, u"Second"));
    if (!d.isValid() || !t.isValid())
        return std::nullopt;
    QDateTime result(d, t, Qt::UTC);
    if (!utc) {
        // Only local time: read the POSIX TZ offset if there is one ("CET-1", "EST5EDT").
        const XmlElement *tz = sdt->find(u"TZ");
        static const QRegularExpression offset(
            QStringLiteral("^[A-Za-z<>+\\-0-9]*?[A-Za-z>]([+-]?\\d{1,2})(?::(\\d\\d))?"));
        const auto m = tz ? offset.match(tz->text) : QRegularExpressionMatch();
        if (m.hasMatch()) {
            // POSIX offsets are west-positive: local + offset = UTC.
            const int hours = m.captured(1).toInt();
            const int minutes = m.captured(2).toInt() * (hours < 0 ? -1 : 1);
            result = result.addSecs(hours * 3600 + minutes * 60);
        }
    }
    return result;
}

DeviceInfo deviceInformation(const XmlElement &envelope)
{
    DeviceInfo info;
    const XmlElement *r = envelope.find(u"GetDeviceInformationResponse");
    if (!r)
        return info;
    info.manufacturer = r->childText(u"Manufacturer");
    info.model = r->childText(u"Model");
    info.firmware = r->childText(u"FirmwareVersion");
    info.serial = r->childText(u"SerialNumber");
    info.hardwareId = r->childText(u"HardwareId");
    return info;
}

Services services(const XmlElement &envelope)
{
    Services out;
    for (const XmlElement *s : envelope.findAll(u"Service")) {
        const QString ns = s->childText(u"Namespace");
        if (ns == QLatin1String(kNsMedia1))
            out.media1 = s->childText(u"XAddr");
        else if (ns == QLatin1String(kNsMedia2))
            out.media2 = s->childText(u"XAddr");
    }
    return out;
}

QString mediaXAddrFromCapabilities(const XmlElement &envelope)
{
    const XmlElement *caps = envelope.find(u"Capabilities");
    const XmlElement *media = caps ? caps->child(u"Media") : nullptr;
    return media ? media->childText(u"XAddr") : QString();
}

QList<MediaProfile> profiles(const XmlElement &envelope)
{
    QList<MediaProfile> out;
    const XmlElement *b = body(envelope);
    const XmlElement *response = b && !b->children.isEmpty() ? b->children.first().get() : nullptr;
    if (!response)
        return out;
    for (const XmlElement *p : response->childrenNamed(u"Profiles")) {
        MediaProfile mp;
        mp.token = p->attribute(QStringLiteral("token"));
        mp.name = p->childText(u"Name");
        const XmlElement *enc = p->find(u"VideoEncoderConfiguration");
        if (!enc)
            enc = p->find(u"VideoEncoder"); // ver20: Configurations/VideoEncoder
        if (enc) {
            mp.encoding = enc->childText(u"Encoding");
            if (mp.encoding.isEmpty())
                mp.encoding = enc->attribute(QStringLiteral("Encoding"));
            if (const XmlElement *res = enc->child(u"Resolution")) {
                mp.width = res->childText(u"Width").toInt();
                mp.height = res->childText(u"Height").toInt();
            }
        }
        if (!mp.token.isEmpty())
            out.append(mp);
    }
    return out;
}

QString uri(const XmlElement &envelope)
{
    const XmlElement *b = body(envelope);
    const XmlElement *u = b ? b->find(u"Uri") : nullptr;
    return u ? u->text : QString();
}

QList<ProbeMatch> probeMatches(const XmlElement &envelope)
{
    QList<ProbeMatch> out;
    for (const XmlElement *m : envelope.findAll(u"ProbeMatch")) {
        ProbeMatch pm;
        if (const XmlElement *epr = m->child(u"EndpointReference"))
            pm.endpoint = epr->childText(u"Address");
        pm.xaddrs = m->childText(u"XAddrs").split(u' ', Qt::SkipEmptyParts);
        pm.scopes = m->childText(u"Scopes").split(u' ', Qt::SkipEmptyParts);
        pm.types = m->childText(u"Types").split(u' ', Qt::SkipEmptyParts);
        for (const QString &scope : std::as_const(pm.scopes)) {
            static const QString name = QStringLiteral("onvif://www.onvif.org/name/");
            static const QString hardware = QStringLiteral("onvif://www.onvif.org/hardware/");
            if (scope.startsWith(name, Qt::CaseInsensitive))
                pm.name = QUrl::fromPercentEncoding(scope.mid(name.size()).toUtf8());
            else if (scope.startsWith(hardware, Qt::CaseInsensitive))
                pm.hardware = QUrl::fromPercentEncoding(scope.mid(hardware.size()).toUtf8());
        }
        if (!pm.xaddrs.isEmpty())
            out.append(pm);
    }
    return out;
}

} // namespace camhub::Onvif
