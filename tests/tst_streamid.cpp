#include "StreamId.h"

#include <QTest>

using namespace camhub;

class tst_StreamId final : public QObject
{
    Q_OBJECT

private slots:
    void cameraId_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "camera1" << true;
        QTest::newRow("dash-underscore") << "front_door-2" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("leading dash") << "-cam" << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("dots") << ".." << false;
        QTest::newRow("space") << "front door" << false;
        QTest::newRow("unicode") << QString::fromUtf8("kamera\xc3\xa9") << false;
        QTest::newRow("64 chars") << QString(64, u'a') << true;
        QTest::newRow("65 chars") << QString(65, u'a') << false;
    }
    void cameraId()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QCOMPARE(StreamId::isValidCameraId(id), valid);
    }

    void make_data()
    {
        QTest::addColumn<QString>("camera");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("expected");
        QTest::newRow("onvif") << "camera1"
                               << "MediaProfile00000"
                               << "camera1_MediaProfile00000";
        QTest::newRow("spaces") << "cam"
                                << "Profile 1"
                                << "cam_Profile-1";
        QTest::newRow("slashes") << "cam"
                                 << "../../etc"
                                 << "cam_..-..-etc";
        QTest::newRow("dots only") << "cam"
                                   << ".."
                                   << "cam_profile";
        QTest::newRow("percent") << "cam"
                                 << "a%2fb"
                                 << "cam_a-2fb";
    }
    void make()
    {
        QFETCH(QString, camera);
        QFETCH(QString, token);
        QFETCH(QString, expected);
        const QString id = StreamId::make(camera, token);
        QCOMPARE(id, expected);
        QVERIFY(StreamId::isWellFormed(id));
    }

    void wellFormed_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("ok");
        QTest::newRow("normal") << "camera1_MediaProfile00000" << true;
        QTest::newRow("dotdot") << ".." << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("backslash") << "a\\b" << false;
        QTest::newRow("nul") << QString(QChar(0)) << false;
        QTest::newRow("empty") << "" << false;
    }
    void wellFormed()
    {
        QFETCH(QString, id);
        QFETCH(bool, ok);
        QCOMPARE(StreamId::isWellFormed(id), ok);
    }
};

QTEST_APPLESS_MAIN(tst_StreamId)
#include "tst_streamid.moc"
