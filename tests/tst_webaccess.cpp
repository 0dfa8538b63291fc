// The browser-facing side: the page and its assets, the event WebSocket, the access
// token for clients on other machines (a network namespace the test creates) and the
// same-origin rule for state-changing requests.
#include "AccessControl.h"
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "HttpService.h"
#include "NetNamespace.h"
#include "RawHttp.h"
#include "StreamManager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace camhub;

namespace {
const QByteArray kToken = "test-token-0123456789abcdef";
}

class tst_WebAccess final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void pageAndAssets();
    void assetPathsAreSafe_data();
    void assetPathsAreSafe();
    void eventsFollowTheStream();
    void eventsRefuseOtherPathsAndOrigins();
    void foreignOriginCannotChangeState();
    void dnsRebindingIsRefused();
    void loopbackNeedsNoToken();
    void otherHostsNeedTheToken();

private:
    QJsonObject nextEvent(QWebSocket &ws, QList<QJsonObject> &received, const QString &type,
                          int timeoutMs = 10000);

    std::unique_ptr<CameraRegistry> m_registry;
    std::unique_ptr<StreamManager> m_manager;
    AccessControl m_access{kToken};
    std::unique_ptr<HttpService> m_http;
    quint16 m_port = 0;
};

void tst_WebAccess::initTestCase()
{
    m_registry = std::make_unique<CameraRegistry>(CameraConfig::parse("{}").cameras);
    StreamManager::Options options;
    options.cleanupIntervalSeconds = 0;
    m_manager = std::make_unique<StreamManager>(*m_registry, options);
    m_http = std::make_unique<HttpService>(*m_registry, *m_manager, &m_access);
    QString error;
    QVERIFY2(m_http->start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    m_port = m_http->port();
}

void tst_WebAccess::cleanupTestCase()
{
    m_http.reset();
    m_manager.reset();
}

void tst_WebAccess::pageAndAssets()
{
    RawResponse r = RawHttp::get(m_port, "/");
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Type").startsWith("text/html"));
    QVERIFY(r.header("Content-Security-Policy").contains("default-src 'self'"));
    QCOMPARE(r.header("Referrer-Policy"), QByteArray("no-referrer"));
    QVERIFY(r.body.contains("/assets/hls.min.js"));
    QVERIFY(r.body.contains("/assets/app.js"));
    r = RawHttp::get(m_port, "/assets/hls.min.js");
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Type").startsWith("text/javascript"));
    QVERIFY(r.body.size() > 100000); // the real hls.js, bundled
    QCOMPARE(RawHttp::get(m_port, "/assets/app.js").status, 200);
    QCOMPARE(RawHttp::get(m_port, "/assets/style.css").status, 200);
}

void tst_WebAccess::assetPathsAreSafe_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("missing") << QByteArray("/assets/nope.js");
    QTest::newRow("dotdot") << QByteArray("/assets/../../etc/passwd");
    QTest::newRow("encoded") << QByteArray("/assets/..%2f..%2fetc%2fpasswd");
    QTest::newRow("resource escape") << QByteArray("/assets/..%2ficons%2fplay.svg");
    QTest::newRow("package.json") << QByteArray("/assets/package.json");
}

void tst_WebAccess::assetPathsAreSafe()
{
    QFETCH(QByteArray, path);
    const RawResponse r = RawHttp::get(m_port, path);
    QCOMPARE(r.status, 404);
    QVERIFY(!r.body.contains("root:"));
}

QJsonObject tst_WebAccess::nextEvent(QWebSocket &ws, QList<QJsonObject> &received,
                                     const QString &type, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (qsizetype i = 0; i < received.size(); ++i)
            if (received[i].value(QStringLiteral("type")).toString() == type)
                return received.takeAt(i);
        QTest::qWait(20);
    }
    Q_UNUSED(ws)
    return {};
}

void tst_WebAccess::eventsFollowTheStream()
{
    QWebSocket ws;
    QList<QJsonObject> received;
    connect(&ws, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        received.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events").arg(m_port)));
    QJsonObject e = nextEvent(ws, received, QStringLiteral("snapshot"));
    QVERIFY2(!e.isEmpty(), "no snapshot");
    QVERIFY(e.value(QStringLiteral("streams")).isArray());

    QCOMPARE(RawHttp::post(m_port, "/api/streams/start", "{\"stream_id\":\"demo_main\"}").status,
             200);
    e = nextEvent(ws, received, QStringLiteral("started"));
    QCOMPARE(
        e.value(QStringLiteral("stream")).toObject().value(QStringLiteral("stream_id")).toString(),
        QStringLiteral("demo_main"));
    // Ready arrives as a change, so a page can start playing without polling.
    bool ready = false;
    QDeadlineTimer deadline(10000);
    while (!ready && !deadline.hasExpired()) {
        const QJsonObject c = nextEvent(ws, received, QStringLiteral("changed"), 100);
        ready =
            c.value(QStringLiteral("stream")).toObject().value(QStringLiteral("ready")).toBool();
    }
    QVERIFY2(ready, "no change event with ready: true");
    QCOMPARE(RawHttp::post(m_port, "/api/streams/start", "{\"stream_id\":\"demo_main\"}").status,
             200);
    QVERIFY(!nextEvent(ws, received, QStringLiteral("reused")).isEmpty());
    QCOMPARE(RawHttp::post(m_port, "/api/streams/stop", "{\"stream_id\":\"demo_main\"}").status,
             200);
    e = nextEvent(ws, received, QStringLiteral("stopped"));
    QCOMPARE(e.value(QStringLiteral("stream")).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("stopped"));
    ws.close();
}

void tst_WebAccess::eventsRefuseOtherPathsAndOrigins()
{
    {
        QWebSocket ws;
        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/somewhere/else").arg(m_port)));
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 5000);
    }
    {
        QWebSocket ws(QStringLiteral("http://evil.example"));
        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        QList<QJsonObject> received;
        connect(&ws, &QWebSocket::textMessageReceived, this, [&](const QString &t) {
            received.append(QJsonDocument::fromJson(t.toUtf8()).object());
        });
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events").arg(m_port)));
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 5000);
        QVERIFY(received.isEmpty());
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    }
}

void tst_WebAccess::foreignOriginCannotChangeState()
{
    const QByteArray host = "127.0.0.1:" + QByteArray::number(m_port);
    RawResponse r = RawHttp::request(m_port, "POST", "/api/streams/cleanup", "",
                                     "Origin: http://evil.example\r\n");
    QCOMPARE(r.status, 403);
    r = RawHttp::request(m_port, "POST", "/api/streams/cleanup", "", "Origin: null\r\n");
    QCOMPARE(r.status, 403);
    r = RawHttp::request(m_port, "POST", "/api/streams/cleanup", "",
                         "Origin: http://" + host + "\r\n");
    QCOMPARE(r.status, 200);
    // Reading is not a state change (and browsers enforce CORS on the answer).
    r = RawHttp::request(m_port, "GET", "/api/streams/all", {}, "Origin: http://evil.example\r\n");
    QCOMPARE(r.status, 200);
}

void tst_WebAccess::dnsRebindingIsRefused()
{
    // A page on evil.example whose name now resolves to 127.0.0.1 sends Host: evil.example.
    const QByteArray port = QByteArray::number(m_port);
    RawResponse r =
        RawHttp::exchange(m_port, "GET /api/streams/all HTTP/1.1\r\nHost: evil.example:" + port +
                                      "\r\nConnection: close\r\n\r\n");
    QCOMPARE(r.status, 403);
    r = RawHttp::exchange(m_port, "GET /api/streams/all HTTP/1.1\r\nHost: localhost:" + port +
                                      "\r\nConnection: close\r\n\r\n");
    QCOMPARE(r.status, 200);
    r = RawHttp::exchange(m_port, "GET /api/streams/all HTTP/1.1\r\nHost: [::1]:" + port +
                                      "\r\nConnection: close\r\n\r\n");
    QCOMPARE(r.status, 200);
    // With the token, a name is fine (a reverse proxy, a local DNS name).
    r = RawHttp::exchange(m_port, "GET /api/streams/all HTTP/1.1\r\nHost: cams.home.arpa\r\n"
                                  "Authorization: Bearer " +
                                      kToken + "\r\nConnection: close\r\n\r\n");
    QCOMPARE(r.status, 200);
    // The page's HTML never goes out without its security headers.
    r = RawHttp::get(m_port, "/assets/index.html");
    QCOMPARE(r.status, 200);
    QVERIFY(!r.header("Content-Security-Policy").isEmpty());
}

void tst_WebAccess::loopbackNeedsNoToken()
{
    QCOMPARE(RawHttp::get(m_port, "/api/streams/all").status, 200);
    QCOMPARE(RawHttp::post(m_port, "/api/streams/cleanup", "").status, 200);
}

void tst_WebAccess::otherHostsNeedTheToken()
{
    NetNamespace ns;
    if (!ns.ok())
        QSKIP(qPrintable(QStringLiteral("cannot create a network namespace: ") + ns.error()));
    // A second server on our end of the veth link, same manager and token.
    HttpService lan(*m_registry, *m_manager, &m_access);
    QString error;
    QVERIFY2(lan.start(QHostAddress(ns.hostAddress()), 0, &error), qPrintable(error));
    const QString base = QStringLiteral("http://%1:%2").arg(ns.hostAddress()).arg(lan.port());
    auto curl = [&](const QStringList &args) {
        int code = 0;
        const QByteArray out = ns.run(QStringList{QStringLiteral("curl"), QStringLiteral("-s"),
                                                  QStringLiteral("-m"), QStringLiteral("10")} +
                                          args,
                                      &code);
        return out;
    };
    const QString status = QStringLiteral("-o /dev/null -w %{http_code}");
    auto code = [&](QStringList args) {
        return curl(QStringList{QStringLiteral("-o"), QStringLiteral("/dev/null"),
                                QStringLiteral("-w"), QStringLiteral("%{http_code}")} +
                    args);
    };
    QCOMPARE(code({base + QStringLiteral("/api/streams/all")}), QByteArray("401"));
    QCOMPARE(code({base + QStringLiteral("/")}), QByteArray("401"));
    QCOMPARE(code({QStringLiteral("-XPOST"), QStringLiteral("-d"),
                   QStringLiteral("{\"stream_id\":\"demo_main\"}"),
                   base + QStringLiteral("/api/streams/start")}),
             QByteArray("401"));
    QVERIFY(curl({base + QStringLiteral("/api/streams/all")}).contains("Access token required"));
    QCOMPARE(code({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer wrong"),
                   base + QStringLiteral("/api/streams/all")}),
             QByteArray("401"));
    QCOMPARE(code({QStringLiteral("-H"),
                   QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(kToken),
                   base + QStringLiteral("/api/streams/all")}),
             QByteArray("200"));
    // ?token= once: the answer sets an HttpOnly cookie that then suffices.
    const QByteArray headers =
        curl({QStringLiteral("-D"), QStringLiteral("-"), QStringLiteral("-o"),
              QStringLiteral("/dev/null"),
              base + QStringLiteral("/?token=") + QString::fromLatin1(kToken)});
    QVERIFY2(headers.startsWith("HTTP/1.1 200"), headers.constData());
    QVERIFY2(headers.contains("Set-Cookie: camhub_token=" + kToken), headers.constData());
    QVERIFY(headers.contains("HttpOnly"));
    QVERIFY(headers.contains("SameSite=Strict"));
    QCOMPARE(code({QStringLiteral("-H"),
                   QStringLiteral("Cookie: camhub_token=") + QString::fromLatin1(kToken),
                   base + QStringLiteral("/api/streams/all")}),
             QByteArray("200"));
    QCOMPARE(code({QStringLiteral("-H"), QStringLiteral("Cookie: camhub_token=nope"),
                   base + QStringLiteral("/api/streams/all")}),
             QByteArray("401"));
    Q_UNUSED(status)
}

QTEST_GUILESS_MAIN(tst_WebAccess)
#include "tst_webaccess.moc"
