#include "HlsPlaylist.h"

#include <QTest>

using namespace camhub;

namespace {
HlsSegment segment(qint64 seq, double duration = 1.0, bool discontinuity = false)
{
    HlsSegment s;
    s.sequence = seq;
    s.duration = duration;
    s.discontinuity = discontinuity;
    s.programDateTime = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + seq * 1000, Qt::UTC);
    s.data = QByteArray("segment-") + QByteArray::number(seq);
    return s;
}
QStringList lines(const QByteArray &playlist)
{
    return QString::fromLatin1(playlist).split(u'\n', Qt::SkipEmptyParts);
}
} // namespace

class tst_HlsPlaylist final : public QObject
{
    Q_OBJECT

private slots:
    void emptyUntilFirstSegment()
    {
        HlsPlaylist p(1, 6, 2);
        QVERIFY(p.playlist().isEmpty());
        QVERIFY(!p.file(QStringLiteral("stream.m3u8")).has_value());
        p.addSegment(segment(0));
        const QStringList l = lines(p.playlist());
        QCOMPARE(l.first(), QStringLiteral("#EXTM3U"));
        QVERIFY(l.contains(QStringLiteral("#EXT-X-TARGETDURATION:1")));
        QVERIFY(l.contains(QStringLiteral("#EXT-X-MEDIA-SEQUENCE:0")));
        QVERIFY(l.contains(QStringLiteral("#EXTINF:1.000,")));
        QCOMPARE(l.last(), QStringLiteral("seg0.ts"));
        QVERIFY(!p.playlist().contains("ENDLIST")); // live
    }

    void slidingWindowKeepsExtraSegments()
    {
        HlsPlaylist p(1, 6, 2);
        for (int i = 0; i < 20; ++i)
            p.addSegment(segment(i));
        const QStringList l = lines(p.playlist());
        QCOMPARE(l.filter(QStringLiteral(".ts")).size(), 6);
        QVERIFY(l.contains(QStringLiteral("#EXT-X-MEDIA-SEQUENCE:14")));
        QCOMPARE(l.last(), QStringLiteral("seg19.ts"));
        // Out of the window but still fetchable for a moment...
        QVERIFY(p.file(QStringLiteral("seg12.ts")).has_value());
        // ...and then gone.
        QVERIFY(!p.file(QStringLiteral("seg11.ts")).has_value());
        QCOMPARE(*p.file(QStringLiteral("seg19.ts")), QByteArray("segment-19"));
        QCOMPARE(p.segmentsProduced(), 20);
    }

    void targetDurationCoversLongGops()
    {
        HlsPlaylist p(1, 6, 0);
        p.addSegment(segment(0, 1.0));
        p.addSegment(segment(1, 4.2)); // a camera with a 4 s GOP
        QVERIFY(lines(p.playlist()).contains(QStringLiteral("#EXT-X-TARGETDURATION:4")));
        for (int i = 2; i < 12; ++i)
            p.addSegment(segment(i, 1.0));
        // Never shrinks again: RFC 8216 forbids changing it.
        QVERIFY(lines(p.playlist()).contains(QStringLiteral("#EXT-X-TARGETDURATION:4")));
    }

    void discontinuitySequence()
    {
        HlsPlaylist p(1, 3, 0);
        p.addSegment(segment(0));
        p.addSegment(segment(1, 1.0, true));
        p.addSegment(segment(2));
        QByteArray pl = p.playlist();
        QVERIFY(pl.contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME"));
        QVERIFY(!pl.contains("DISCONTINUITY-SEQUENCE"));
        p.addSegment(segment(3));
        p.addSegment(segment(4)); // the flagged segment leaves the window
        pl = p.playlist();
        QVERIFY(pl.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1"));
        QVERIFY(!pl.contains("#EXT-X-DISCONTINUITY\n"));
    }

    void hostileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("dotdot") << "..";
        QTest::newRow("traversal") << "../../etc/passwd";
        QTest::newRow("absolute") << "/etc/passwd";
        QTest::newRow("negative") << "seg-1.ts";
        QTest::newRow("leading zero") << "seg01.ts";
        QTest::newRow("huge") << "seg99999999999999999999999.ts";
        QTest::newRow("suffix") << "seg1.ts.bak";
        QTest::newRow("tmp playlist") << "stream.m3u8.tmp";
        QTest::newRow("empty") << "";
    }
    void hostileNames()
    {
        QFETCH(QString, name);
        HlsPlaylist p(1, 6, 0);
        p.addSegment(segment(1));
        QVERIFY(!p.file(name).has_value());
    }
};

QTEST_APPLESS_MAIN(tst_HlsPlaylist)
#include "tst_hlsplaylist.moc"
