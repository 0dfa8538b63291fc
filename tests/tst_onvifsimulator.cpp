// Self-test of the test doubles for camhub's ONVIF client: OnvifSimulator (a fake
// ONVIF device over real HTTP on loopback) and WsDiscoveryResponder (WS-Discovery
// ProbeMatches, in-process on loopback and as the wsd_responder program inside a
// network namespace). Also checks that every XML fixture in tests/data/onvif is a
// well-formed SOAP envelope.
#include "NetNamespace.h"
#include "OnvifNamespaces.h"
#include "OnvifSimulator.h"
#include "RawHttp.h"
#include "WsDiscoveryResponder.h"

#include <QAuthenticator>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>
#include <QUuid>
#include <QXmlStreamReader>
#include <memory>

namespace {

using namespace OnvifNs;

// A namespace-aware element tree of an answer, for assertions.
struct XmlNode
{
    QString ns;
    QString name;
    QXmlStreamAttributes attributes;
    QString text;
    QHash<QString, QString> inScope; // prefix -> namespace
    QList<std::shared_ptr<XmlNode>> children;

    const XmlNode *child(const QString &cns, const QString &cname) const
    {
        for (const auto &c : children)
            if (c->ns == cns && c->name == cname)
                return c.get();
        return nullptr;
    }
    void findAll(const QString &fns, const QString &fname, QList<const XmlNode *> *out) const
    {
        if (ns == fns && name == fname)
            out->append(this);
        for (const auto &c : children)
            c->findAll(fns, fname, out);
    }
    QList<const XmlNode *> all(const QString &fns, const QString &fname) const
    {
        QList<const XmlNode *> out;
        findAll(fns, fname, &out);
        return out;
    }
    QString first(const QString &fns, const QString &fname) const
    {
        const auto list = all(fns, fname);
        return list.isEmpty() ? QString() : list.first()->text.trimmed();
    }
    // The text as a QName, expanded: "{namespace}local".
    QString qname() const
    {
        const QString t = text.trimmed();
        const qsizetype colon = t.indexOf(u':');
        const QString prefix = colon < 0 ? QString() : t.left(colon);
        return u'{' + inScope.value(prefix) + u'}' + t.mid(colon + 1);
    }
};

std::shared_ptr<XmlNode> parseXml(const QByteArray &data, QString *error = nullptr)
{
    QXmlStreamReader r(data);
    std::shared_ptr<XmlNode> root;
    QList<XmlNode *> stack;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            auto n = std::make_shared<XmlNode>();
            n->ns = r.namespaceUri().toString();
            n->name = r.name().toString();
            n->attributes = r.attributes();
            n->inScope = stack.isEmpty() ? QHash<QString, QString>() : stack.last()->inScope;
            for (const auto &d : r.namespaceDeclarations())
                n->inScope.insert(d.prefix().toString(), d.namespaceUri().toString());
            if (stack.isEmpty())
                root = n;
            else
                stack.last()->children.append(n);
            stack.append(n.get());
        } else if (r.isCharacters() && !stack.isEmpty()) {
            stack.last()->text += r.text();
        } else if (r.isEndElement()) {
            stack.removeLast();
        }
    }
    if (r.hasError()) {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(r.lineNumber()).arg(r.errorString());
        return nullptr;
    }
    return root;
}

// Code and subcodes of a SOAP 1.2 fault, expanded: {"{soap}Sender", "{ter}NotAuthorized"}.
QStringList faultCodes(const XmlNode &envelope)
{
    QStringList out;
    const auto faults = envelope.all(kSoap12, QStringLiteral("Fault"));
    if (faults.isEmpty())
        return out;
    const XmlNode *code = faults.first()->child(kSoap12, QStringLiteral("Code"));
    while (code) {
        if (const XmlNode *v = code->child(kSoap12, QStringLiteral("Value")))
            out.append(v->qname());
        code = code->child(kSoap12, QStringLiteral("Subcode"));
    }
    return out;
}

QByteArray envelope(const QByteArray &body, const QByteArray &header = {})
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
           "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
           " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\""
           " xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\""
           " xmlns:tr2=\"http://www.onvif.org/ver20/media/wsdl\""
           " xmlns:tt=\"http://www.onvif.org/ver10/schema\">" +
           (header.isEmpty() ? QByteArray() : "<s:Header>" + header + "</s:Header>") + "<s:Body>" +
           body + "</s:Body></s:Envelope>";
}

QByteArray randomBytes(int n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (int i = 0; i < n; ++i)
        b[i] = char(QRandomGenerator::global()->bounded(256));
    return b;
}

// wsse:Security with a UsernameToken exactly as UsernameToken Profile 1.0 describes it.
QByteArray usernameTokenAt(const QString &user, const QString &password,
                           const QByteArray &createdText, const QByteArray &nonce = randomBytes(16))
{
    const QByteArray digest =
        QCryptographicHash::hash(nonce + createdText + password.toUtf8(), QCryptographicHash::Sha1)
            .toBase64();
    return "<wsse:Security s:mustUnderstand=\"1\""
           " xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
           "oasis-200401-wss-wssecurity-secext-1.0.xsd\""
           " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/"
           "oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
           "<wsse:UsernameToken><wsse:Username>" +
           user.toUtf8() +
           "</wsse:Username>"
           "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/"
           "oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">" +
           digest +
           "</wsse:Password>"
           "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/"
           "oasis-200401-wss-soap-message-security-1.0#Base64Binary\">" +
           nonce.toBase64() + "</wsse:Nonce><wsu:Created>" + createdText +
           "</wsu:Created></wsse:UsernameToken></wsse:Security>";
}

QByteArray usernameToken(const QString &user, const QString &password, const QDateTime &created,
                         const QByteArray &nonce = randomBytes(16))
{
    return usernameTokenAt(user, password, created.toUTC().toString(Qt::ISODateWithMs).toUtf8(),
                           nonce);
}

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray contentType;
    std::shared_ptr<XmlNode> xml;
};

Reply post(QNetworkAccessManager &nam, const QString &url, const QByteArray &soap,
           int transferTimeoutMs = 0)
{
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArray("application/soap+xml; charset=utf-8"));
    if (transferTimeoutMs > 0)
        request.setTransferTimeout(transferTimeoutMs);
    std::unique_ptr<QNetworkReply> reply(nam.post(request, soap));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.error = reply->error();
    if (reply->isOpen())
        r.body = reply->readAll();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.xml = parseXml(r.body);
    return r;
}

QByteArray rawSoapPost(quint16 port, const QByteArray &path, const QByteArray &soap)
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
           "\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: " +
           QByteArray::number(soap.size()) + "\r\nConnection: close\r\n\r\n" + soap;
}

QString fixturesDir()
{
    return QDir(QStringLiteral(CAMHUB_FIXTURES_DIR "/../data/onvif")).absolutePath();
}

} // namespace

class tst_OnvifSimulator final : public QObject
{
    Q_OBJECT

private slots:
    void systemDateAndTimeNeedsNoAuthAndShowsTheOffsetClock();
    void passwordDigestIsAccepted();
    void wrongPasswordIsNotAuthorized();
    void missingTokenIsNotAuthorized();
    void createdMustBeCloseToTheDeviceClock();
    void reusedNonceIsRefused();
    void httpDigestIsDemandedAndAccepted();
    void httpDigestWrongPassword();
    void capabilitiesAndServices();
    void media1StreamAndSnapshotUris();
    void media2ProfilesAndUris();
    void namespacePrefixVariants_data();
    void namespacePrefixVariants();
    void unknownOperationAndConfiguredFault();
    void soap11IsAVersionMismatch();
    void answerDelayAndOwnThread();
    void discoveryOnLoopback();
    void discoveryInNamespace();
    void fixturesAreWellFormed();
};

void tst_OnvifSimulator::systemDateAndTimeNeedsNoAuthAndShowsTheOffsetClock()
{
    OnvifSimulator::Options o;
    o.clockOffsetSeconds = 3600 * 5 + 17;
    OnvifSimulator sim(o);
    QString error;
    QVERIFY2(sim.start(&error), qPrintable(error));
    QNetworkAccessManager nam;
    const Reply r = post(nam, sim.deviceUrl(), envelope("<tds:GetSystemDateAndTime/>"));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.contentType.startsWith("application/soap+xml"), r.contentType.constData());
    QVERIFY(r.xml);
    const auto utcNodes = r.xml->all(kTt, QStringLiteral("UTCDateTime"));
    QCOMPARE(utcNodes.size(), 1);
    const XmlNode *utc = utcNodes.first();
    const XmlNode *date = utc->child(kTt, QStringLiteral("Date"));
    const XmlNode *time = utc->child(kTt, QStringLiteral("Time"));
    QVERIFY(date && time);
    const QDateTime reported(QDate(date->first(kTt, QStringLiteral("Year")).toInt(),
                                   date->first(kTt, QStringLiteral("Month")).toInt(),
                                   date->first(kTt, QStringLiteral("Day")).toInt()),
                             QTime(time->first(kTt, QStringLiteral("Hour")).toInt(),
                                   time->first(kTt, QStringLiteral("Minute")).toInt(),
                                   time->first(kTt, QStringLiteral("Second")).toInt()),
                             Qt::UTC);
    QVERIFY(reported.isValid());
    const qint64 offset = QDateTime::currentDateTimeUtc().secsTo(reported);
    QVERIFY2(qAbs(offset - o.clockOffsetSeconds) <= 2, qPrintable(QString::number(offset)));
    QCOMPARE(r.xml->first(kTt, QStringLiteral("DateTimeType")), QStringLiteral("Manual"));
    QCOMPARE(sim.requestCount(QStringLiteral("GetSystemDateAndTime")), 1);
    QCOMPARE(sim.authFailures(), 0);

    // Some devices report only the local time.
    o.reportUtc = false;
    o.timeZone = QStringLiteral("CET-1CEST,M3.5.0,M10.5.0/3");
    o.localTimeOffsetSeconds = 3600;
    sim.setOptions(o);
    const Reply local = post(nam, sim.deviceUrl(), envelope("<tds:GetSystemDateAndTime/>"));
    QCOMPARE(local.status, 200);
    QVERIFY(local.xml->all(kTt, QStringLiteral("UTCDateTime")).isEmpty());
    QCOMPARE(local.xml->all(kTt, QStringLiteral("LocalDateTime")).size(), 1);
    QCOMPARE(local.xml->first(kTt, QStringLiteral("TZ")), o.timeZone);
}

void tst_OnvifSimulator::passwordDigestIsAccepted()
{
    OnvifSimulator sim;
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    const QByteArray header =
        usernameToken(QStringLiteral("admin"), QStringLiteral("secret"), sim.deviceTime());
    const Reply r = post(nam, sim.mediaUrl(), envelope("<trt:GetProfiles/>", header));
    QVERIFY2(r.status == 200, r.body.constData());
    QVERIFY(r.xml);
    const auto profiles = r.xml->all(kTrt, QStringLiteral("Profiles"));
    QCOMPARE(profiles.size(), 2);
    QCOMPARE(profiles[0]->attributes.value(QLatin1String("token")).toString(),
             QStringLiteral("Profile_1"));
    QCOMPARE(profiles[1]->attributes.value(QLatin1String("token")).toString(),
             QStringLiteral("Profile_2"));
    const XmlNode *vec = profiles[0]->child(kTt, QStringLiteral("VideoEncoderConfiguration"));
    QVERIFY(vec);
    QCOMPARE(vec->first(kTt, QStringLiteral("Encoding")), QStringLiteral("H264"));
    QCOMPARE(vec->child(kTt, QStringLiteral("Resolution"))->first(kTt, QStringLiteral("Width")),
             QStringLiteral("1920"));
    QCOMPARE(profiles[1]->first(kTt, QStringLiteral("Encoding")), QStringLiteral("H265"));
    QCOMPARE(sim.authorizedCount(QStringLiteral("GetProfiles")), 1);
    QCOMPARE(sim.authFailures(), 0);
}

void tst_OnvifSimulator::wrongPasswordIsNotAuthorized()
{
    OnvifSimulator sim;
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    const QByteArray header =
        usernameToken(QStringLiteral("admin"), QStringLiteral("wrong"), sim.deviceTime());
    const Reply r = post(nam, sim.mediaUrl(), envelope("<trt:GetProfiles/>", header));
    QCOMPARE(r.status, 400);
    QVERIFY(r.xml);
    QCOMPARE(faultCodes(*r.xml), (QStringList{u'{' + kSoap12 + QStringLiteral("}Sender"),
                                              u'{' + kTer + QStringLiteral("}NotAuthorized")}));
    QCOMPARE(r.xml->first(kSoap12, QStringLiteral("Text")),
             QStringLiteral("Sender not Authorized"));
    QCOMPARE(sim.authFailures(), 1);
    QCOMPARE(sim.lastAuthFailure(), QStringLiteral("wrong PasswordDigest"));
    QCOMPARE(sim.requestCount(QStringLiteral("GetProfiles")), 1);
    QCOMPARE(sim.authorizedCount(QStringLiteral("GetProfiles")), 0);

    // Some devices answer 401 instead.
    OnvifSimulator::Options o = sim.options();
    o.authFaultHttpStatus = 401;
    sim.setOptions(o);
    QCOMPARE(post(nam, sim.mediaUrl(), envelope("<trt:GetProfiles/>", header)).status, 401);
}

void tst_OnvifSimulator::missingTokenIsNotAuthorized()
{
    OnvifSimulator sim;
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    const Reply r = post(nam, sim.deviceUrl(), envelope("<tds:GetDeviceInformation/>"));
    QCOMPARE(r.status, 400);
    QCOMPARE(faultCodes(*r.xml).value(1), u'{' + kTer + QStringLiteral("}NotAuthorized"));
    QCOMPARE(sim.authFailures(), 1);
    QVERIFY(sim.lastAuthFailure().contains(QLatin1String("no wsse:Security")));

    // Without authentication at all, the same request passes.
    OnvifSimulator::Options o;
    o.auth = OnvifSimulator::Auth::None;
    o.manufacturer = QStringLiteral("ACME & Sons <Cameras>");
    sim.setOptions(o);
    const Reply open = post(nam, sim.deviceUrl(), envelope("<tds:GetDeviceInformation/>"));
    QCOMPARE(open.status, 200);
    QCOMPARE(open.xml->first(kTds, QStringLiteral("Manufacturer")), o.manufacturer);
    QCOMPARE(open.xml->first(kTds, QStringLiteral("SerialNumber")), o.serial);
    QCOMPARE(open.xml->first(kTds, QStringLiteral("HardwareId")), o.hardwareId);
}

void tst_OnvifSimulator::createdMustBeCloseToTheDeviceClock()
{
    OnvifSimulator::Options o;
    o.clockOffsetSeconds = -7200; // the camera is two hours behind
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    const QByteArray body = "<tds:GetDeviceInformation/>";

    // A client that ignores the device's clock is refused...
    const QDateTime hostNow = QDateTime::currentDateTimeUtc();
    Reply r =
        post(nam, sim.deviceUrl(), envelope(body, usernameToken(o.username, o.password, hostNow)));
    QCOMPARE(r.status, 400);
    QVERIFY2(sim.lastAuthFailure().contains(QLatin1String("away from the device clock")),
             qPrintable(sim.lastAuthFailure()));
    // ...one that uses it is accepted...
    r = post(nam, sim.deviceUrl(),
             envelope(body, usernameToken(o.username, o.password, hostNow.addSecs(-7200))));
    QCOMPARE(r.status, 200);
    // ...and a token created 6 minutes before the device's now is stale.
    r = post(nam, sim.deviceUrl(),
             envelope(body, usernameToken(o.username, o.password, sim.deviceTime().addSecs(-360))));
    QCOMPARE(r.status, 400);
    r = post(nam, sim.deviceUrl(),
             envelope(body, usernameToken(o.username, o.password, sim.deviceTime().addSecs(-240))));
    QCOMPARE(r.status, 200);
    QCOMPARE(sim.authFailures(), 2);

    // Other legal xsd:dateTime forms: more fraction digits, a numeric offset.
    const QDateTime dev = sim.deviceTime();
    for (const QString &created :
         {dev.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz")) + QStringLiteral("4567Z"),
          dev.toOffsetFromUtc(2 * 3600).toString(Qt::ISODate)}) {
        r = post(nam, sim.deviceUrl(),
                 envelope(body, usernameTokenAt(o.username, o.password, created.toUtf8())));
        QVERIFY2(r.status == 200,
                 qPrintable(created + QStringLiteral(": ") + sim.lastAuthFailure()));
    }
}

void tst_OnvifSimulator::reusedNonceIsRefused()
{
    OnvifSimulator sim;
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    const QByteArray token =
        usernameToken(QStringLiteral("admin"), QStringLiteral("secret"), sim.deviceTime());
    QCOMPARE(post(nam, sim.deviceUrl(), envelope("<tds:GetDeviceInformation/>", token)).status,
             200);
    QCOMPARE(post(nam, sim.deviceUrl(), envelope("<tds:GetDeviceInformation/>", token)).status,
             400);
    QCOMPARE(sim.lastAuthFailure(), QStringLiteral("wsse:Nonce reused"));
}

void tst_OnvifSimulator::httpDigestIsDemandedAndAccepted()
{
    OnvifSimulator::Options o;
    o.auth = OnvifSimulator::Auth::HttpDigest;
    OnvifSimulator sim(o);
    QVERIFY(sim.start());

    // The challenge, seen raw.
    OnvifSimulator raw(o);
    QVERIFY(raw.startInThread());
    const RawResponse challenge =
        RawHttp::exchange(raw.port(), rawSoapPost(raw.port(), "/onvif/media_service",
                                                  envelope("<trt:GetProfiles/>")));
    QCOMPARE(challenge.status, 401);
    const QByteArray wwwAuth = challenge.header("WWW-Authenticate");
    QVERIFY2(wwwAuth.startsWith("Digest ") && wwwAuth.contains("qop=\"auth\"") &&
                 wwwAuth.contains("nonce=\"") && wwwAuth.contains("realm=\"ONVIF Simulator\"") &&
                 wwwAuth.contains("algorithm=MD5"),
             wwwAuth.constData());
    QCOMPARE(raw.digestChallenges(), 1);
    QCOMPARE(raw.authFailures(), 0);

    QNetworkAccessManager nam;
    int asked = 0;
    connect(&nam, &QNetworkAccessManager::authenticationRequired, this,
            [&](QNetworkReply *, QAuthenticator *auth) {
                ++asked;
                QCOMPARE(auth->realm(), o.digestRealm);
                auth->setUser(o.username);
                auth->setPassword(o.password);
            });
    // WS-Security alone does not satisfy a Digest device; QNAM answers the challenge.
    const QByteArray header = usernameToken(o.username, o.password, sim.deviceTime());
    const Reply r = post(nam, sim.mediaUrl(), envelope("<trt:GetProfiles/>", header));
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.xml->all(kTrt, QStringLiteral("Profiles")).size(), 2);
    QCOMPARE(asked, 1);
    QCOMPARE(sim.digestChallenges(), 1);
    QCOMPARE(sim.requestCount(QStringLiteral("GetProfiles")), 2); // challenged, then answered
    QCOMPARE(sim.authorizedCount(QStringLiteral("GetProfiles")), 1);
    const auto requests = sim.requests();
    QVERIFY(requests.last().authorization.startsWith("Digest "));
    QCOMPARE(requests.last().httpStatus, 200);
    // QNAM keeps the credentials and answers the next request's challenge by itself.
    const Reply again = post(nam, sim.deviceUrl(), envelope("<tds:GetDeviceInformation/>"));
    QCOMPARE(again.status, 200);
    QCOMPARE(asked, 1);
    QCOMPARE(sim.authorizedCount(QStringLiteral("GetDeviceInformation")), 1);
    QVERIFY(sim.requests().last().authorization.startsWith("Digest "));

    // GetSystemDateAndTime needs nothing, even here.
    QNetworkAccessManager fresh;
    QCOMPARE(post(fresh, sim.deviceUrl(), envelope("<tds:GetSystemDateAndTime/>")).status, 200);
    QCOMPARE(sim.authFailures(), 0);
}

void tst_OnvifSimulator::httpDigestWrongPassword()
{
    OnvifSimulator::Options o;
    o.auth = OnvifSimulator::Auth::HttpDigest;
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    int asked = 0;
    connect(&nam, &QNetworkAccessManager::authenticationRequired, this,
            [&](QNetworkReply *, QAuthenticator *auth) {
                if (++asked > 1)
                    return; // give up: QNAM then fails with AuthenticationRequiredError
                auth->setUser(o.username);
                auth->setPassword(QStringLiteral("wrong"));
            });
    const Reply r = post(nam, sim.deviceUrl(), envelope("<tds:GetDeviceInformation/>"));
    QCOMPARE(r.status, 401);
    QCOMPARE(r.error, QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(sim.authFailures(), 1);
    QVERIFY2(sim.lastAuthFailure().contains(QLatin1String("wrong response")),
             qPrintable(sim.lastAuthFailure()));
}

void tst_OnvifSimulator::capabilitiesAndServices()
{
    OnvifSimulator::Options o;
    o.auth = OnvifSimulator::Auth::None;
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;

    Reply r = post(
        nam, sim.deviceUrl(),
        envelope("<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>"));
    QCOMPARE(r.status, 200);
    const XmlNode *media = r.xml->all(kTt, QStringLiteral("Media")).value(0);
    QVERIFY(media);
    QCOMPARE(media->first(kTt, QStringLiteral("XAddr")), sim.mediaUrl());
    QCOMPARE(sim.mediaUrl(),
             QStringLiteral("http://127.0.0.1:%1/onvif/media_service").arg(sim.port()));

    r = post(
        nam, sim.deviceUrl(),
        envelope("<tds:GetCapabilities><tds:Category>PTZ</tds:Category></tds:GetCapabilities>"));
    QCOMPARE(r.status, 500);
    QCOMPARE(faultCodes(*r.xml).value(2), u'{' + kTer + QStringLiteral("}NoSuchService"));

    // GetServices lists the namespaces a client picks its media service by.
    o.bothMediaServices = true;
    sim.setOptions(o);
    r = post(nam, sim.deviceUrl(),
             envelope("<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></"
                      "tds:GetServices>"));
    QCOMPARE(r.status, 200);
    QStringList namespaces;
    QHash<QString, QString> xaddrs;
    for (const XmlNode *s : r.xml->all(kTds, QStringLiteral("Service"))) {
        namespaces << s->first(kTds, QStringLiteral("Namespace"));
        xaddrs.insert(namespaces.last(), s->first(kTds, QStringLiteral("XAddr")));
        QVERIFY(!s->child(kTds, QStringLiteral("Capabilities")));
        QVERIFY(s->child(kTds, QStringLiteral("Version"))->child(kTt, QStringLiteral("Major")));
    }
    QCOMPARE(namespaces, (QStringList{kTds, kTrt, kTr2}));
    QCOMPARE(xaddrs.value(kTr2), sim.media2Url());
    r = post(nam, sim.deviceUrl(),
             envelope("<tds:GetServices><tds:IncludeCapability>true</tds:IncludeCapability></"
                      "tds:GetServices>"));
    QCOMPARE(r.xml->all(kTr2, QStringLiteral("Capabilities")).size(), 1);
    QCOMPARE(r.xml->all(kTrt, QStringLiteral("Capabilities")).size(), 1);

    // A media2-only device: no ver10 media anywhere.
    o.bothMediaServices = false;
    o.mediaVersion = 2;
    sim.setOptions(o);
    r = post(nam, sim.deviceUrl(),
             envelope("<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></"
                      "tds:GetServices>"));
    namespaces.clear();
    for (const XmlNode *s : r.xml->all(kTds, QStringLiteral("Service")))
        namespaces << s->first(kTds, QStringLiteral("Namespace"));
    QCOMPARE(namespaces, (QStringList{kTds, kTr2}));
    QCOMPARE(post(nam, sim.mediaUrl(), envelope("<trt:GetProfiles/>")).status, 404);
}

void tst_OnvifSimulator::media1StreamAndSnapshotUris()
{
    OnvifSimulator::Options o;
    o.auth = OnvifSimulator::Auth::None;
    o.profiles[0].rtspUri = QStringLiteral("rtsp://127.0.0.1:8554/main?a=1&b=2");
    o.profiles[1].hasVideoEncoder = false;
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    Reply r = post(
        nam, sim.mediaUrl(),
        envelope("<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>"
                 "<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>"
                 "<trt:ProfileToken>Profile_1</trt:ProfileToken></trt:GetStreamUri>"));
    QCOMPARE(r.status, 200);
    const XmlNode *uri = r.xml->all(kTrt, QStringLiteral("MediaUri")).value(0);
    QVERIFY(uri);
    QCOMPARE(uri->first(kTt, QStringLiteral("Uri")), o.profiles[0].rtspUri);
    QCOMPARE(uri->first(kTt, QStringLiteral("InvalidAfterConnect")), QStringLiteral("false"));

    r = post(
        nam, sim.mediaUrl(),
        envelope("<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Multicast</tt:Stream>"
                 "<tt:Transport><tt:Protocol>UDP</tt:Protocol></tt:Transport></trt:StreamSetup>"
                 "<trt:ProfileToken>Profile_1</trt:ProfileToken></trt:GetStreamUri>"));
    QCOMPARE(r.status, 400);
    QCOMPARE(faultCodes(*r.xml).value(2), u'{' + kTer + QStringLiteral("}InvalidStreamSetup"));

    r = post(
        nam, sim.mediaUrl(),
        envelope(
            "<trt:GetSnapshotUri><trt:ProfileToken>nope</trt:ProfileToken></trt:GetSnapshotUri>"));
    QCOMPARE(r.status, 400);
    QCOMPARE(faultCodes(*r.xml).value(2), u'{' + kTer + QStringLiteral("}NoProfile"));
    r = post(nam, sim.mediaUrl(),
             envelope("<trt:GetSnapshotUri><trt:ProfileToken>Profile_2</trt:ProfileToken></"
                      "trt:GetSnapshotUri>"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.xml->first(kTt, QStringLiteral("Uri")),
             sim.baseUrl() + QStringLiteral("/onvif/snapshot?token=Profile_2"));

    r = post(nam, sim.mediaUrl(), envelope("<trt:GetProfiles/>"));
    const auto profiles = r.xml->all(kTrt, QStringLiteral("Profiles"));
    QCOMPARE(profiles.size(), 2);
    QVERIFY(profiles[0]->child(kTt, QStringLiteral("VideoEncoderConfiguration")));
    QVERIFY(!profiles[1]->child(kTt, QStringLiteral("VideoEncoderConfiguration")));
    QVERIFY(profiles[1]->child(kTt, QStringLiteral("VideoSourceConfiguration")));
}

void tst_OnvifSimulator::media2ProfilesAndUris()
{
    OnvifSimulator::Options o;
    o.mediaVersion = 2;
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    auto token = [&] { return usernameToken(o.username, o.password, sim.deviceTime()); };
    Reply r =
        post(nam, sim.media2Url(),
             envelope("<tr2:GetProfiles><tr2:Type>All</tr2:Type></tr2:GetProfiles>", token()));
    QVERIFY2(r.status == 200, r.body.constData());
    const auto profiles = r.xml->all(kTr2, QStringLiteral("Profiles"));
    QCOMPARE(profiles.size(), 2);
    QCOMPARE(profiles[1]->first(kTr2, QStringLiteral("Name")), QStringLiteral("subStream"));
    const XmlNode *enc = profiles[1]
                             ->child(kTr2, QStringLiteral("Configurations"))
                             ->child(kTr2, QStringLiteral("VideoEncoder"));
    QVERIFY(enc);
    QCOMPARE(enc->first(kTt, QStringLiteral("Encoding")), QStringLiteral("H265"));
    QCOMPARE(enc->child(kTt, QStringLiteral("Resolution"))->first(kTt, QStringLiteral("Height")),
             QStringLiteral("360"));

    // Without Type the profiles carry no configurations.
    r = post(nam, sim.media2Url(), envelope("<tr2:GetProfiles/>", token()));
    QCOMPARE(r.xml->all(kTr2, QStringLiteral("VideoEncoder")).size(), 0);

    r = post(nam, sim.media2Url(),
             envelope("<tr2:GetStreamUri><tr2:Protocol>RtspUnicast</tr2:Protocol>"
                      "<tr2:ProfileToken>Profile_2</tr2:ProfileToken></tr2:GetStreamUri>",
                      token()));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.xml->first(kTr2, QStringLiteral("Uri")),
             QStringLiteral("rtsp://127.0.0.1:8554/Profile_2"));
    r = post(nam, sim.media2Url(),
             envelope("<tr2:GetSnapshotUri><tr2:ProfileToken>Profile_1</tr2:ProfileToken></"
                      "tr2:GetSnapshotUri>",
                      token()));
    QCOMPARE(r.status, 200);
    QVERIFY(
        r.xml->first(kTr2, QStringLiteral("Uri")).startsWith(QLatin1String("http://127.0.0.1:")));
    // A ver10 request on the ver20 endpoint is not an operation it has.
    r = post(nam, sim.media2Url(), envelope("<trt:GetProfiles/>", token()));
    QCOMPARE(r.status, 500);
    QCOMPARE(faultCodes(*r.xml).value(1), u'{' + kTer + QStringLiteral("}ActionNotSupported"));
}

void tst_OnvifSimulator::namespacePrefixVariants_data()
{
    QTest::addColumn<OnvifSimulator::NamespacePrefixes>("prefixes");
    QTest::addColumn<QByteArray>("marker");
    QTest::newRow("standard") << OnvifSimulator::NamespacePrefixes::Standard
                              << QByteArray("<tds:Manufacturer>");
    QTest::newRow("numbered") << OnvifSimulator::NamespacePrefixes::Numbered
                              << QByteArray("<ns2:Manufacturer>");
    QTest::newRow("default") << OnvifSimulator::NamespacePrefixes::DefaultNamespace
                             << QByteArray("<GetDeviceInformationResponse xmlns=");
    QTest::newRow("swapped") << OnvifSimulator::NamespacePrefixes::Swapped
                             << QByteArray("<trt:Manufacturer>");
}

void tst_OnvifSimulator::namespacePrefixVariants()
{
    QFETCH(OnvifSimulator::NamespacePrefixes, prefixes);
    QFETCH(QByteArray, marker);
    OnvifSimulator::Options o;
    o.namespacePrefixes = prefixes;
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    Reply r = post(nam, sim.deviceUrl(),
                   envelope("<tds:GetDeviceInformation/>",
                            usernameToken(o.username, o.password, sim.deviceTime())));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.body.contains(marker), r.body.constData());
    QCOMPARE(r.xml->first(kTds, QStringLiteral("Manufacturer")), o.manufacturer);
    QCOMPARE(r.xml->first(kTds, QStringLiteral("Model")), o.model);
    QCOMPARE(r.xml->first(kTds, QStringLiteral("FirmwareVersion")), o.firmware);

    // The fault's QName values resolve whatever the prefixes are.
    r = post(nam, sim.deviceUrl(), envelope("<tds:GetDeviceInformation/>"));
    QCOMPARE(faultCodes(*r.xml), (QStringList{u'{' + kSoap12 + QStringLiteral("}Sender"),
                                              u'{' + kTer + QStringLiteral("}NotAuthorized")}));
    r = post(
        nam, sim.mediaUrl(),
        envelope("<trt:GetProfiles/>", usernameToken(o.username, o.password, sim.deviceTime())));
    QCOMPARE(r.xml->all(kTt, QStringLiteral("VideoEncoderConfiguration")).size(), 2);
}

void tst_OnvifSimulator::unknownOperationAndConfiguredFault()
{
    OnvifSimulator::Options o;
    o.auth = OnvifSimulator::Auth::None;
    o.faultOn = QStringLiteral("GetStreamUri");
    o.faultReason = QStringLiteral("Encoder busy");
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    Reply r = post(nam, sim.deviceUrl(), envelope("<tds:GetHostname/>"));
    QCOMPARE(r.status, 500);
    QCOMPARE(faultCodes(*r.xml),
             (QStringList{u'{' + kSoap12 + QStringLiteral("}Receiver"),
                          u'{' + kTer + QStringLiteral("}ActionNotSupported")}));
    r = post(
        nam, sim.mediaUrl(),
        envelope(
            "<trt:GetStreamUri><trt:ProfileToken>Profile_1</trt:ProfileToken></trt:GetStreamUri>"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.xml->first(kSoap12, QStringLiteral("Text")), QStringLiteral("Encoder busy"));
    QCOMPARE(sim.requestCount(QStringLiteral("GetHostname")), 1);
    QCOMPARE(sim.requestCount(QStringLiteral("GetStreamUri")), 1);
    QCOMPARE(sim.requestCount(), 2);

    // Garbage is a WellFormed fault, an unknown path a 404.
    r = post(nam, sim.deviceUrl(),
             "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>");
    QCOMPARE(r.status, 400);
    QCOMPARE(faultCodes(*r.xml).value(1), u'{' + kTer + QStringLiteral("}WellFormed"));
    QCOMPARE(
        post(nam, sim.baseUrl() + QStringLiteral("/onvif/ptz_service"), envelope("<x/>")).status,
        404);
}

void tst_OnvifSimulator::soap11IsAVersionMismatch()
{
    OnvifSimulator::Options o;
    o.auth = OnvifSimulator::Auth::None;
    OnvifSimulator sim(o);
    QVERIFY(sim.start());
    QNetworkAccessManager nam;
    const Reply r =
        post(nam, sim.deviceUrl(),
             "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
             "<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>"
             "</soap:Body></soap:Envelope>");
    QCOMPARE(r.status, 500);
    QCOMPARE(faultCodes(*r.xml).value(0), u'{' + kSoap12 + QStringLiteral("}VersionMismatch"));
}

void tst_OnvifSimulator::answerDelayAndOwnThread()
{
    OnvifSimulator::Options o;
    o.answerDelayMs = 400;
    auto sim = std::make_unique<OnvifSimulator>(o);
    QString error;
    QVERIFY2(sim->startInThread(&error), qPrintable(error));

    // A blocking client works against the threaded simulator; the answer comes late.
    QElapsedTimer t;
    t.start();
    const RawResponse raw =
        RawHttp::exchange(sim->port(), rawSoapPost(sim->port(), "/onvif/device_service",
                                                   envelope("<tds:GetSystemDateAndTime/>")));
    QCOMPARE(raw.status, 200);
    QVERIFY2(t.elapsed() >= 390, qPrintable(QString::number(t.elapsed())));

    // A client with a shorter timeout gives up; the connection was accepted all the same.
    QNetworkAccessManager nam;
    t.restart();
    const Reply r = post(nam, sim->deviceUrl(), envelope("<tds:GetSystemDateAndTime/>"), 150);
    QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
    QVERIFY2(t.elapsed() < 390, qPrintable(QString::number(t.elapsed())));
    QTRY_COMPARE(sim->requestCount(QStringLiteral("GetSystemDateAndTime")), 2);

    // Chunked request bodies are read too.
    const QByteArray soap = envelope("<tds:GetSystemDateAndTime/>");
    const QByteArray chunked =
        "POST /onvif/device_service HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/soap+xml\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n" +
        QByteArray::number(40, 16) + "\r\n" + soap.left(40) + "\r\n" +
        QByteArray::number(soap.size() - 40, 16) + "\r\n" + soap.mid(40) + "\r\n0\r\n\r\n";
    QCOMPARE(RawHttp::exchange(sim->port(), chunked).status, 200);
    sim.reset(); // stops the thread with a delayed answer possibly pending
}

void tst_OnvifSimulator::discoveryOnLoopback()
{
    WsDiscoveryResponder::Options o;
    o.bindAddress = QHostAddress::LocalHost;
    o.port = 0;
    o.joinMulticast = false;
    o.xaddrs = {QStringLiteral("http://127.0.0.1:8080/onvif/device_service"),
                QStringLiteral("http://[::1]:8080/onvif/device_service")};
    o.name = QStringLiteral("My Camera");
    WsDiscoveryResponder responder(o);
    QString error;
    QVERIFY2(responder.start(&error), qPrintable(error));

    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    const QString id = QStringLiteral("uuid:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    client.writeDatagram(WsDiscoveryResponder::probeMessage(id), QHostAddress::LocalHost,
                         responder.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.hasPendingDatagrams(), 3000);
    const QNetworkDatagram d = client.receiveDatagram();
    const auto xml = parseXml(d.data());
    QVERIFY(xml);
    QCOMPARE(xml->first(kWsa, QStringLiteral("RelatesTo")), id);
    QCOMPARE(xml->first(kWsa, QStringLiteral("Address")), responder.endpointAddress());
    QCOMPARE(xml->first(kWsd, QStringLiteral("XAddrs")).split(u' '), o.xaddrs);
    QVERIFY(xml->first(kWsd, QStringLiteral("Scopes"))
                .split(u' ')
                .contains(QStringLiteral("onvif://www.onvif.org/name/My%20Camera")));
    QCOMPARE(responder.matchesSent(), 1);

    // Scope prefix matching; a foreign type or scope gets no answer.
    QSignalSpy ignored(&responder, &WsDiscoveryResponder::probeIgnored);
    client.writeDatagram(
        WsDiscoveryResponder::probeMessage(QStringLiteral("uuid:2"), QString(),
                                           {QStringLiteral("onvif://www.onvif.org/name")}),
        QHostAddress::LocalHost, responder.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.hasPendingDatagrams(), 3000);
    QCOMPARE(parseXml(client.receiveDatagram().data())->first(kWsa, QStringLiteral("RelatesTo")),
             QStringLiteral("uuid:2"));
    client.writeDatagram(
        WsDiscoveryResponder::probeMessage(QStringLiteral("uuid:3"), QStringLiteral("tds:Printer")),
        QHostAddress::LocalHost, responder.port());
    client.writeDatagram(
        WsDiscoveryResponder::probeMessage(QStringLiteral("uuid:4"), QString(),
                                           {QStringLiteral("onvif://www.onvif.org/name/Other")}),
        QHostAddress::LocalHost, responder.port());
    QTRY_COMPARE_WITH_TIMEOUT(ignored.size(), 2, 3000);
    QVERIFY(!client.hasPendingDatagrams());
    QCOMPARE(responder.probesReceived(), 4);
}

void tst_OnvifSimulator::discoveryInNamespace()
{
    NetNamespace ns;
    if (!ns.ok())
        QSKIP(qPrintable(QStringLiteral("no network namespace (needs root/CAP_NET_ADMIN): ") +
                         ns.error()));
    QString program = qEnvironmentVariable("CAMHUB_WSD_RESPONDER");
    if (program.isEmpty())
        program = QCoreApplication::applicationDirPath() + QStringLiteral("/wsd_responder");
    QVERIFY2(QFile::exists(program), qPrintable(program));

    const QString xaddr =
        QStringLiteral("http://%1:8080/onvif/device_service").arg(ns.peerAddress());
    QProcess responder;
    responder.setProcessChannelMode(QProcess::SeparateChannels);
    responder.start(QStringLiteral("ip"),
                    {QStringLiteral("netns"), QStringLiteral("exec"), ns.name(), program,
                     QStringLiteral("--interface"), ns.peerInterface(), QStringLiteral("--xaddr"),
                     xaddr, QStringLiteral("--name"), QStringLiteral("Front Door"),
                     QStringLiteral("--hardware"), QStringLiteral("SIM-1000")});
    auto cleanup = qScopeGuard([&responder] {
        responder.terminate();
        if (!responder.waitForFinished(3000)) {
            responder.kill();
            responder.waitForFinished(3000);
        }
    });
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.contains("READY") && t.elapsed() < 5000 &&
           responder.state() != QProcess::NotRunning) {
        responder.waitForReadyRead(100);
        out += responder.readAllStandardOutput();
    }
    QVERIFY2(out.contains("READY"), (out + responder.readAllStandardError()).constData());

    // The probe leaves through our end of the veth pair (IP_MULTICAST_IF), as a client
    // on a multi-homed host must send it.
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress(ns.hostAddress()), 0));
    const QNetworkInterface hostIf = QNetworkInterface::interfaceFromName(ns.hostInterface());
    QVERIFY(hostIf.isValid());
    client.setMulticastInterface(hostIf);
    QCOMPARE(client.multicastInterface().name(), ns.hostInterface());
    const QString id = QStringLiteral("uuid:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QNetworkDatagram answer;
    for (int attempt = 0; attempt < 3 && !answer.isValid(); ++attempt) {
        QCOMPARE(client.writeDatagram(WsDiscoveryResponder::probeMessage(id),
                                      WsDiscoveryResponder::multicastGroup(), 3702),
                 qint64(WsDiscoveryResponder::probeMessage(id).size()));
        QElapsedTimer wait;
        wait.start();
        while (!client.hasPendingDatagrams() && wait.elapsed() < 1000)
            client.waitForReadyRead(100);
        if (client.hasPendingDatagrams())
            answer = client.receiveDatagram();
    }
    out += responder.readAllStandardOutput();
    QVERIFY2(answer.isValid(), (QByteArray("no ProbeMatches; responder said: ") + out +
                                responder.readAllStandardError())
                                   .constData());
    QCOMPARE(answer.senderAddress(), QHostAddress(ns.peerAddress()));
    QCOMPARE(answer.senderPort(), 3702);
    const auto xml = parseXml(answer.data());
    QVERIFY(xml);
    QCOMPARE(xml->first(kWsa, QStringLiteral("RelatesTo")), id);
    QCOMPARE(xml->first(kWsd, QStringLiteral("XAddrs")), xaddr);
    const QStringList scopes = xml->first(kWsd, QStringLiteral("Scopes")).split(u' ');
    QVERIFY(scopes.contains(QStringLiteral("onvif://www.onvif.org/name/Front%20Door")));
    QVERIFY(scopes.contains(QStringLiteral("onvif://www.onvif.org/hardware/SIM-1000")));
    const QStringList types = xml->first(kWsd, QStringLiteral("Types")).split(u' ');
    QVERIFY(types.contains(QStringLiteral("dn:NetworkVideoTransmitter")));
    QVERIFY(xml->first(kWsa, QStringLiteral("Address")).startsWith(QLatin1String("urn:uuid:")));
}

void tst_OnvifSimulator::fixturesAreWellFormed()
{
    const QDir dir(fixturesDir());
    const QStringList files = dir.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 15, qPrintable(dir.path()));
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString error;
        const auto xml = parseXml(f.readAll(), &error);
        QVERIFY2(xml, qPrintable(name + QStringLiteral(": ") + error));
        QVERIFY2(xml->name == QLatin1String("Envelope") &&
                     (xml->ns == kSoap12 || xml->ns == kSoap11),
                 qPrintable(name));
    }
}

QTEST_GUILESS_MAIN(tst_OnvifSimulator)
#include "tst_onvifsimulator.moc"
