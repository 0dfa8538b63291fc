#include "CameraConfig.h"

#include <QTemporaryDir>
#include <QTest>

using namespace camhub;

class tst_CameraConfig final : public QObject
{
    Q_OBJECT

private slots:
    void emptyGivesDemo()
    {
        const CameraConfig c = CameraConfig::parse("{}");
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.cameras.size(), 1);
        QCOMPARE(c.cameras[0].id, QStringLiteral("demo"));
        QCOMPARE(c.cameras[0].profiles[0].streamId, QStringLiteral("demo_main"));
    }

    void demoCanBeDisabled()
    {
        const CameraConfig c = CameraConfig::parse("{\"demo\": false}");
        QVERIFY(c.ok());
        QVERIFY(c.cameras.isEmpty());
    }

    void full()
    {
        const CameraConfig c = CameraConfig::parse(
            "{\"cameras\": [\n"
            "            {\"id\": \"camera1\", \"name\": \"Front door\", \"profiles\": [\n"
            "                {\"token\": \"MediaProfile00000\", \"name\": \"Main\", \"url\": "
            "\"rtsp://u:p@10.0.0.2/main\"},\n"
            "                {\"token\": \"MediaProfile00001\", \"url\": "
            "\"rtsp://10.0.0.2/sub\"}]}]}");
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.cameras.size(), 2);
        const Camera &cam = c.cameras[1];
        QCOMPARE(cam.name, QStringLiteral("Front door"));
        QCOMPARE(cam.profiles.size(), 2);
        QCOMPARE(cam.profiles[0].streamId, QStringLiteral("camera1_MediaProfile00000"));
        QCOMPARE(cam.profiles[0].url, QStringLiteral("rtsp://u:p@10.0.0.2/main"));
        QCOMPARE(cam.profiles[1].name, QStringLiteral("MediaProfile00001")); // defaults to token
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("{cameras:") << "invalid JSON";
        QTest::newRow("array root") << QByteArray("[]") << "object";
        QTest::newRow("cameras not array") << QByteArray("{\"cameras\": {}}") << "array";
        QTest::newRow("bad id")
            << QByteArray("{\"cameras\":[{\"id\":\"a/"
                          "b\",\"profiles\":[{\"token\":\"t\",\"url\":\"rtsp://h/\"}]}]}")
            << "cameras[0].id";
        QTest::newRow("dup id")
            << QByteArray(
                   "{\"cameras\":[{\"id\":\"a\",\"profiles\":[{\"token\":\"t\",\"url\":\"rtsp://h/"
                   "\"}]},{\"id\":\"a\",\"profiles\":[{\"token\":\"t\",\"url\":\"rtsp://h/\"}]}]}")
            << "used twice";
        QTest::newRow("demo id taken") << QByteArray("{\"cameras\":[{\"id\":\"demo\",\"profiles\":["
                                                     "{\"token\":\"t\",\"url\":\"rtsp://h/\"}]}]}")
                                       << "used twice";
        QTest::newRow("no profiles")
            << QByteArray("{\"cameras\":[{\"id\":\"a\",\"profiles\":[]}]}") << "profiles";
        QTest::newRow("no token")
            << QByteArray("{\"cameras\":[{\"id\":\"a\",\"profiles\":[{\"url\":\"rtsp://h/\"}]}]}")
            << "token";
        QTest::newRow("bad url") << QByteArray(
                                        "{\"cameras\":[{\"id\":\"a\",\"profiles\":[{\"token\":"
                                        "\"t\",\"url\":\"javascript:alert(1)\"}]}]}")
                                 << "url";
        QTest::newRow("dup stream")
            << QByteArray(
                   "{\"cameras\":[{\"id\":\"a\",\"profiles\":[{\"token\":\"x "
                   "y\",\"url\":\"rtsp://h/\"},{\"token\":\"x-y\",\"url\":\"rtsp://h/\"}]}]}")
            << "a_x-y";
        QTest::newRow("demo not bool") << QByteArray("{\"demo\": \"no\"}") << "demo";
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        const CameraConfig c = CameraConfig::parse(json);
        QVERIFY(!c.ok());
        QVERIFY2(c.error.contains(mentions), qPrintable(c.error));
    }

    void errorNeverShowsPassword()
    {
        const CameraConfig c =
            CameraConfig::parse("{\"cameras\":[{\"id\":\"a\",\"profiles\":[{\"token\":\"t\","
                                "\"url\":\"ftp://user:hunter2@h/\"}]}]}");
        QVERIFY(!c.ok());
        QVERIFY(!c.error.contains(QStringLiteral("hunter2")));
        QVERIFY(c.error.contains(QStringLiteral("profiles[0].url")));
    }

    void loadFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A missing file is a first run, not an error.
        const CameraConfig missing = CameraConfig::load(dir.filePath(QStringLiteral("none.json")));
        QVERIFY(missing.ok());
        QCOMPARE(missing.cameras.size(), 1);

        QFile f(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"cameras\": 3}");
        f.close();
        const CameraConfig bad = CameraConfig::load(f.fileName());
        QVERIFY(!bad.ok());
        QVERIFY(bad.error.startsWith(f.fileName()));
    }
};

QTEST_APPLESS_MAIN(tst_CameraConfig)
#include "tst_cameraconfig.moc"
