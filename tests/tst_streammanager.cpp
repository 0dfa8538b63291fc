// StreamManager against a real camera: gst-rtsp-server on loopback, real libav reads,
// real segments decoded with libavcodec.
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "LogCapture.h"
#include "RtspFixture.h"
#include "Stream.h"
#include "StreamManager.h"
#include "TsDecoder.h"

#include <QElapsedTimer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QtConcurrent>

using namespace camhub;

namespace {

const QString kCam = QStringLiteral("camera1_MediaProfile00000");
const QString kRefused = QStringLiteral("refused_main");
const QString kSilent = QStringLiteral("silent_main");
const QString kPassword = QStringLiteral("s3cret-pw");

Camera camera(const QString &id, const QString &token, const QString &url)
{
    CameraProfile p{token, token, url, id + u'_' + token};
    return Camera{id, id, {p}};
}

quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort(); // closed again when s goes away
}

QStringList segmentNames(const QByteArray &playlist)
{
    QStringList out;
    for (const QByteArray &line : playlist.split('\n'))
        if (line.endsWith(".ts"))
            out.append(QString::fromLatin1(line));
    return out;
}

} // namespace

class tst_StreamManager final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void unknownIds();
    void concurrentStartsOpenOneConnection();
    void reuseReportsGrowingUptime();
    void segmentsDecodeOnTheirOwn();
    void reconnectsAfterBriefOutage();
    void deadCameraThenCleanupThenRestart();
    void stalledCameraIsDetected();
    void refusedCameraDiesWithClearError();
    void silentCameraDiesWithClearError();
    void stopIsQuickEvenWhileBlocked();
    void stopAndStatus();
    void demoStreamDecodes();
    void credentialsNeverInLogsOrStatus();

private:
    QString stateOf(const QString &id) const { return toString(m_manager->status(id)->state); }
    void waitReady(const QString &id, int timeoutMs = 15000);

    std::unique_ptr<LogCapture> m_logs;
    std::unique_ptr<RtspFixture> m_camera;
    std::unique_ptr<CameraRegistry> m_registry;
    std::unique_ptr<StreamManager> m_manager;
    QTcpServer m_silentServer; // accepts, never answers
};

void tst_StreamManager::initTestCase()
{
    m_logs = std::make_unique<LogCapture>();
    RtspFixture::Options o;
    o.user = QStringLiteral("admin");
    o.password = kPassword;
    m_camera = std::make_unique<RtspFixture>(o);
    QString error;
    QVERIFY2(m_camera->start(&error), qPrintable(error));
    QVERIFY(m_silentServer.listen(QHostAddress::LocalHost, 0));

    QList<Camera> cams = CameraConfig::parse("{}").cameras; // the demo camera
    cams << camera(QStringLiteral("camera1"), QStringLiteral("MediaProfile00000"), m_camera->url())
         << camera(
                QStringLiteral("refused"), QStringLiteral("main"),
                QStringLiteral("rtsp://admin:%1@127.0.0.1:%2/cam").arg(kPassword).arg(closedPort()))
         << camera(QStringLiteral("silent"), QStringLiteral("main"),
                   QStringLiteral("rtsp://admin:%1@127.0.0.1:%2/cam")
                       .arg(kPassword)
                       .arg(m_silentServer.serverPort()));
    m_registry = std::make_unique<CameraRegistry>(cams);

    StreamManager::Options options;
    options.stream.source.connectTimeout = std::chrono::milliseconds(3000);
    options.stream.source.readTimeout = std::chrono::milliseconds(2000);
    options.stream.reconnectAttempts = 2;
    options.stream.reconnectBackoff = std::chrono::milliseconds(300);
    options.cleanupIntervalSeconds = 0;
    m_manager = std::make_unique<StreamManager>(*m_registry, options);
}

void tst_StreamManager::cleanupTestCase()
{
    m_manager.reset();
    m_camera.reset();
    m_logs.reset();
}

void tst_StreamManager::waitReady(const QString &id, int timeoutMs)
{
    QTRY_VERIFY_WITH_TIMEOUT(m_manager->status(id)->ready, timeoutMs);
}

void tst_StreamManager::unknownIds()
{
    auto r = m_manager->start(QStringLiteral("nope_main"));
    QCOMPARE(r.error, StreamManager::Error::UnknownStream);
    r = m_manager->startProfile(QStringLiteral("nope"), {});
    QCOMPARE(r.error, StreamManager::Error::UnknownCamera);
    r = m_manager->startProfile(QStringLiteral("camera1"), QStringLiteral("MediaProfile99"));
    QCOMPARE(r.error, StreamManager::Error::UnknownProfile);
    QVERIFY(!m_manager->status(QStringLiteral("nope_main")));
    QVERIFY(!m_manager->stop(QStringLiteral("nope_main")));
    QVERIFY(m_manager->all().isEmpty());
}

void tst_StreamManager::concurrentStartsOpenOneConnection()
{
    QSignalSpy started(m_manager.get(), &StreamManager::streamStarted);
    QSignalSpy reused(m_manager.get(), &StreamManager::streamReused);
    constexpr int kClicks = 10;
    QSemaphore go;
    QList<QFuture<StreamManager::StartResult>> futures;
    QThreadPool pool;
    pool.setMaxThreadCount(kClicks);
    for (int i = 0; i < kClicks; ++i)
        futures.append(QtConcurrent::run(&pool, [&] {
            go.acquire();
            return m_manager->start(kCam);
        }));
    go.release(kClicks); // all at once
    int fresh = 0;
    for (auto &f : futures) {
        const auto r = f.result();
        QVERIFY(r.ok());
        QCOMPARE(r.status.streamId, kCam);
        fresh += r.alreadyRunning ? 0 : 1;
    }
    QCOMPARE(fresh, 1);
    QCOMPARE(m_manager->all().size(), 1);
    QTRY_COMPARE(started.size(), 1);
    QTRY_COMPARE(reused.size(), kClicks - 1);

    waitReady(kCam);
    QTRY_COMPARE(m_camera->clientsConnected(), 1);
    QCOMPARE(m_camera->clientsOpen(), 1);
}

void tst_StreamManager::reuseReportsGrowingUptime()
{
    const auto first = m_manager->start(kCam);
    QVERIFY(first.alreadyRunning);
    QCOMPARE(toString(first.status.state), QStringLiteral("running"));
    QVERIFY(first.status.ready);
    QTRY_VERIFY(m_manager->status(kCam)->uptime > first.status.uptime + 0.2);
    const auto second = m_manager->start(kCam);
    QVERIFY(second.alreadyRunning);
    QVERIFY(second.status.uptime > first.status.uptime);
    QCOMPARE(m_camera->clientsConnected(), 1);
}

void tst_StreamManager::segmentsDecodeOnTheirOwn()
{
    QTRY_VERIFY_WITH_TIMEOUT(
        segmentNames(m_manager->hlsFile(kCam, QStringLiteral("stream.m3u8")).value_or(QByteArray()))
                .size() >= 3,
        15000);
    const QByteArray playlist = *m_manager->hlsFile(kCam, QStringLiteral("stream.m3u8"));
    QVERIFY(playlist.startsWith("#EXTM3U\n"));
    QVERIFY(playlist.contains("#EXT-X-TARGETDURATION:1\n"));
    for (const QString &name : segmentNames(playlist)) {
        const auto data = m_manager->hlsFile(kCam, name);
        QVERIFY2(data.has_value(), qPrintable(name));
        const TsDecodeResult r = decodeTsSegment(*data);
        QVERIFY2(r.opened, qPrintable(r.error));
        QCOMPARE(r.codec, QStringLiteral("h264"));
        QVERIFY2(r.firstPacketKey,
                 qPrintable(name + QStringLiteral(" does not start on a keyframe")));
        QCOMPARE(r.decodeErrors, 0);
        QVERIFY2(r.videoFrames >= 20, qPrintable(QString::number(r.videoFrames)));
        QCOMPARE(r.width, 640);
        QCOMPARE(r.height, 360);
    }
    const StreamStatus s = *m_manager->status(kCam);
    QVERIFY(s.bytesIn > 10000);
    QVERIFY(s.segments >= 3);
}

void tst_StreamManager::reconnectsAfterBriefOutage()
{
    const qint64 segmentsBefore = m_manager->status(kCam)->segments;
    m_camera->kill();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kCam), QStringLiteral("reconnecting"), 10000);
    QVERIFY(!m_manager->status(kCam)->lastError.isEmpty());
    QVERIFY(m_camera->start());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kCam), QStringLiteral("running"), 15000);
    const StreamStatus s = *m_manager->status(kCam);
    QVERIFY(s.reconnects >= 1);
    QTRY_VERIFY(m_manager->status(kCam)->segments > segmentsBefore + 1);
    const QByteArray playlist = *m_manager->hlsFile(kCam, QStringLiteral("stream.m3u8"));
    QVERIFY2(playlist.contains("#EXT-X-DISCONTINUITY\n"), playlist.constData());
    // The segment after the break decodes on its own too.
    const QStringList names = segmentNames(playlist);
    const TsDecodeResult r = decodeTsSegment(*m_manager->hlsFile(kCam, names.last()));
    QVERIFY(r.firstPacketKey);
    QCOMPARE(r.decodeErrors, 0);
}

void tst_StreamManager::deadCameraThenCleanupThenRestart()
{
    QSignalSpy cleaned(m_manager.get(), &StreamManager::streamsCleanedUp);
    m_camera->kill();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kCam), QStringLiteral("dead"), 20000);
    StreamStatus s = *m_manager->status(kCam);
    QVERIFY(!s.ready);
    QVERIFY2(s.lastError.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(s.lastError));
    // Segments of a dead stream are not served.
    QVERIFY(!m_manager->hlsFile(kCam, QStringLiteral("stream.m3u8")));

    QCOMPARE(m_manager->cleanup(), 1);
    QCOMPARE(cleaned.size(), 1);
    QCOMPARE(cleaned.first().first().toStringList(), QStringList{kCam});
    QCOMPARE(stateOf(kCam), QStringLiteral("stopped"));
    QVERIFY(m_manager->all().isEmpty());
    QCOMPARE(m_manager->cleanup(), 0);

    // A dead stream started again starts afresh.
    QVERIFY(m_manager->start(kCam).ok());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kCam), QStringLiteral("dead"), 10000);
    QVERIFY(m_camera->start());
    const auto again = m_manager->start(kCam);
    QVERIFY(!again.alreadyRunning);
    waitReady(kCam);
    s = *m_manager->status(kCam);
    QCOMPARE(toString(s.state), QStringLiteral("running"));
    QCOMPARE(s.reconnects, 0);
}

void tst_StreamManager::stalledCameraIsDetected()
{
    waitReady(kCam);
    m_camera->pause(); // connection open, nothing flows: the read watchdog must fire
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kCam), QStringLiteral("reconnecting"), 10000);
    QVERIFY2(m_manager->status(kCam)->lastError.contains(QStringLiteral("No data")),
             qPrintable(m_manager->status(kCam)->lastError));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kCam), QStringLiteral("dead"), 30000);
    m_camera->resume();
    m_camera->kill();
    QVERIFY(m_camera->start());
    QCOMPARE(m_manager->cleanup(), 1);
}

void tst_StreamManager::refusedCameraDiesWithClearError()
{
    const auto r = m_manager->start(kRefused);
    QVERIFY(r.ok());
    QVERIFY(!r.alreadyRunning);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kRefused), QStringLiteral("dead"), 10000);
    const QString error = m_manager->status(kRefused)->lastError;
    QVERIFY2(error.contains(QStringLiteral("Connection refused")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("rtsp://***@127.0.0.1")), qPrintable(error));
}

void tst_StreamManager::silentCameraDiesWithClearError()
{
    QVERIFY(m_manager->start(kSilent).ok());
    QCOMPARE(stateOf(kSilent), QStringLiteral("starting"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kSilent), QStringLiteral("dead"), 15000);
    const QString error = m_manager->status(kSilent)->lastError;
    QVERIFY2(error.contains(QStringLiteral("did not answer within 3 s")), qPrintable(error));
    QCOMPARE(m_manager->cleanup(), 2); // silent + refused
}

void tst_StreamManager::stopIsQuickEvenWhileBlocked()
{
    // A reader blocked in avformat_open_input on a camera that never answers, with a
    // connect timeout far away: only the interrupt callback can end it.
    StreamOptions options;
    options.source.connectTimeout = std::chrono::milliseconds(120000);
    options.source.readTimeout = std::chrono::milliseconds(120000);
    Stream stream(kSilent, QStringLiteral("silent"), QStringLiteral("main"),
                  QStringLiteral("rtsp://127.0.0.1:%1/cam").arg(m_silentServer.serverPort()),
                  options, {});
    stream.start();
    QTRY_VERIFY(m_silentServer.hasPendingConnections() || m_silentServer.waitForNewConnection(50));
    QCOMPARE(toString(stream.status().state), QStringLiteral("starting"));
    stream.requestStop();
    QCOMPARE(toString(stream.status().state), QStringLiteral("stopped"));
    QVERIFY2(stream.wait(3000), "reader did not stop within 3 s");
    while (QTcpSocket *s = m_silentServer.nextPendingConnection())
        delete s;
}

void tst_StreamManager::stopAndStatus()
{
    QSignalSpy stopped(m_manager.get(), &StreamManager::streamStopped);
    QVERIFY(m_manager->start(kCam).ok());
    waitReady(kCam);
    bool wasRunning = false;
    QVERIFY(m_manager->stop(kCam, &wasRunning));
    QVERIFY(wasRunning);
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(stateOf(kCam), QStringLiteral("stopped"));
    QVERIFY(!m_manager->hlsFile(kCam, QStringLiteral("stream.m3u8")));
    // Stopping again is fine and says nothing was running.
    QVERIFY(m_manager->stop(kCam, &wasRunning));
    QVERIFY(!wasRunning);
    // The camera connection is closed.
    QTRY_COMPARE(m_camera->clientsOpen(), 0);
}

void tst_StreamManager::demoStreamDecodes()
{
    const auto r = m_manager->startProfile(QStringLiteral("demo"), {});
    QVERIFY(r.ok());
    QCOMPARE(r.status.streamId, QStringLiteral("demo_main"));
    waitReady(QStringLiteral("demo_main"));
    const QByteArray playlist =
        *m_manager->hlsFile(QStringLiteral("demo_main"), QStringLiteral("stream.m3u8"));
    const TsDecodeResult d = decodeTsSegment(
        *m_manager->hlsFile(QStringLiteral("demo_main"), segmentNames(playlist).last()));
    QVERIFY(d.firstPacketKey);
    QCOMPARE(d.decodeErrors, 0);
    QCOMPARE(d.width, 1280);
    QCOMPARE(d.height, 720);
    QVERIFY(d.videoFrames >= 20);
    QVERIFY(m_manager->stop(QStringLiteral("demo_main")));
}

void tst_StreamManager::credentialsNeverInLogsOrStatus()
{
    const QString logs = m_logs->text();
    QVERIFY(logs.contains(QStringLiteral("camera1_MediaProfile00000"))); // we did capture
    QVERIFY2(!logs.contains(kPassword), "a password reached the log");
    for (const StreamStatus &s : m_manager->all())
        QVERIFY(!s.lastError.contains(kPassword));
}

QTEST_GUILESS_MAIN(tst_StreamManager)
#include "tst_streammanager.moc"
