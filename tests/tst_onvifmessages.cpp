// ONVIF/WS-Discovery message building and parsing on real-world-shaped answers:
// different prefixes, SOAP 1.1 and 1.2 faults, optional fields, hostile XML.
#include "OnvifMessages.h"
#include "XmlElement.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace camhub;

class tst_OnvifMessages final : public QObject
{
    Q_OBJECT

private slots:
    void passwordDigestMatchesTheSpec();
    void envelopeCarriesUsernameToken();
    void profilesVersion10();
    void profilesVersion20();
    void streamUris_data();
    void streamUris();
    void faults_data();
    void faults();
    void systemDateAndTime_data();
    void systemDateAndTime();
    void servicesAndCapabilities();
    void probeMatches();
    void hostileXml_data();
    void hostileXml();
    void fixturesParse();
};

namespace {

XmlElement parsed(const QByteArray &xml)
{
    QString error;
    const auto e = XmlElement::parse(xml, &error);
    if (!e)
        qWarning() << "parse failed:" << error;
    return e.value_or(XmlElement{});
}

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(CAMHUB_TEST_DATA_DIR "/onvif/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QByteArray kProfiles10 = R"(<?xml version="1.0"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"
  xmlns:ns1="http://www.onvif.org/ver10/schema" xmlns:ns3="http://www.onvif.org/ver10/media/wsdl">
 <SOAP-ENV:Body><ns3:GetProfilesResponse>
  <ns3:Profiles token="MediaProfile00000" fixed="true"><ns1:Name>mainStream</ns1:Name>
   <ns1:VideoEncoderConfiguration token="v0"><ns1:Name>v</ns1:Name><ns1:Encoding>H264</ns1:Encoding>
    <ns1:Resolution><ns1:Width>2560</ns1:Width><ns1:Height>1440</ns1:Height></ns1:Resolution>
   </ns1:VideoEncoderConfiguration></ns3:Profiles>
  <ns3:Profiles token="MediaProfile00001"><ns1:Name>subStream</ns1:Name>
   <ns1:VideoEncoderConfiguration><ns1:Encoding>H265</ns1:Encoding>
    <ns1:Resolution><ns1:Width>640</ns1:Width><ns1:Height>360</ns1:Height></ns1:Resolution>
   </ns1:VideoEncoderConfiguration></ns3:Profiles>
  <ns3:Profiles token="audio_only"><ns1:Name>audio</ns1:Name></ns3:Profiles>
 </ns3:GetProfilesResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>)";

} // namespace

void tst_OnvifMessages::passwordDigestMatchesTheSpec()
{
    // The example of the WS-Security UsernameToken Profile 1.0, section 3.1.
    const QByteArray nonce = QByteArray::fromBase64("LKqI6G/AikKCQrN0zqZFlg==");
    QCOMPARE(Onvif::passwordDigest(nonce, QStringLiteral("2010-09-16T07:50:45Z"),
                                   QStringLiteral("userpassword")),
             QByteArray("tuOSpGlFlIXsozq4HFNeeGeFLEI="));
}

void tst_OnvifMessages::envelopeCarriesUsernameToken()
{
    const Onvif::Credentials c{QStringLiteral("ad<min"), QStringLiteral("pw")};
    const QDateTime deviceNow = QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC);
    const XmlElement env =
        parsed(Onvif::envelope(QStringLiteral("<tds:GetDeviceInformation/>"), &c, deviceNow));
    QCOMPARE(env.name, QStringLiteral("Envelope"));
    const XmlElement *token = env.find(u"UsernameToken");
    QVERIFY(token);
    QCOMPARE(token->childText(u"Username"), QStringLiteral("ad<min")); // escaped on the wire
    QVERIFY(token->childText(u"Created").startsWith(QStringLiteral("2030-01-02T03:04:05")));
    const QByteArray nonce = QByteArray::fromBase64(token->childText(u"Nonce").toLatin1());
    QCOMPARE(nonce.size(), 16);
    QCOMPARE(token->childText(u"Password").toLatin1(),
             Onvif::passwordDigest(nonce, token->childText(u"Created"), QStringLiteral("pw")));
    QVERIFY(Onvif::body(env)->child(u"GetDeviceInformation"));
    // Without credentials: no header at all.
    QVERIFY(
        !parsed(Onvif::envelope(QStringLiteral("<tds:GetSystemDateAndTime/>"))).find(u"Security"));
}

void tst_OnvifMessages::profilesVersion10()
{
    const auto profiles = Onvif::profiles(parsed(kProfiles10));
    QCOMPARE(profiles.size(), 3);
    QCOMPARE(profiles[0].token, QStringLiteral("MediaProfile00000"));
    QCOMPARE(profiles[0].name, QStringLiteral("mainStream"));
    QCOMPARE(profiles[0].encoding, QStringLiteral("H264"));
    QCOMPARE(profiles[0].width, 2560);
    QCOMPARE(profiles[1].encoding, QStringLiteral("H265"));
    QCOMPARE(profiles[2].encoding, QString()); // no video encoder: optional
}

void tst_OnvifMessages::profilesVersion20()
{
    const QByteArray xml = R"(<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"
      xmlns:tr2="http://www.onvif.org/ver20/media/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema">
      <env:Body><tr2:GetProfilesResponse>
        <tr2:Profiles token="Profile_1" fixed="true"><tr2:Name>Main</tr2:Name>
          <tr2:Configurations><tr2:VideoEncoder token="VE1" GovLength="25" Profile="Main">
            <tt:Name>VE1</tt:Name><tt:Encoding>H265</tt:Encoding>
            <tt:Resolution><tt:Width>3840</tt:Width><tt:Height>2160</tt:Height></tt:Resolution>
          </tr2:VideoEncoder></tr2:Configurations></tr2:Profiles>
      </tr2:GetProfilesResponse></env:Body></env:Envelope>)";
    const auto profiles = Onvif::profiles(parsed(xml));
    QCOMPARE(profiles.size(), 1);
    QCOMPARE(profiles[0].token, QStringLiteral("Profile_1"));
    QCOMPARE(profiles[0].encoding, QStringLiteral("H265"));
    QCOMPARE(profiles[0].height, 2160);
}

void tst_OnvifMessages::streamUris_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("uri");
    QTest::newRow("ver10")
        << QByteArray(
               R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema"><s:Body><trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>rtsp://192.168.1.20:554/Streaming/Channels/101?transportmode=unicast&amp;profile=Profile_1</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse></s:Body></s:Envelope>)")
        << "rtsp://192.168.1.20:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1";
    QTest::newRow("ver20")
        << QByteArray(
               R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tr2="http://www.onvif.org/ver20/media/wsdl"><s:Body><tr2:GetStreamUriResponse><tr2:Uri>rtsp://10.0.0.3/h265</tr2:Uri></tr2:GetStreamUriResponse></s:Body></s:Envelope>)")
        << "rtsp://10.0.0.3/h265";
    QTest::newRow("default namespace")
        << QByteArray(
               R"(<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body><GetSnapshotUriResponse xmlns="http://www.onvif.org/ver10/media/wsdl"><MediaUri><Uri xmlns="http://www.onvif.org/ver10/schema">http://10.0.0.3/snap.jpg</Uri></MediaUri></GetSnapshotUriResponse></Body></Envelope>)")
        << "http://10.0.0.3/snap.jpg";
}

void tst_OnvifMessages::streamUris()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, uri);
    QCOMPARE(Onvif::uri(parsed(xml)), uri);
}

void tst_OnvifMessages::faults_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<bool>("notAuthorized");
    QTest::addColumn<QString>("reason");
    QTest::newRow("soap12 not authorized")
        << QByteArray(
               R"(<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>)")
        << true << "Sender not Authorized";
    QTest::newRow("nested subcode, two languages")
        << QByteArray(
               R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>ter:ActionNotSupported</s:Value><s:Subcode><s:Value>ter:NoSuchService</s:Value></s:Subcode></s:Subcode></s:Code><s:Reason><s:Text xml:lang="de">Dienst fehlt</s:Text><s:Text xml:lang="en">No such service</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>)")
        << false << "No such service";
    QTest::newRow("soap11")
        << QByteArray(
               R"(<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>Invalid profile token</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>)")
        << false << "Invalid profile token";
}

void tst_OnvifMessages::faults()
{
    QFETCH(QByteArray, xml);
    QFETCH(bool, notAuthorized);
    QFETCH(QString, reason);
    const auto f = Onvif::fault(parsed(xml));
    QVERIFY(f);
    QCOMPARE(f->notAuthorized(), notAuthorized);
    QCOMPARE(f->reason, reason);
    QVERIFY(!Onvif::fault(parsed(kProfiles10)));
}

void tst_OnvifMessages::systemDateAndTime_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QDateTime>("utc");
    const QByteArray head =
        R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>)";
    const QByteArray tail =
        "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse></s:Body></s:Envelope>";
    QTest::newRow("utc")
        << head +
               "<tt:TimeZone><tt:TZ>CET-1CEST,M3.5.0,M10.5.0/3</tt:TZ></"
               "tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>9</tt:Hour><tt:Minute>8</"
               "tt:Minute><tt:Second>7</tt:Second></tt:Time><tt:Date><tt:Year>2026</"
               "tt:Year><tt:Month>11</tt:Month><tt:Day>24</tt:Day></tt:Date></"
               "tt:UTCDateTime><tt:LocalDateTime><tt:Time><tt:Hour>10</tt:Hour><tt:Minute>8</"
               "tt:Minute><tt:Second>7</tt:Second></tt:Time><tt:Date><tt:Year>2026</"
               "tt:Year><tt:Month>11</tt:Month><tt:Day>24</tt:Day></tt:Date></tt:LocalDateTime>" +
               tail
        << QDateTime(QDate(2026, 11, 24), QTime(9, 8, 7), Qt::UTC);
    QTest::newRow("local only, CET")
        << head +
               "<tt:TimeZone><tt:TZ>CET-1</tt:TZ></"
               "tt:TimeZone><tt:LocalDateTime><tt:Time><tt:Hour>10</tt:Hour><tt:Minute>0</"
               "tt:Minute><tt:Second>0</tt:Second></tt:Time><tt:Date><tt:Year>2026</"
               "tt:Year><tt:Month>1</tt:Month><tt:Day>1</tt:Day></tt:Date></tt:LocalDateTime>" +
               tail
        << QDateTime(QDate(2026, 1, 1), QTime(9, 0, 0), Qt::UTC);
    QTest::newRow("local only, EST")
        << head +
               "<tt:TimeZone><tt:TZ>EST5EDT</tt:TZ></"
               "tt:TimeZone><tt:LocalDateTime><tt:Time><tt:Hour>23</tt:Hour><tt:Minute>30</"
               "tt:Minute><tt:Second>0</tt:Second></tt:Time><tt:Date><tt:Year>2026</"
               "tt:Year><tt:Month>1</tt:Month><tt:Day>1</tt:Day></tt:Date></tt:LocalDateTime>" +
               tail
        << QDateTime(QDate(2026, 1, 2), QTime(4, 30, 0), Qt::UTC);
}

void tst_OnvifMessages::systemDateAndTime()
{
    QFETCH(QByteArray, xml);
    QFETCH(QDateTime, utc);
    const auto t = Onvif::systemDateAndTime(parsed(xml));
    QVERIFY(t);
    QCOMPARE(*t, utc);
}

void tst_OnvifMessages::servicesAndCapabilities()
{
    const QByteArray services =
        R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetServicesResponse>
      <tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl</tds:Namespace><tds:XAddr>http://10.0.0.2/onvif/device_service</tds:XAddr><tds:Version><tt:Major xmlns:tt="http://www.onvif.org/ver10/schema">2</tt:Major></tds:Version></tds:Service>
      <tds:Service><tds:Namespace>http://www.onvif.org/ver10/media/wsdl</tds:Namespace><tds:XAddr>http://10.0.0.2/onvif/Media</tds:XAddr></tds:Service>
      <tds:Service><tds:Namespace>http://www.onvif.org/ver20/media/wsdl</tds:Namespace><tds:XAddr>http://10.0.0.2/onvif/Media2</tds:XAddr></tds:Service>
      </tds:GetServicesResponse></s:Body></s:Envelope>)";
    const Onvif::Services s = Onvif::services(parsed(services));
    QCOMPARE(s.media1, QStringLiteral("http://10.0.0.2/onvif/Media"));
    QCOMPARE(s.media2, QStringLiteral("http://10.0.0.2/onvif/Media2"));
    const QByteArray caps =
        R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema"><s:Body><tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>http://10.0.0.2/onvif/device_service</tt:XAddr></tt:Device><tt:Media><tt:XAddr>http://10.0.0.2/onvif/Media</tt:XAddr><tt:StreamingCapabilities><tt:RTP_TCP>true</tt:RTP_TCP></tt:StreamingCapabilities></tt:Media></tds:Capabilities></tds:GetCapabilitiesResponse></s:Body></s:Envelope>)";
    QCOMPARE(Onvif::mediaXAddrFromCapabilities(parsed(caps)),
             QStringLiteral("http://10.0.0.2/onvif/Media"));
}

void tst_OnvifMessages::probeMatches()
{
    const QByteArray xml =
        R"(<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><SOAP-ENV:Header><wsa:RelatesTo>urn:uuid:1</wsa:RelatesTo></SOAP-ENV:Header><SOAP-ENV:Body><d:ProbeMatches>
      <d:ProbeMatch><wsa:EndpointReference><wsa:Address>urn:uuid:aaaa</wsa:Address></wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/My%20Camera onvif://www.onvif.org/hardware/DS-2CD2143 onvif://www.onvif.org/location/city/Berlin</d:Scopes><d:XAddrs>http://192.168.1.20/onvif/device_service http://[fe80::1]/onvif/device_service</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch>
      <d:ProbeMatch><wsa:EndpointReference><wsa:Address>urn:uuid:bbbb</wsa:Address></wsa:EndpointReference><d:Scopes>onvif://www.onvif.org/name/Back</d:Scopes><d:XAddrs>http://192.168.1.21:8000/onvif/device_service</d:XAddrs></d:ProbeMatch>
      </d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>)";
    const auto matches = Onvif::probeMatches(parsed(xml));
    QCOMPARE(matches.size(), 2);
    QCOMPARE(matches[0].endpoint, QStringLiteral("urn:uuid:aaaa"));
    QCOMPARE(matches[0].xaddrs.size(), 2);
    QCOMPARE(matches[0].name, QStringLiteral("My Camera"));
    QCOMPARE(matches[0].hardware, QStringLiteral("DS-2CD2143"));
    QCOMPARE(matches[1].xaddrs.first(),
             QStringLiteral("http://192.168.1.21:8000/onvif/device_service"));
    // The probe we send is itself well-formed and asks for video transmitters.
    const XmlElement probe = parsed(Onvif::probe(QStringLiteral("urn:uuid:1234")));
    QCOMPARE(probe.find(u"Types")->text, QStringLiteral("dn:NetworkVideoTransmitter"));
    QCOMPARE(probe.find(u"MessageID")->text, QStringLiteral("urn:uuid:1234"));
}

void tst_OnvifMessages::hostileXml_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::newRow("billion laughs") << QByteArray(
        R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>)");
    QTest::newRow("truncated") << QByteArray("<s:Envelope xmlns:s=\"x\"><s:Body><a>");
    QTest::newRow("not xml") << QByteArray("HTTP/1.1 200 OK\r\n\r\nhello");
    QTest::newRow("deep") << QByteArray(200 * 3, 'x').replace("xxx", "<a>");
    QTest::newRow("empty") << QByteArray();
}

void tst_OnvifMessages::hostileXml()
{
    QFETCH(QByteArray, xml);
    QString error;
    QVERIFY(!XmlElement::parse(xml, &error));
    QVERIFY(!error.isEmpty());
}

void tst_OnvifMessages::fixturesParse()
{
    // Every recorded answer in tests/data/onvif parses, and the parsers find what the
    // file name says it holds.
    const QDir dir(QStringLiteral(CAMHUB_TEST_DATA_DIR "/onvif"));
    const QStringList files = dir.entryList({QStringLiteral("*.xml")});
    if (files.isEmpty())
        QSKIP("no recorded answers in tests/data/onvif");
    for (const QString &name : files) {
        const auto env = XmlElement::parse(fixture(name));
        QVERIFY2(env, qPrintable(name));
        if (name.startsWith(QLatin1String("fault")))
            QVERIFY2(Onvif::fault(*env), qPrintable(name));
        else if (name.contains(QLatin1String("probe")))
            QVERIFY2(!Onvif::probeMatches(*env).isEmpty(), qPrintable(name));
        else if (name.contains(QLatin1String("profiles")))
            QVERIFY2(!Onvif::profiles(*env).isEmpty(), qPrintable(name));
        else if (name.contains(QLatin1String("date")))
            QVERIFY2(Onvif::systemDateAndTime(*env), qPrintable(name));
        else if (name.contains(QLatin1String("uri")))
            QVERIFY2(!Onvif::uri(*env).isEmpty(), qPrintable(name));
        else if (name.contains(QLatin1String("device_info")))
            QVERIFY2(!Onvif::deviceInformation(*env).model.isEmpty(), qPrintable(name));
    }
}

QTEST_APPLESS_MAIN(tst_OnvifMessages)
#include "tst_onvifmessages.moc"
