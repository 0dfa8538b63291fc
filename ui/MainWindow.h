#pragma once

#include <QMainWindow>
#include <QUrl>

class QAction;
class QLabel;
class QSystemTrayIcon;
class QTreeView;

namespace camhub {

class AccessControl;
class CameraListModel;
class CameraRegistry;
class HttpService;
class PlayerGrid;
class StreamManager;

// The desktop window: the camera list on the left, 1/4/9 players on the right, the
// hub's address in the status bar. Everything goes through StreamManager, exactly as
// the HTTP API does, so the window and browsers always agree.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    // http and access may be null (no "Share on LAN" then).
    MainWindow(CameraRegistry &cameras, StreamManager &manager, QUrl serverUrl,
               HttpService *http = nullptr, AccessControl *access = nullptr,
               QWidget *parent = nullptr);

    PlayerGrid *grid() const { return m_grid; }
    QTreeView *cameraList() const { return m_list; }
    CameraListModel *model() const { return m_model; }

    void playSelected(); // the selected profile in the current tile
    void stopCurrent();
    int cleanupDeadStreams(); // reports the count in the status bar
    void play(const QString &streamId);
    void addCamera();
    void editCamera();
    void removeCamera();
    void refreshCamera();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createTray();
    void showPreferences();
    void showShare();
    QString selectedCameraId() const;

    CameraRegistry &m_cameras;
    StreamManager &m_manager;
    const QUrl m_serverUrl;
    HttpService *m_http;
    AccessControl *m_access;
    CameraListModel *m_model;
    QTreeView *m_list;
    PlayerGrid *m_grid;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_quitting = false;
};

} // namespace camhub
