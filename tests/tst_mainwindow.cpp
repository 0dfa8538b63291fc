// The real window (offscreen) against the real camera and the real HTTP server.
#include "CameraConfig.h"
#include "CameraDialog.h"
#include "CameraListModel.h"
#include "CameraRegistry.h"
#include "HttpService.h"
#include "MainWindow.h"
#include "PlayerGrid.h"
#include "PlayerWidget.h"
#include "RawHttp.h"
#include "RtspFixture.h"
#include "StreamManager.h"
#include "VideoView.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QStatusBar>
#include <QTest>
#include <QTreeView>

using namespace camhub;

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void listShowsCameras();
    void playShowsFrames();
    void secondPlayReusesTheConnection();
    void otherTileReusesTheConnection();
    void streamStartedOverHttpAppears();
    void deadCameraTurnsBadgeDead();
    void cleanupEmptiesIt();
    void gridAndFocus();
    void addAndRemoveCameraThroughTheWindow();

private:
    QString stateOf(const QString &streamId) const
    {
        return m_window->model()
            ->data(m_window->model()->indexOfStream(streamId), CameraListModel::StateRole)
            .toString();
    }
    void trigger(const char *action)
    {
        auto *a = m_window->findChild<QAction *>(QString::fromLatin1(action));
        QVERIFY2(a, action);
        a->trigger();
    }

    std::unique_ptr<RtspFixture> m_camera;
    std::unique_ptr<CameraRegistry> m_registry;
    std::unique_ptr<StreamManager> m_manager;
    std::unique_ptr<HttpService> m_http;
    std::unique_ptr<MainWindow> m_window;
    const QString m_cam = QStringLiteral("camera1_MediaProfile00000");
};

void tst_MainWindow::initTestCase()
{
    RtspFixture::Options o;
    o.user = QStringLiteral("viewer");
    o.password = QStringLiteral("pw-123");
    m_camera = std::make_unique<RtspFixture>(o);
    QString error;
    QVERIFY2(m_camera->start(&error), qPrintable(error));
    const CameraConfig config = CameraConfig::parse(
        "{\"cameras\":[{\"id\":\"camera1\",\"name\":\"Front door\",\"profiles\":["
        "{\"token\":\"MediaProfile00000\",\"name\":\"Main\",\"url\":\"" +
        m_camera->url().toUtf8() + "\"}]}]}");
    QVERIFY2(config.ok(), qPrintable(config.error));
    m_registry = std::make_unique<CameraRegistry>(config.cameras);
    StreamManager::Options options;
    options.cleanupIntervalSeconds = 0;
    options.stream.reconnectAttempts = 1;
    options.stream.reconnectBackoff = std::chrono::milliseconds(300);
    m_manager = std::make_unique<StreamManager>(*m_registry, options);
    m_http = std::make_unique<HttpService>(*m_registry, *m_manager);
    QVERIFY2(m_http->start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    m_window = std::make_unique<MainWindow>(
        *m_registry, *m_manager, QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_http->port())));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_MainWindow::cleanupTestCase()
{
    m_window.reset();
    m_http.reset();
    m_manager.reset();
    m_camera.reset();
}

void tst_MainWindow::listShowsCameras()
{
    CameraListModel *model = m_window->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->data(model->index(0, 0)).toString(), QStringLiteral("Demo camera"));
    QCOMPARE(model->data(model->index(1, 0)).toString(), QStringLiteral("Front door"));
    const QModelIndex profile = model->index(0, 0, model->index(1, 0));
    QCOMPARE(model->data(profile).toString(), QStringLiteral("Main"));
    QCOMPARE(model->data(profile, CameraListModel::StreamIdRole).toString(), m_cam);
    QCOMPARE(stateOf(m_cam), QStringLiteral("stopped"));
    QVERIFY(m_window->cameraList()->isExpanded(model->index(1, 0)));
}

void tst_MainWindow::playShowsFrames()
{
    CameraListModel *model = m_window->model();
    m_window->cameraList()->setCurrentIndex(model->indexOfStream(m_cam));
    trigger("actionPlay");
    VideoView *view = m_window->grid()->current()->view();
    QCOMPARE(view->message(), QStringLiteral("Starting stream…"));
    QTRY_VERIFY_WITH_TIMEOUT(view->framesPresented() > 10, 5000);
    QTRY_VERIFY(view->message().isEmpty());
    QTRY_COMPARE(stateOf(m_cam), QStringLiteral("running"));
    QCOMPARE(m_camera->clientsConnected(), 1);
}

void tst_MainWindow::secondPlayReusesTheConnection()
{
    VideoView *view = m_window->grid()->current()->view();
    const qint64 before = view->framesPresented();
    trigger("actionPlay");
    QVERIFY2(view->message().startsWith(QStringLiteral("Connecting to existing stream…")),
             qPrintable(view->message()));
    QTRY_VERIFY(view->framesPresented() > before + 10);
    QCOMPARE(m_camera->clientsConnected(), 1);
}

void tst_MainWindow::otherTileReusesTheConnection()
{
    trigger("actionGrid4");
    QCOMPARE(m_window->grid()->tileCount(), 4);
    PlayerWidget *second = m_window->grid()->tile(1);
    m_window->grid()->setCurrent(second);
    trigger("actionPlay");
    QVERIFY(second->view()->message().startsWith(QStringLiteral("Connecting to existing stream…")));
    // The GOP under way is handed over: a picture without waiting for a keyframe.
    QTRY_VERIFY_WITH_TIMEOUT(second->view()->framesPresented() > 10, 5000);
    QCOMPARE(m_camera->clientsConnected(), 1);
    QCOMPARE(m_camera->clientsOpen(), 1);
    QVERIFY(m_window->grid()->tile(0)->view()->framesPresented() > 0);
}

void tst_MainWindow::streamStartedOverHttpAppears()
{
    QCOMPARE(stateOf(QStringLiteral("demo_main")), QStringLiteral("stopped"));
    const RawResponse r =
        RawHttp::post(m_http->port(), "/api/streams/start", "{\"stream_id\":\"demo_main\"}");
    QCOMPARE(r.status, 200);
    QTRY_VERIFY(stateOf(QStringLiteral("demo_main")) == QStringLiteral("starting") ||
                stateOf(QStringLiteral("demo_main")) == QStringLiteral("running"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("demo_main")), QStringLiteral("running"),
                              10000);
    const QModelIndex uptime = m_window->model()->indexOfStream(QStringLiteral("demo_main"),
                                                                CameraListModel::UptimeColumn);
    QTRY_VERIFY(m_window->model()->data(uptime).toString().endsWith(QStringLiteral(" s")));
}

void tst_MainWindow::deadCameraTurnsBadgeDead()
{
    m_camera->kill();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_cam), QStringLiteral("dead"), 20000);
    VideoView *view = m_window->grid()->tile(0)->view();
    QTRY_VERIFY(view->message().startsWith(QStringLiteral("Camera unavailable")));
    QCOMPARE(stateOf(QStringLiteral("demo_main")), QStringLiteral("running"));
}

void tst_MainWindow::cleanupEmptiesIt()
{
    trigger("actionCleanup");
    QCOMPARE(stateOf(m_cam), QStringLiteral("stopped"));
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QStringLiteral("Cleaned up 1 dead stream(s)"));
    QCOMPARE(stateOf(QStringLiteral("demo_main")), QStringLiteral("running"));
    QCOMPARE(m_manager->all().size(), 1);
}

void tst_MainWindow::gridAndFocus()
{
    trigger("actionGrid9");
    PlayerGrid *grid = m_window->grid();
    int visible = 0;
    for (int i = 0; i < PlayerGrid::kMaxTiles; ++i)
        visible += grid->tile(i)->isVisible() ? 1 : 0;
    QCOMPARE(visible, 9);
    QTest::mouseDClick(grid->tile(4)->view(), Qt::LeftButton);
    QVERIFY(grid->isFocused());
    QVERIFY(grid->tile(4)->isVisible());
    QVERIFY(!grid->tile(0)->isVisible());
    QCOMPARE(grid->current(), grid->tile(4));
    QTest::mouseDClick(grid->tile(4)->view(), Qt::LeftButton);
    QVERIFY(!grid->isFocused());
    QVERIFY(grid->tile(0)->isVisible());
    trigger("actionGrid1");
    QVERIFY(!grid->tile(1)->isVisible());
}

void tst_MainWindow::addAndRemoveCameraThroughTheWindow()
{
    const int before = m_window->model()->rowCount();
    CameraDialog dialog(*m_registry, nullptr, m_window.get());
    dialog.findChild<QComboBox *>()->setCurrentIndex(1); // RTSP URL
    dialog.findChild<QLineEdit *>(QStringLiteral("cameraName"))
        ->setText(QStringLiteral("Back yard"));
    // A bad URL is refused inside the dialog, which stays open.
    dialog.findChild<QLineEdit *>(QStringLiteral("rtspUrl"))->setText(QStringLiteral("nonsense"));
    dialog.accept();
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("cameraStatus"))
                ->text()
                .contains(QStringLiteral("url")));
    QCOMPARE(m_window->model()->rowCount(), before);
    dialog.findChild<QLineEdit *>(QStringLiteral("rtspUrl"))->setText(m_camera->url());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.savedCameraId(), QStringLiteral("back-yard"));
    QCOMPARE(m_window->model()->rowCount(), before + 1); // the list follows the registry
    const QModelIndex added = m_window->model()->indexOfStream(QStringLiteral("back-yard_main"));
    QVERIFY(added.isValid());
    QCOMPARE(m_window->model()->data(added.parent()).toString(), QStringLiteral("Back yard"));
    QVERIFY(m_registry->remove(QStringLiteral("back-yard")).ok());
    QCOMPARE(m_window->model()->rowCount(), before);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
