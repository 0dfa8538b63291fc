#include "TimestampRepair.h"

#include <QTest>

using namespace camhub;
using Times = TimestampRepair::Times;
constexpr int64_t N = TimestampRepair::kNoTimestamp;
constexpr int64_t kFrame = 3600; // 25 fps in 90 kHz
constexpr int64_t kGap = 10 * 90000;

class tst_TimestampRepair final : public QObject
{
    Q_OBJECT

private slots:
    void dropsUntilFirstVideoKeyframe()
    {
        TimestampRepair r(kGap);
        const int v = r.addTrack(true, kFrame);
        const int a = r.addTrack(false, 1920);
        Times t{1000, 1000, 0};
        QVERIFY(!r.fix(a, true, t)); // audio before video
        t = {2000, 2000, 0};
        QVERIFY(!r.fix(v, false, t)); // video, not a keyframe
        t = {5000, 5000, 0};
        QVERIFY(r.fix(v, true, t));
        QCOMPARE(t.dts, 0); // output starts at zero
        QCOMPARE(t.pts, 0);
        QCOMPARE(t.duration, kFrame); // default until a real interval is seen
        QCOMPARE(r.dropped(), 2);
    }

    void audioBeforeKeyframeTimeIsDropped()
    {
        TimestampRepair r(kGap);
        const int v = r.addTrack(true, kFrame);
        const int a = r.addTrack(false, 1920);
        Times t{90000, 90000, 0};
        QVERIFY(r.fix(v, true, t));
        t = {89000, 89000, 1920}; // audio stamped just before the keyframe
        QVERIFY(!r.fix(a, false, t));
        t = {91000, 91000, 1920};
        QVERIFY(r.fix(a, false, t));
        QCOMPARE(t.dts, 1000);
    }

    void fillsMissingTimestamps()
    {
        TimestampRepair r(kGap);
        const int v = r.addTrack(true, kFrame);
        Times t{N, 0, 0}; // pts missing
        QVERIFY(r.fix(v, true, t));
        QCOMPARE(t.pts, 0);
        t = {kFrame, N, 0}; // dts missing
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.dts, kFrame);
        t = {N, N, 0}; // both missing: extrapolated
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.dts, 2 * kFrame);
        QCOMPARE(t.pts, 2 * kFrame);
    }

    void unstampedFirstKeyframeIsKept()
    {
        // libav's RTSP demuxer hands out the session's first IDR without timestamps:
        // dropping it would cost a whole GOP of start-up time.
        TimestampRepair r(kGap, 1000);
        const int v = r.addTrack(true, kFrame);
        const int a = r.addTrack(false, 1920);
        Times t{N, N, 0};
        QVERIFY(r.fix(v, true, t));
        QCOMPARE(t.dts, 1000);
        QCOMPARE(t.duration, kFrame);
        t = {777000 + kFrame, 777000 + kFrame, 0}; // the next frame, on the camera's clock
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.dts, 1000 + kFrame);
        t = {777000 + 2 * kFrame, 777000 + 2 * kFrame, 0};
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.dts, 1000 + 2 * kFrame);
        t = {777000 + 2 * kFrame + 10, 777000 + 2 * kFrame + 10, 1920}; // audio on the same clock
        QVERIFY(r.fix(a, false, t));
        QCOMPARE(t.dts, 1000 + 2 * kFrame + 10);
    }

    void neverGoesBackwards_data()
    {
        QTest::addColumn<QList<qint64>>("input");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("monotonic") << QList<qint64>{0, 3600, 7200} << QList<qint64>{0, 3600, 7200};
        QTest::newRow("repeat") << QList<qint64>{0, 3600, 3600, 7200}
                                << QList<qint64>{0, 3600, 3601, 7200};
        QTest::newRow("small step back")
            << QList<qint64>{0, 3600, 3000, 7200} << QList<qint64>{0, 3600, 3601, 7200};
    }
    void neverGoesBackwards()
    {
        QFETCH(QList<qint64>, input);
        QFETCH(QList<qint64>, expected);
        TimestampRepair r(kGap);
        const int v = r.addTrack(true, kFrame);
        for (qsizetype i = 0; i < input.size(); ++i) {
            Times t{input[i], input[i], 0};
            QVERIFY(r.fix(v, i == 0, t));
            QCOMPARE(t.dts, expected[i]);
            QVERIFY(t.pts >= t.dts);
        }
    }

    void clockJumpIsSpliced_data()
    {
        QTest::addColumn<qint64>("jump");
        QTest::newRow("forward (RTCP resync)") << qint64(3600LL * 90000);
        QTest::newRow("backward (camera reboot)") << qint64(-3600LL * 90000);
    }
    void clockJumpIsSpliced()
    {
        QFETCH(qint64, jump);
        TimestampRepair r(kGap);
        const int v = r.addTrack(true, kFrame);
        int64_t in = 1'000'000;
        Times t{in, in, 0};
        QVERIFY(r.fix(v, true, t));
        for (int i = 1; i < 5; ++i) {
            t = {in + i * kFrame, in + i * kFrame, 0};
            QVERIFY(r.fix(v, false, t));
        }
        const int64_t before = t.dts;
        t = {in + 5 * kFrame + jump, in + 5 * kFrame + jump, 0};
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.dts, before + kFrame); // continues one frame later
        t = {in + 6 * kFrame + jump, in + 6 * kFrame + jump, 0};
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.dts, before + 2 * kFrame); // and stays on the new clock
        QCOMPARE(r.jumps(), 1);
    }

    void continuesAfterReconnect()
    {
        TimestampRepair first(kGap);
        const int v = first.addTrack(true, kFrame);
        for (int i = 0; i < 10; ++i) {
            Times t{500 + i * kFrame, 500 + i * kFrame, kFrame};
            QVERIFY(first.fix(v, i == 0, t));
        }
        QCOMPARE(first.end(), 10 * kFrame);

        // The camera comes back with a fresh clock; output keeps rising.
        TimestampRepair second(kGap, first.end());
        const int v2 = second.addTrack(true, kFrame);
        Times t{42, 42, 0};
        QVERIFY(!second.fix(v2, false, t)); // waits for a keyframe again
        t = {84, 84, 0};
        QVERIFY(second.fix(v2, true, t));
        QCOMPARE(t.dts, 10 * kFrame);
    }

    void ptsBelowDtsIsRaised()
    {
        TimestampRepair r(kGap);
        const int v = r.addTrack(true, kFrame);
        Times t{0, 0, 0};
        QVERIFY(r.fix(v, true, t));
        t = {100, 3600, 0}; // broken camera: pts < dts
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.pts, t.dts);
    }

    void measuredIntervalBecomesDuration()
    {
        TimestampRepair r(kGap);
        const int v = r.addTrack(true, kFrame);
        Times t{0, 0, 0};
        QVERIFY(r.fix(v, true, t));
        t = {3000, 3000, 0}; // 30 fps camera
        QVERIFY(r.fix(v, false, t));
        QCOMPARE(t.duration, 3000);
    }

    void unknownTrackIsDropped()
    {
        TimestampRepair r(kGap);
        Times t{0, 0, 0};
        QVERIFY(!r.fix(3, true, t));
    }
};

QTEST_APPLESS_MAIN(tst_TimestampRepair)
#include "tst_timestamprepair.moc"
