// Native player cost: latency from a packet's arrival on the stream's reader to
// QVideoSink::setVideoFrame, and the CPU of decode + present, against the same live
// RTSP camera decoded by the ffmpeg CLI (`ffmpeg -i URL -f null -`) in the same run.
//
//   bench_player [seconds]      (QT_QPA_PLATFORM=offscreen is set if unset)
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "PlayerWidget.h"
#include "RtspFixture.h"
#include "StreamManager.h"
#include "VideoView.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using namespace camhub;

namespace {

double processCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double childCpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line (index 11, 12 here).
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) /
           double(sysconf(_SC_CLK_TCK));
}

double percentile(QList<qint64> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return double(v[qsizetype(std::min<double>(double(v.size() - 1), p * double(v.size())))]) /
           1000.0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int seconds = argc > 1 ? std::max(3, atoi(argv[1])) : 10;

    RtspFixture::Options o;
    o.size = QStringLiteral("1280x720");
    RtspFixture camera(o);
    QString error;
    if (!camera.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const CameraConfig config = CameraConfig::parse("{\"demo\":false,\"cameras\":[{\"id\":\"cam\","
                                                    "\"profiles\":[{\"token\":\"main\",\"url\":\"" +
                                                    camera.url().toUtf8() + "\"}]}]}");
    CameraRegistry registry(config.cameras);
    StreamManager::Options options;
    options.cleanupIntervalSeconds = 0;
    StreamManager manager(registry, options);
    manager.start(QStringLiteral("cam_main"));
    QDeadlineTimer ready(15000);
    while (!manager.status(QStringLiteral("cam_main"))->ready && !ready.hasExpired())
        QTest::qWait(50);
    QTest::qWait(1000);

    // A: the stream alone (reader + HLS segmenter).
    double cpu = processCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    QTest::qWait(seconds * 1000);
    const double baseline = (processCpuSeconds() - cpu) / (double(wall.elapsed()) / 1000.0);

    // B: the same plus one native player tile (720p decode + present).
    PlayerWidget player(manager);
    player.resize(960, 560);
    player.show();
    QList<qint64> latencies;
    QObject::connect(player.view(), &VideoView::framePresented,
                     [&](qint64 us) { latencies.append(us); });
    player.play(QStringLiteral("cam_main"));
    QTest::qWait(2000); // past the GOP-cache catch-up burst
    latencies.clear();
    const qint64 framesBefore = player.view()->framesPresented();
    cpu = processCpuSeconds();
    wall.restart();
    QTest::qWait(seconds * 1000);
    const double withPlayer = (processCpuSeconds() - cpu) / (double(wall.elapsed()) / 1000.0);
    const double fps =
        double(player.view()->framesPresented() - framesBefore) / (double(wall.elapsed()) / 1000.0);
    player.detach();

    // Reference: the ffmpeg CLI decoding the same camera (decode only, no display).
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-rtsp_transport"),
                  QStringLiteral("tcp"), QStringLiteral("-i"), camera.url(), QStringLiteral("-f"),
                  QStringLiteral("null"), QStringLiteral("-")});
    ffmpeg.waitForStarted();
    QTest::qWait(2000);
    const double ffStart = childCpuSeconds(ffmpeg.processId());
    wall.restart();
    QTest::qWait(seconds * 1000);
    const double ffmpegCpu =
        (childCpuSeconds(ffmpeg.processId()) - ffStart) / (double(wall.elapsed()) / 1000.0);
    ffmpeg.kill();
    ffmpeg.waitForFinished();
    manager.shutdown();

    std::printf("| measure (720p25 H.264 RTSP, %d s) | value |\n|---|---|\n", seconds);
    std::printf("| frames presented per second | %.1f |\n", fps);
    std::printf("| packet arrival -> setVideoFrame, p50 | %.1f ms |\n",
                percentile(latencies, 0.50));
    std::printf("| packet arrival -> setVideoFrame, p90 | %.1f ms |\n",
                percentile(latencies, 0.90));
    std::printf("| packet arrival -> setVideoFrame, p99 | %.1f ms |\n",
                percentile(latencies, 0.99));
    std::printf("| packet arrival -> setVideoFrame, max | %.1f ms |\n", percentile(latencies, 1.0));
    std::printf("| camhub CPU, stream only | %.1f %% of a core |\n", baseline * 100);
    std::printf("| camhub CPU, stream + native player | %.1f %% of a core |\n", withPlayer * 100);
    std::printf("| decode + present (difference) | %.1f %% of a core |\n",
                (withPlayer - baseline) * 100);
    std::printf("| ffmpeg CLI decode only (`-f null`), same camera | %.1f %% of a core |\n",
                ffmpegCpu * 100);
    return 0;
}
