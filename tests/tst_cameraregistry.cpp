// The camera registry: CRUD, validation, persistence across restarts, atomic saves,
// passwords kept out of the config file and out of every answer.
#include "CameraConfig.h"
#include "CameraRegistry.h"
#include "SecretStore.h"
#include "StreamJson.h"
#include "StreamManager.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace camhub;

namespace {
Camera plain(const QString &name, const QString &url, const QString &token = QStringLiteral("main"))
{
    Camera c;
    c.name = name;
    c.profiles.append(CameraProfile{token, QStringLiteral("Main"), url, {}, {}, {}, 0, 0});
    return c;
}
QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class tst_CameraRegistry final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void addAssignsIdsAndPersists();
    void passwordsStayOutOfTheConfig();
    void credentialsInUrlsAreSplit();
    void invalidInputChangesNothing_data();
    void invalidInputChangesNothing();
    void updateKeepsPasswordUnlessGiven();
    void removeStopsItsStreams();
    void survivesARestart();
    void failedSaveChangesNothing();
    void answersNeverShowSecrets();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FileSecretStore> m_secrets;
    std::unique_ptr<CameraRegistry> m_registry;
    QString m_config;
};

void tst_CameraRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = m_dir->filePath(QStringLiteral("cameras.json"));
    m_secrets = std::make_unique<FileSecretStore>(m_dir->filePath(QStringLiteral("secrets.json")));
    m_registry = std::make_unique<CameraRegistry>(CameraConfig::parse("{}").cameras);
    m_registry->setStorage(m_config, m_secrets.get());
}

void tst_CameraRegistry::addAssignsIdsAndPersists()
{
    QSignalSpy changed(m_registry.get(), &CameraRegistry::camerasChanged);
    auto r =
        m_registry->add(plain(QStringLiteral("Front Door!"), QStringLiteral("rtsp://10.0.0.2/a")));
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.camera.id, QStringLiteral("front-door"));
    QCOMPARE(r.camera.profiles[0].streamId, QStringLiteral("front-door_main"));
    QCOMPARE(changed.size(), 1);
    r = m_registry->add(plain(QStringLiteral("Front door"), QStringLiteral("rtsp://10.0.0.3/a")));
    QCOMPARE(r.camera.id, QStringLiteral("front-door-2")); // unique
    const CameraConfig saved = CameraConfig::load(m_config);
    QVERIFY2(saved.ok(), qPrintable(saved.error));
    QCOMPARE(saved.cameras.size(), 3); // demo + 2
    QCOMPARE(saved.cameras[2].profiles[0].url, QStringLiteral("rtsp://10.0.0.3/a"));
}

void tst_CameraRegistry::passwordsStayOutOfTheConfig()
{
    Camera c = plain(QStringLiteral("Yard"), QStringLiteral("rtsp://10.0.0.4/s"));
    c.username = QStringLiteral("admin");
    c.password = QStringLiteral("Sup3r-Secret");
    QVERIFY(m_registry->add(c).ok());
    const QByteArray config = readFile(m_config);
    QVERIFY(config.contains("\"username\": \"admin\""));
    QVERIFY(!config.contains("Sup3r-Secret"));
    const QString secretsPath = m_dir->filePath(QStringLiteral("secrets.json"));
    QVERIFY(readFile(secretsPath).contains("Sup3r-Secret"));
    const auto perms = QFile::permissions(secretsPath);
    QVERIFY(perms.testFlag(QFileDevice::ReadOwner) && perms.testFlag(QFileDevice::WriteOwner));
    QCOMPARE(perms & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                      QFileDevice::WriteOther),
             QFileDevice::Permissions());
    QCOMPARE(m_secrets->read(QStringLiteral("yard")).value_or(QString()),
             QStringLiteral("Sup3r-Secret"));
}

void tst_CameraRegistry::credentialsInUrlsAreSplit()
{
    const auto r = m_registry->add(
        plain(QStringLiteral("Gate"), QStringLiteral("rtsp://bob:pa%40ss@10.0.0.9:554/live")));
    QVERIFY(r.ok());
    QCOMPARE(r.camera.profiles[0].url, QStringLiteral("rtsp://10.0.0.9:554/live"));
    QCOMPARE(r.camera.username, QStringLiteral("bob"));
    QCOMPARE(r.camera.password, QStringLiteral("pa@ss"));
    QVERIFY(!readFile(m_config).contains("pa@ss"));
    QVERIFY(!readFile(m_config).contains("pa%40ss"));
    // ...and are put back only for the reader.
    const auto resolved = m_registry->findStream(QStringLiteral("gate_main"));
    QVERIFY(resolved);
    QCOMPARE(authenticatedUrl(resolved->camera, resolved->profile),
             QStringLiteral("rtsp://bob:pa%40ss@10.0.0.9:554/live"));
}

void tst_CameraRegistry::invalidInputChangesNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no name") << ""
                             << "rtsp://h/x"
                             << ""
                             << "name";
    QTest::newRow("bad url") << "Cam"
                             << "not a url"
                             << ""
                             << "url";
    QTest::newRow("file url") << "Cam"
                              << "file:///etc/passwd"
                              << ""
                              << "url";
    QTest::newRow("javascript") << "Cam"
                                << "javascript:alert(1)"
                                << ""
                                << "url";
    QTest::newRow("bad id") << "Cam"
                            << "rtsp://h/x"
                            << "../x"
                            << "id";
    QTest::newRow("taken id") << "Cam"
                              << "rtsp://h/x"
                              << "demo"
                              << "exists";
}

void tst_CameraRegistry::invalidInputChangesNothing()
{
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QString, id);
    QFETCH(QString, mentions);
    QVERIFY(
        m_registry->add(plain(QStringLiteral("Keep"), QStringLiteral("rtsp://10.0.0.1/k"))).ok());
    const QByteArray before = readFile(m_config);
    Camera c = plain(name, url);
    c.id = id;
    const auto r = m_registry->add(c);
    QCOMPARE(r.error, CameraRegistry::Error::Invalid);
    QVERIFY2(r.message.contains(mentions), qPrintable(r.message));
    QCOMPARE(readFile(m_config), before);
    QCOMPARE(m_registry->cameras().size(), 2);
}

void tst_CameraRegistry::updateKeepsPasswordUnlessGiven()
{
    Camera c = plain(QStringLiteral("Porch"), QStringLiteral("rtsp://10.0.0.5/a"));
    c.username = QStringLiteral("u");
    c.password = QStringLiteral("first");
    QVERIFY(m_registry->add(c).ok());
    Camera edit = plain(QStringLiteral("Porch (east)"), QStringLiteral("rtsp://10.0.0.5/a"));
    edit.username = QStringLiteral("u");
    auto r = m_registry->update(QStringLiteral("porch"), edit);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.camera.name, QStringLiteral("Porch (east)"));
    QCOMPARE(m_registry->camera(QStringLiteral("porch"))->password, QStringLiteral("first"));
    edit.password = QStringLiteral("second");
    QVERIFY(m_registry->update(QStringLiteral("porch"), edit).ok());
    QCOMPARE(m_secrets->read(QStringLiteral("porch")).value_or(QString()),
             QStringLiteral("second"));
    QCOMPARE(m_registry->update(QStringLiteral("nope"), edit).error,
             CameraRegistry::Error::NotFound);
}

void tst_CameraRegistry::removeStopsItsStreams()
{
    StreamManager::Options options;
    options.cleanupIntervalSeconds = 0;
    StreamManager manager(*m_registry, options);
    QVERIFY(manager.start(QStringLiteral("demo_main")).ok());
    QSignalSpy invalidated(m_registry.get(), &CameraRegistry::streamsInvalidated);
    const auto r = m_registry->remove(QStringLiteral("demo"));
    QVERIFY(r.ok());
    QCOMPARE(invalidated.size(), 1);
    QCOMPARE(invalidated.first().first().toStringList(), QStringList{QStringLiteral("demo_main")});
    QVERIFY(manager.all().isEmpty());                      // the reader was stopped
    QVERIFY(!manager.status(QStringLiteral("demo_main"))); // and the id is gone
    QCOMPARE(m_registry->remove(QStringLiteral("demo")).error, CameraRegistry::Error::NotFound);
    QVERIFY(readFile(m_config).contains("\"demo\": false"));
}

void tst_CameraRegistry::survivesARestart()
{
    Camera c = plain(QStringLiteral("Garage"), QStringLiteral("rtsp://10.0.0.7/m"));
    c.profiles[0].snapshotUrl = QStringLiteral("http://10.0.0.7/snap.jpg");
    c.username = QStringLiteral("viewer");
    c.password = QStringLiteral("pw");
    QVERIFY(m_registry->add(c).ok());
    // A new process: read the file and the secrets again.
    const CameraConfig loaded = CameraConfig::load(m_config);
    QVERIFY(loaded.ok());
    CameraRegistry again(loaded.cameras);
    again.setStorage(m_config, m_secrets.get());
    again.loadSecrets();
    const auto garage = again.camera(QStringLiteral("garage"));
    QVERIFY(garage);
    QCOMPARE(garage->username, QStringLiteral("viewer"));
    QCOMPARE(garage->password, QStringLiteral("pw"));
    QCOMPARE(garage->profiles[0].streamId, QStringLiteral("garage_main"));
}

void tst_CameraRegistry::failedSaveChangesNothing()
{
    // The config path is a directory: QSaveFile cannot commit (even as root).
    const QString dirAsFile = m_dir->filePath(QStringLiteral("blocked"));
    QVERIFY(QDir().mkpath(dirAsFile));
    m_registry->setStorage(dirAsFile, m_secrets.get());
    const auto r =
        m_registry->add(plain(QStringLiteral("Lost"), QStringLiteral("rtsp://10.0.0.8/x")));
    QCOMPARE(r.error, CameraRegistry::Error::Storage);
    QVERIFY(!r.message.isEmpty());
    QVERIFY(!m_registry->hasCamera(QStringLiteral("lost")));
    QCOMPARE(m_registry->cameras().size(), 1);
}

void tst_CameraRegistry::answersNeverShowSecrets()
{
    Camera c = plain(QStringLiteral("Shed"), QStringLiteral("rtsp://u:hunter2@10.0.0.6/a"));
    c.onvif.xaddr = QStringLiteral("http://u:hunter2@10.0.0.6/onvif/device_service");
    const auto r = m_registry->add(c);
    QVERIFY(r.ok());
    const QByteArray json = QJsonDocument(StreamJson::camera(r.camera)).toJson();
    QVERIFY(!json.contains("hunter2"));
    QVERIFY(!json.contains("rtsp://"));
    QVERIFY(json.contains("\"has_credentials\": true"));
    QVERIFY(json.contains("http://10.0.0.6/onvif/device_service"));
}

QTEST_GUILESS_MAIN(tst_CameraRegistry)
#include "tst_cameraregistry.moc"
