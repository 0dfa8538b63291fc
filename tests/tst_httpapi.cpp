// The HTTP API end to end: the real server on its own thread, a real camera, raw
// requests (including ones no polite client would send).
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "HttpService.h"
#include "RawHttp.h"
#include "RtspFixture.h"
#include "StreamManager.h"
#include "TsDecoder.h"

#include <QJsonArray>
#include <QSemaphore>
#include <QTcpServer>
#include <QTest>
#include <QtConcurrent>

using namespace camhub;

namespace {
const QByteArray kPassword = "pa55-w0rd";
const QByteArray kCam = "camera1_MediaProfile00000";

QByteArray startBody(const QByteArray &id)
{
    return "{\"stream_id\":\"" + id + "\"}";
}
} // namespace

class tst_HttpApi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void info();
    void camerasWithoutUrls();
    void startAndReuse();
    void concurrentStartsOverHttp();
    void startByCamera();
    void statusAndAll();
    void playlistAndSegments();
    void playlistWhileStarting();
    void stop();
    void cleanupDeadStreams();
    void badInput_data();
    void badInput();
    void hostilePaths_data();
    void hostilePaths();
    void headRequests();
    void connectionCloseIsHonoured();
    void neverAServerErrorNorACredential();

private:
    RawResponse call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                     const QByteArray &headers = {});
    void waitReady(const QByteArray &id);

    std::unique_ptr<RtspFixture> m_camera;
    std::unique_ptr<CameraRegistry> m_registry;
    std::unique_ptr<StreamManager> m_manager;
    std::unique_ptr<HttpService> m_http;
    quint16 m_port = 0;
    int m_worstStatus = 0;
    QByteArray m_everything; // every response, for the credential check
};

void tst_HttpApi::initTestCase()
{
    RtspFixture::Options o;
    o.user = QStringLiteral("admin");
    o.password = QString::fromLatin1(kPassword);
    m_camera = std::make_unique<RtspFixture>(o);
    QString error;
    QVERIFY2(m_camera->start(&error), qPrintable(error));

    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 closed = probe.serverPort();
    probe.close();

    const QByteArray config =
        "{\"cameras\": [{\"id\": \"camera1\", \"name\": \"Front door\", \"profiles\": ["
        "{\"token\": \"MediaProfile00000\", \"name\": \"Main\", \"url\": \"" +
        m_camera->url().toUtf8() +
        "\"},"
        "{\"token\": \"MediaProfile00001\", \"name\": \"Sub\", \"url\": \"" +
        m_camera->url().toUtf8() +
        "\"}]},"
        "{\"id\": \"gone\", \"profiles\": [{\"token\": \"main\", \"url\": "
        "\"rtsp://admin:" +
        kPassword + "@127.0.0.1:" + QByteArray::number(closed) + "/x\"}]}]}";
    const CameraConfig parsed = CameraConfig::parse(config);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    m_registry = std::make_unique<CameraRegistry>(parsed.cameras);
    StreamManager::Options options;
    options.cleanupIntervalSeconds = 0;
    m_manager = std::make_unique<StreamManager>(*m_registry, options);
    m_http = std::make_unique<HttpService>(*m_registry, *m_manager);
    QVERIFY2(m_http->start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    m_port = m_http->port();
    QVERIFY(m_port != 0);
}

void tst_HttpApi::cleanupTestCase()
{
    m_http.reset();
    m_manager.reset();
    m_camera.reset();
}

RawResponse tst_HttpApi::call(const QByteArray &method, const QByteArray &path,
                              const QByteArray &body, const QByteArray &headers)
{
    const RawResponse r = RawHttp::request(m_port, method, path, body, headers);
    m_worstStatus = std::max(m_worstStatus, r.status);
    m_everything += r.body;
    for (const auto &h : r.headers)
        m_everything += h.first + ": " + h.second + "\n";
    return r;
}

void tst_HttpApi::waitReady(const QByteArray &id)
{
    QTRY_VERIFY_WITH_TIMEOUT(
        call("GET", "/api/streams/status/" + id).json().value(QStringLiteral("ready")).toBool(),
        15000);
}

void tst_HttpApi::info()
{
    const RawResponse r = call("GET", "/api/info");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.json().value(QStringLiteral("name")).toString(), QStringLiteral("camhub"));
}

void tst_HttpApi::camerasWithoutUrls()
{
    const RawResponse r = call("GET", "/api/cameras");
    QCOMPARE(r.status, 200);
    const QJsonArray cams = r.json().value(QStringLiteral("cameras")).toArray();
    QCOMPARE(cams.size(), 3); // demo, camera1, gone
    const QJsonObject cam1 = cams[1].toObject();
    QCOMPARE(cam1.value(QStringLiteral("name")).toString(), QStringLiteral("Front door"));
    const QJsonArray profiles = cam1.value(QStringLiteral("profiles")).toArray();
    QCOMPARE(profiles.size(), 2);
    QCOMPARE(profiles[0].toObject().value(QStringLiteral("stream_id")).toString(),
             QString::fromLatin1(kCam));
    QVERIFY(!r.body.contains("rtsp:"));
    QVERIFY(!r.body.contains(kPassword));
}

void tst_HttpApi::startAndReuse()
{
    RawResponse r = call("POST", "/api/streams/start", startBody(kCam));
    QCOMPARE(r.status, 200);
    QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("success")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("stream_id")).toString(), QString::fromLatin1(kCam));
    QCOMPARE(o.value(QStringLiteral("playlist_url")).toString(),
             QStringLiteral("/static/streams/camera1_MediaProfile00000/stream.m3u8"));
    QCOMPARE(o.value(QStringLiteral("already_running")).toBool(), false);
    QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("starting"));
    QVERIFY(o.contains(QStringLiteral("uptime")));
    QVERIFY(o.contains(QStringLiteral("ready")));

    waitReady(kCam);
    r = call("POST", "/api/streams/start", startBody(kCam));
    QCOMPARE(r.status, 200);
    o = r.json();
    QCOMPARE(o.value(QStringLiteral("already_running")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    QCOMPARE(o.value(QStringLiteral("ready")).toBool(), true);
    QVERIFY(o.value(QStringLiteral("uptime")).toDouble() > 0);
}

void tst_HttpApi::concurrentStartsOverHttp()
{
    constexpr int kClicks = 10;
    const QByteArray id = "camera1_MediaProfile00001";
    QSemaphore go;
    QThreadPool pool;
    pool.setMaxThreadCount(kClicks);
    QList<QFuture<RawResponse>> futures;
    for (int i = 0; i < kClicks; ++i)
        futures.append(QtConcurrent::run(&pool, [&] {
            go.acquire();
            return RawHttp::post(m_port, "/api/streams/start", startBody(id));
        }));
    go.release(kClicks);
    int fresh = 0;
    for (auto &f : futures) {
        const RawResponse r = f.result();
        QCOMPARE(r.status, 200);
        fresh += r.json().value(QStringLiteral("already_running")).toBool() ? 0 : 1;
    }
    QCOMPARE(fresh, 1);
    waitReady(id);
    QTRY_COMPARE(m_camera->clientsOpen(), 2); // one per running profile, not per click
    QCOMPARE(call("POST", "/api/streams/stop", startBody(id)).status, 200);
}

void tst_HttpApi::startByCamera()
{
    // No profile: the camera's first, which is already running.
    RawResponse r = call("POST", "/api/streams/start", "{\"camera_id\":\"camera1\"}");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("stream_id")).toString(), QString::fromLatin1(kCam));
    QCOMPARE(r.json().value(QStringLiteral("already_running")).toBool(), true);
    r = call("POST", "/api/streams/start",
             "{\"camera_id\":\"camera1\",\"profile_token\":\"MediaProfile00000\"}");
    QCOMPARE(r.json().value(QStringLiteral("already_running")).toBool(), true);
}

void tst_HttpApi::statusAndAll()
{
    RawResponse r = call("GET", "/api/streams/status/" + kCam);
    QCOMPARE(r.status, 200);
    const QJsonObject s = r.json();
    QCOMPARE(s.value(QStringLiteral("success")).toBool(), true);
    QCOMPARE(s.value(QStringLiteral("camera_id")).toString(), QStringLiteral("camera1"));
    QCOMPARE(s.value(QStringLiteral("profile_token")).toString(),
             QStringLiteral("MediaProfile00000"));
    QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    QCOMPARE(s.value(QStringLiteral("running")).toBool(), true);
    QCOMPARE(s.value(QStringLiteral("ready")).toBool(), true);
    QVERIFY(s.value(QStringLiteral("last_error")).isNull());
    QVERIFY(s.value(QStringLiteral("bytes_in")).toDouble() > 0);
    QVERIFY(s.value(QStringLiteral("segments")).toInt() >= 1);
    QVERIFY(s.contains(QStringLiteral("uptime")));
    QVERIFY(s.contains(QStringLiteral("playlist_url")));

    // A configured stream that is not running is "stopped", not unknown.
    r = call("GET", "/api/streams/status/demo_main");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
    QCOMPARE(r.json().value(QStringLiteral("running")).toBool(), false);

    r = call("GET", "/api/streams/status/nope_main");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.json().value(QStringLiteral("success")).toBool(), false);
    QVERIFY(!r.json().value(QStringLiteral("error")).toString().isEmpty());

    r = call("GET", "/api/streams/all");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("count")).toInt(), 1);
    QCOMPARE(r.json()
                 .value(QStringLiteral("streams"))
                 .toArray()[0]
                 .toObject()
                 .value(QStringLiteral("stream_id"))
                 .toString(),
             QString::fromLatin1(kCam));
}

void tst_HttpApi::playlistAndSegments()
{
    const QByteArray base = "/static/streams/" + kCam + "/";
    RawResponse r;
    QTRY_VERIFY_WITH_TIMEOUT((r = call("GET", base + "stream.m3u8")).body.count(".ts\n") >= 2,
                             10000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/vnd.apple.mpegurl"));
    QCOMPARE(r.header("Cache-Control"), QByteArray("no-cache"));
    QByteArray last;
    for (const QByteArray &line : r.body.split('\n'))
        if (line.endsWith(".ts"))
            last = line;
    const RawResponse seg = call("GET", base + last);
    QCOMPARE(seg.status, 200);
    QCOMPARE(seg.header("Content-Type"), QByteArray("video/mp2t"));
    const TsDecodeResult d = decodeTsSegment(seg.body);
    QVERIFY2(d.opened, qPrintable(d.error));
    QVERIFY(d.firstPacketKey);
    QCOMPARE(d.decodeErrors, 0);
    QVERIFY(d.videoFrames >= 20);
    QCOMPARE(call("GET", base + "seg999999.ts").status, 404);
}

void tst_HttpApi::playlistWhileStarting()
{
    QCOMPARE(call("POST", "/api/streams/start", startBody("demo_main")).status, 200);
    // The demo's first segment takes a whole second: until then, a clear 404.
    const RawResponse r = call("GET", "/static/streams/demo_main/stream.m3u8");
    if (r.status == 404) {
        QCOMPARE(r.header("Retry-After"), QByteArray("1"));
        QVERIFY(r.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("starting")));
    } else {
        QCOMPARE(r.status, 200); // a very slow machine got there first
    }
    waitReady("demo_main");
    QCOMPARE(call("GET", "/static/streams/demo_main/stream.m3u8").status, 200);
}

void tst_HttpApi::stop()
{
    RawResponse r = call("POST", "/api/streams/stop", startBody("demo_main"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("stopped")).toBool(), true);
    QCOMPARE(r.json().value(QStringLiteral("stream_id")).toString(), QStringLiteral("demo_main"));
    r = call("POST", "/api/streams/stop", startBody("demo_main"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("stopped")).toBool(), false);
    QCOMPARE(call("GET", "/static/streams/demo_main/stream.m3u8").status, 404);
    QCOMPARE(call("POST", "/api/streams/stop", startBody("nope_main")).status, 404);
}

void tst_HttpApi::cleanupDeadStreams()
{
    QCOMPARE(call("POST", "/api/streams/start", startBody("gone_main")).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", "/api/streams/status/gone_main")
                                  .json()
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("dead"), 10000);
    const QJsonObject dead = call("GET", "/api/streams/status/gone_main").json();
    QVERIFY(
        dead.value(QStringLiteral("last_error")).toString().contains(QStringLiteral("refused")));
    QCOMPARE(dead.value(QStringLiteral("running")).toBool(), false);

    RawResponse r = call("POST", "/api/streams/cleanup");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("cleaned_up")).toInt(), 1);
    QCOMPARE(r.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Cleaned up 1 dead stream(s)"));
    r = call("POST", "/api/streams/cleanup");
    QCOMPARE(r.json().value(QStringLiteral("cleaned_up")).toInt(), 0);
    // The running stream was not touched.
    QCOMPARE(
        call("GET", "/api/streams/status/" + kCam).json().value(QStringLiteral("state")).toString(),
        QStringLiteral("running"));
}

void tst_HttpApi::badInput_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");

    const QByteArray start = "/api/streams/start";
    QTest::newRow("malformed json")
        << QByteArray("POST") << start << QByteArray("{\"stream_id\":") << QByteArray() << 400;
    QTest::newRow("empty body") << QByteArray("POST") << start << QByteArray("") << QByteArray()
                                << 400;
    QTest::newRow("array") << QByteArray("POST") << start << QByteArray("[1,2]") << QByteArray()
                           << 400;
    QTest::newRow("string") << QByteArray("POST") << start << QByteArray("\"demo_main\"")
                            << QByteArray() << 400;
    QTest::newRow("binary") << QByteArray("POST") << start << QByteArray("\x00\xff\xfe{", 4)
                            << QByteArray() << 400;
    QTest::newRow("no fields") << QByteArray("POST") << start << QByteArray("{}") << QByteArray()
                               << 400;
    QTest::newRow("number id") << QByteArray("POST") << start << QByteArray("{\"stream_id\":5}")
                               << QByteArray() << 400;
    QTest::newRow("empty id") << QByteArray("POST") << start << QByteArray("{\"stream_id\":\"\"}")
                              << QByteArray() << 400;
    QTest::newRow("object id") << QByteArray("POST") << start << QByteArray("{\"stream_id\":{}}")
                               << QByteArray() << 400;
    QTest::newRow("unknown stream")
        << QByteArray("POST") << start << QByteArray("{\"stream_id\":\"nope_main\"}")
        << QByteArray() << 404;
    QTest::newRow("traversal id") << QByteArray("POST") << start
                                  << QByteArray("{\"stream_id\":\"../../etc\"}") << QByteArray()
                                  << 404;
    QTest::newRow("unknown camera")
        << QByteArray("POST") << start << QByteArray("{\"camera_id\":\"nope\"}") << QByteArray()
        << 404;
    QTest::newRow("unknown profile")
        << QByteArray("POST") << start
        << QByteArray("{\"camera_id\":\"camera1\",\"profile_token\":\"x\"}") << QByteArray() << 404;
    QTest::newRow("stop no id") << QByteArray("POST") << QByteArray("/api/streams/stop")
                                << QByteArray("{}") << QByteArray() << 400;
    QTest::newRow("stop bad json") << QByteArray("POST") << QByteArray("/api/streams/stop")
                                   << QByteArray("nope") << QByteArray() << 400;
    QTest::newRow("GET start") << QByteArray("GET") << start << QByteArray() << QByteArray() << 405;
    QTest::newRow("DELETE all") << QByteArray("DELETE") << QByteArray("/api/streams/all")
                                << QByteArray() << QByteArray() << 405;
    QTest::newRow("POST status") << QByteArray("POST")
                                 << QByteArray("/api/streams/status/demo_main") << QByteArray("{}")
                                 << QByteArray() << 405;
    QTest::newRow("unknown route")
        << QByteArray("GET") << QByteArray("/api/nothing") << QByteArray() << QByteArray() << 404;
    QTest::newRow("status no id") << QByteArray("GET") << QByteArray("/api/streams/status/")
                                  << QByteArray() << QByteArray() << 404;
    QTest::newRow("body over 64 KiB")
        << QByteArray("POST") << start << QByteArray(70000, ' ') << QByteArray() << 413;
    QTest::newRow("claimed 1 GiB body") << QByteArray("POST") << start << QByteArray()
                                        << QByteArray("Content-Length: 1073741824\r\n") << 413;
    QTest::newRow("two lengths") << QByteArray("POST") << start << QByteArray()
                                 << QByteArray("Content-Length: 2\r\nContent-Length: 5\r\n") << 400;
    QTest::newRow("zero then another length")
        << QByteArray("POST") << start << QByteArray()
        << QByteArray("Content-Length: 0\r\nContent-Length: 5\r\n") << 400;
    QTest::newRow("chunked body") << QByteArray("POST") << start << QByteArray()
                                  << QByteArray("Transfer-Encoding: chunked\r\n") << 411;
    QTest::newRow("huge header") << QByteArray("GET") << QByteArray("/api/info") << QByteArray()
                                 << QByteArray("X-Big: " + QByteArray(20000, 'a') + "\r\n") << 431;
}

void tst_HttpApi::badInput()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    const RawResponse r = call(method, path, body, headers);
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("success")).toBool(true), false);
    QVERIFY2(!o.value(QStringLiteral("error")).toString().isEmpty(), r.body.constData());
    if (status == 405)
        QVERIFY(!r.header("Allow").isEmpty());
    // The server is still fine afterwards.
    QCOMPARE(call("GET", "/api/info").status, 200);
}

void tst_HttpApi::hostilePaths_data()
{
    QTest::addColumn<QByteArray>("path");
    const QByteArray s = "/static/streams/";
    QTest::newRow("dotdot") << s + "../../../../etc/passwd";
    QTest::newRow("dotdot in stream") << s + kCam + "/../../../../etc/passwd";
    QTest::newRow("encoded dotdot") << s + "%2e%2e/%2e%2e/%2e%2e/etc/passwd";
    QTest::newRow("encoded slash") << s + kCam + "/..%2f..%2f..%2fetc%2fpasswd";
    QTest::newRow("double encoded") << s + kCam + "/%252e%252e%252fetc%252fpasswd";
    QTest::newRow("backslash") << s + kCam + "/..%5c..%5cwindows%5cwin.ini";
    QTest::newRow("absolute") << s + kCam + "//etc/passwd";
    QTest::newRow("absolute encoded") << s + kCam + "/%2fetc%2fpasswd";
    QTest::newRow("nul") << s + kCam + "/stream.m3u8%00.txt";
    QTest::newRow("dot stream") << s + "./stream.m3u8";
    QTest::newRow("no file") << s + kCam;
    QTest::newRow("source file") << s + kCam + "/CMakeLists.txt";
    QTest::newRow("root passwd") << QByteArray("/etc/passwd");
    QTest::newRow("static dotdot") << QByteArray("/static/../etc/passwd");
}

void tst_HttpApi::hostilePaths()
{
    QFETCH(QByteArray, path);
    const RawResponse r = call("GET", path);
    QVERIFY2(r.status == 404 || r.status == 400, QByteArray::number(r.status).constData());
    QVERIFY(!r.body.contains("root:"));
    QVERIFY(!r.body.contains("[fonts]"));
}

void tst_HttpApi::headRequests()
{
    const RawResponse r = call("HEAD", "/api/info", {}, {});
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Length").toInt() > 0);
    QVERIFY(r.body.isEmpty());
}

void tst_HttpApi::connectionCloseIsHonoured()
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /api/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QDeadlineTimer deadline(5000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired())
        socket.waitForReadyRead(100);
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 200"));
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
}

void tst_HttpApi::neverAServerErrorNorACredential()
{
    QVERIFY(!m_everything.isEmpty());
    QVERIFY2(m_worstStatus < 500, QByteArray::number(m_worstStatus).constData());
    QVERIFY2(!m_everything.contains(kPassword), "a password reached a response");
    QVERIFY(!m_everything.contains("admin:"));
}

QTEST_GUILESS_MAIN(tst_HttpApi)
#include "tst_httpapi.moc"
