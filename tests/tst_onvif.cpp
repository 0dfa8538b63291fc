// camhub's ONVIF client against a device that speaks real SOAP over HTTP (the
// simulator), and the whole path: add the device over the API, start one of its
// profiles from the real RTSP camera, decode the HLS.
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "HttpService.h"
#include "NetNamespace.h"
#include "OnvifClient.h"
#include "OnvifSimulator.h"
#include "RawHttp.h"
#include "RtspFixture.h"
#include "StreamManager.h"
#include "TsDecoder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QtConcurrent>

using namespace camhub;

Q_DECLARE_METATYPE(OnvifSimulator::Auth)
Q_DECLARE_METATYPE(OnvifSimulator::NamespacePrefixes)

namespace {
OnvifClient::Result runClient(const QString &url, const QString &user, const QString &password,
                              int timeoutMs = 20000)
{
    OnvifClient client{QUrl(url), {user, password}};
    QSignalSpy done(&client, &OnvifClient::finished);
    client.start();
    if (!done.wait(timeoutMs))
        return {};
    return done.first().first().value<OnvifClient::Result>();
}
} // namespace

class tst_Onvif final : public QObject
{
    Q_OBJECT

private slots:
    void readsDevices_data();
    void readsDevices();
    void wrongPassword_data();
    void wrongPassword();
    void unreachableDevice();
    void silentDevice();
    void faultTextReachesTheUser();
    void addOverApiAndPlay();
    void discoveryInANamespace();

private:
    RawResponse api(const QByteArray &method, const QByteArray &path, const QByteArray &body = {});
    quint16 m_port = 0;
};

void tst_Onvif::readsDevices_data()
{
    QTest::addColumn<OnvifSimulator::Auth>("auth");
    QTest::addColumn<int>("mediaVersion");
    QTest::addColumn<OnvifSimulator::NamespacePrefixes>("prefixes");
    QTest::addColumn<qint64>("clockOffset");
    QTest::newRow("ws-security, media1")
        << OnvifSimulator::Auth::WsSecurity << 1 << OnvifSimulator::NamespacePrefixes::Standard
        << qint64(0);
    QTest::newRow("media2, gSOAP prefixes")
        << OnvifSimulator::Auth::WsSecurity << 2 << OnvifSimulator::NamespacePrefixes::Numbered
        << qint64(0);
    QTest::newRow("http digest") << OnvifSimulator::Auth::HttpDigest << 1
                                 << OnvifSimulator::NamespacePrefixes::DefaultNamespace
                                 << qint64(0);
    QTest::newRow("device clock 2 h ahead")
        << OnvifSimulator::Auth::WsSecurity << 1 << OnvifSimulator::NamespacePrefixes::Standard
        << qint64(7200);
    QTest::newRow("device clock 1 day behind")
        << OnvifSimulator::Auth::WsSecurity << 2 << OnvifSimulator::NamespacePrefixes::Swapped
        << qint64(-86400);
}

void tst_Onvif::readsDevices()
{
    QFETCH(OnvifSimulator::Auth, auth);
    QFETCH(int, mediaVersion);
    QFETCH(OnvifSimulator::NamespacePrefixes, prefixes);
    QFETCH(qint64, clockOffset);
    OnvifSimulator::Options o;
    o.auth = auth;
    o.mediaVersion = mediaVersion;
    o.namespacePrefixes = prefixes;
    o.clockOffsetSeconds = clockOffset;
    o.profiles[0].rtspUri = QStringLiteral("rtsp://127.0.0.1:8554/main");
    o.profiles[1].rtspUri = QStringLiteral("rtsp://127.0.0.1:8554/sub");
    OnvifSimulator device(o);
    QString error;
    QVERIFY2(device.start(&error), qPrintable(error));

    const OnvifClient::Result r = runClient(device.deviceUrl(), o.username, o.password);
    QVERIFY2(r.ok, qPrintable(r.error + u' ' + device.lastAuthFailure()));
    QCOMPARE(r.device.manufacturer, o.manufacturer);
    QCOMPARE(r.device.model, o.model);
    QCOMPARE(r.profiles.size(), 2);
    QCOMPARE(r.profiles[0].media.token, o.profiles[0].token);
    QCOMPARE(r.profiles[0].media.name, o.profiles[0].name);
    QCOMPARE(r.profiles[0].media.encoding, QStringLiteral("H264"));
    QCOMPARE(r.profiles[0].media.width, o.profiles[0].width);
    QCOMPARE(r.profiles[0].streamUri, QStringLiteral("rtsp://127.0.0.1:8554/main"));
    QCOMPARE(r.profiles[1].streamUri, QStringLiteral("rtsp://127.0.0.1:8554/sub"));
    QVERIFY(!r.profiles[0].snapshotUri.isEmpty());
    QVERIFY2(qAbs(r.clockOffsetSeconds - clockOffset) <= 2,
             qPrintable(QString::number(r.clockOffsetSeconds)));
    QCOMPARE(device.authFailures(), 0);
}

void tst_Onvif::wrongPassword_data()
{
    QTest::addColumn<OnvifSimulator::Auth>("auth");
    QTest::newRow("ws-security") << OnvifSimulator::Auth::WsSecurity;
    QTest::newRow("http digest") << OnvifSimulator::Auth::HttpDigest;
}

void tst_Onvif::wrongPassword()
{
    QFETCH(OnvifSimulator::Auth, auth);
    OnvifSimulator::Options o;
    o.auth = auth;
    OnvifSimulator device(o);
    QVERIFY(device.start());
    const OnvifClient::Result r =
        runClient(device.deviceUrl(), o.username, QStringLiteral("guess"));
    QVERIFY(!r.ok);
    QCOMPARE(r.error, QStringLiteral("Wrong username or password"));
    QVERIFY(device.authFailures() >= 1);
    QVERIFY(!r.error.contains(QStringLiteral("guess")));
}

void tst_Onvif::unreachableDevice()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const OnvifClient::Result r =
        runClient(QStringLiteral("http://127.0.0.1:%1/onvif/device_service").arg(port),
                  QStringLiteral("a"), QStringLiteral("b"));
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("connection refused")), qPrintable(r.error));
}

void tst_Onvif::silentDevice()
{
    OnvifSimulator::Options o;
    o.answerDelayMs = 30000;
    OnvifSimulator device(o);
    QVERIFY(device.start());
    const OnvifClient::Result r = runClient(device.deviceUrl(), o.username, o.password, 30000);
    QVERIFY(!r.ok);
    QCOMPARE(r.error, QStringLiteral("Device did not answer in 5 s"));
}

void tst_Onvif::faultTextReachesTheUser()
{
    OnvifSimulator::Options o;
    o.faultOn = QStringLiteral("GetProfiles");
    o.faultReason = QStringLiteral("Media service is rebooting");
    OnvifSimulator device(o);
    QVERIFY(device.start());
    const OnvifClient::Result r = runClient(device.deviceUrl(), o.username, o.password);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("Media service is rebooting")), qPrintable(r.error));
}

RawResponse tst_Onvif::api(const QByteArray &method, const QByteArray &path, const QByteArray &body)
{
    // The HTTP server runs on its own thread and answers ONVIF adds after the device
    // did: a blocking client in a worker thread, while this thread serves the device.
    auto future =
        QtConcurrent::run([=, this] { return RawHttp::request(m_port, method, path, body); });
    QDeadlineTimer deadline(30000);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(10);
    return future.isFinished() ? future.result() : RawResponse{};
}

void tst_Onvif::addOverApiAndPlay()
{
    RtspFixture::Options ro;
    ro.user = QStringLiteral("admin");
    ro.password = QStringLiteral("onvif-pw");
    RtspFixture camera(ro);
    QVERIFY(camera.start());
    OnvifSimulator::Options o;
    o.username = ro.user;
    o.password = ro.password;
    const QString rtsp = QStringLiteral("rtsp://127.0.0.1:%1/cam").arg(camera.port());
    o.profiles[0].rtspUri = rtsp;
    o.profiles[1].rtspUri = rtsp;
    OnvifSimulator device(o);
    QVERIFY(device.start());

    CameraRegistry registry(CameraConfig::parse("{\"demo\": false}").cameras);
    StreamManager::Options mo;
    mo.cleanupIntervalSeconds = 0;
    StreamManager manager(registry, mo);
    HttpService http(registry, manager);
    QString error;
    QVERIFY2(http.start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    m_port = http.port();

    // Wrong password: a clear 422, nothing added.
    RawResponse r =
        api("POST", "/api/cameras",
            "{\"name\":\"Porch\",\"onvif\":{\"xaddr\":\"" + device.deviceUrl().toUtf8() +
                "\",\"username\":\"admin\",\"password\":\"nope\"}}");
    QCOMPARE(r.status, 422);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("Wrong username or password"));
    QVERIFY(registry.cameras().isEmpty());

    r = api("POST", "/api/cameras",
            "{\"name\":\"Porch\",\"onvif\":{\"xaddr\":\"" + device.deviceUrl().toUtf8() +
                "\",\"username\":\"admin\",\"password\":\"onvif-pw\"}}");
    QCOMPARE(r.status, 201);
    const QJsonObject cam = r.json().value(QStringLiteral("camera")).toObject();
    QCOMPARE(cam.value(QStringLiteral("id")).toString(), QStringLiteral("porch"));
    const QJsonArray profiles = cam.value(QStringLiteral("profiles")).toArray();
    QCOMPARE(profiles.size(), 2);
    const QString streamId = profiles[0].toObject().value(QStringLiteral("stream_id")).toString();
    QCOMPARE(streamId, QStringLiteral("porch_") + o.profiles[0].token);
    QVERIFY(!r.body.contains("onvif-pw"));
    QVERIFY(!r.body.contains("rtsp://"));

    // The stream URL had no credentials; the reader gets the camera's.
    r = api("POST", "/api/streams/start", "{\"stream_id\":\"" + streamId.toUtf8() + "\"}");
    QCOMPARE(r.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(manager.status(streamId)->ready, 15000);
    const QByteArray playlist = *manager.hlsFile(streamId, QStringLiteral("stream.m3u8"));
    QByteArray segment;
    for (const QByteArray &line : playlist.split('\n'))
        if (line.endsWith(".ts"))
            segment = line;
    const TsDecodeResult d =
        decodeTsSegment(*manager.hlsFile(streamId, QString::fromLatin1(segment)));
    QVERIFY(d.firstPacketKey);
    QCOMPARE(d.decodeErrors, 0);
    QVERIFY(d.videoFrames > 10);

    r = api("POST", "/api/cameras/porch/refresh");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()
                 .value(QStringLiteral("camera"))
                 .toObject()
                 .value(QStringLiteral("profiles"))
                 .toArray()
                 .size(),
             2);

    r = api("DELETE", "/api/cameras/porch");
    QCOMPARE(r.status, 200);
    QVERIFY(manager.all().isEmpty());
    QCOMPARE(api("DELETE", "/api/cameras/porch").status, 404);
    QCOMPARE(
        api("POST", "/api/cameras", "{\"name\":\"X\",\"onvif\":{\"xaddr\":\"ftp://x\"}}").status,
        400);
    QCOMPARE(api("POST", "/api/cameras", "{\"name\":\"X\"}").status, 400);
    http.stop();
}

void tst_Onvif::discoveryInANamespace()
{
    // Multicast stays inside a network namespace made for the test: the camera answers
    // from inside it, camhub probes only the veth link to it.
    NetNamespace ns;
    if (!ns.ok())
        QSKIP(qPrintable(QStringLiteral("cannot create a network namespace: ") + ns.error()));
    const QString xaddr =
        QStringLiteral("http://%1:8080/onvif/device_service").arg(ns.peerAddress());
    QProcess responder;
    responder.start(QStringLiteral("ip"),
                    {QStringLiteral("netns"), QStringLiteral("exec"), ns.name(),
                     QCoreApplication::applicationDirPath() + QStringLiteral("/wsd_responder"),
                     QStringLiteral("--interface"), ns.peerInterface(), QStringLiteral("--xaddr"),
                     xaddr, QStringLiteral("--name"), QStringLiteral("Porch Cam"),
                     QStringLiteral("--hardware"), QStringLiteral("SIM-2000")});
    QVERIFY(responder.waitForStarted());
    QByteArray out;
    QDeadlineTimer ready(10000);
    while (!out.contains("READY") && !ready.hasExpired() &&
           responder.state() != QProcess::NotRunning) {
        responder.waitForReadyRead(100);
        out += responder.readAllStandardOutput();
    }
    QVERIFY2(out.contains("READY"), (out + responder.readAllStandardError()).constData());

    CameraRegistry registry(CameraConfig::parse("{}").cameras);
    StreamManager::Options mo;
    mo.cleanupIntervalSeconds = 0;
    StreamManager manager(registry, mo);
    HttpService http(registry, manager);
    http.setDiscoveryInterfaces({ns.hostInterface()});
    QString error;
    QVERIFY2(http.start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    m_port = http.port();
    // Two requests at once share one probe round.
    auto first = QtConcurrent::run([this] { return RawHttp::get(m_port, "/api/onvif/discover"); });
    const RawResponse r = api("GET", "/api/onvif/discover");
    QTRY_VERIFY_WITH_TIMEOUT(first.isFinished(), 15000);
    QCOMPARE(r.status, 200);
    QCOMPARE(first.result().body, r.body);
    const QJsonArray devices = r.json().value(QStringLiteral("devices")).toArray();
    QCOMPARE(devices.size(), 1);
    const QJsonObject d = devices.first().toObject();
    QCOMPARE(d.value(QStringLiteral("xaddr")).toString(), xaddr);
    QCOMPARE(d.value(QStringLiteral("name")).toString(), QStringLiteral("Porch Cam"));
    QCOMPARE(d.value(QStringLiteral("hardware")).toString(), QStringLiteral("SIM-2000"));
    QVERIFY(d.value(QStringLiteral("endpoint")).toString().startsWith(QStringLiteral("urn:uuid:")));
    http.stop();
    responder.terminate();
    responder.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_Onvif)
#include "tst_onvif.moc"
