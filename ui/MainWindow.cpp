#include "MainWindow.h"

#include "AppSettings.h"
#include "CameraDialog.h"
#include "CameraListModel.h"
#include "CameraRegistry.h"
#include "OnvifCameraReader.h"
#include "PlayerGrid.h"
#include "PlayerWidget.h"
#include "PreferencesDialog.h"
#include "ShareDialog.h"
#include "StreamManager.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

// Resources live in a static library: make sure the linker keeps them.
static void initResources()
{
    Q_INIT_RESOURCE(camhub);
}

namespace camhub {

MainWindow::MainWindow(CameraRegistry &cameras, StreamManager &manager, QUrl serverUrl,
                       HttpService *http, AccessControl *access, QWidget *parent)
    : QMainWindow(parent), m_cameras(cameras), m_manager(manager),
      m_serverUrl(std::move(serverUrl)), m_http(http), m_access(access),
      m_model(new CameraListModel(cameras, manager, this)), m_list(new QTreeView(this)),
      m_grid(new PlayerGrid(manager, this))
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("camhub"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/camhub.svg")));
    resize(1280, 760);

    m_list->setObjectName(QStringLiteral("cameraList"));
    m_list->setModel(m_model);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->expandAll();
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(CameraListModel::NameColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(CameraListModel::StateColumn,
                                           QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(CameraListModel::UptimeColumn,
                                           QHeaderView::ResizeToContents);
    connect(m_model, &QAbstractItemModel::modelReset, m_list, &QTreeView::expandAll);
    connect(m_list, &QTreeView::activated, this, [this] { playSelected(); });

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_grid);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({330, 950});
    setCentralWidget(splitter);

    createActions();

    // Where browsers reach the same hub.
    auto *address =
        new QLabel(tr("Serving on <a href=\"%1\">%1</a>").arg(m_serverUrl.toString()), this);
    address->setObjectName(QStringLiteral("serverAddress"));
    address->setOpenExternalLinks(true);
    address->setTextInteractionFlags(Qt::TextBrowserInteraction);
    auto *open = new QToolButton(this);
    open->setText(tr("Open in browser"));
    connect(open, &QToolButton::clicked, this, [this] { QDesktopServices::openUrl(m_serverUrl); });
    auto *copy = new QToolButton(this);
    copy->setText(tr("Copy URL"));
    connect(copy, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_serverUrl.toString());
        statusBar()->showMessage(tr("Copied %1").arg(m_serverUrl.toString()), 3000);
    });
    statusBar()->addPermanentWidget(address);
    statusBar()->addPermanentWidget(open);
    statusBar()->addPermanentWidget(copy);

    createTray();
}

void MainWindow::createActions()
{
    auto *toolbar = addToolBar(tr("Streams"));
    toolbar->setObjectName(QStringLiteral("toolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *streamMenu = menuBar()->addMenu(tr("&Stream"));
    auto *viewMenu = menuBar()->addMenu(tr("&View"));

    auto *play = new QAction(QIcon(QStringLiteral(":/icons/play.svg")), tr("Play"), this);
    play->setObjectName(QStringLiteral("actionPlay"));
    play->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_P), QKeySequence(Qt::Key_F5)});
    play->setToolTip(tr("Play the selected camera in the current tile (Ctrl+P)"));
    connect(play, &QAction::triggered, this, &MainWindow::playSelected);

    auto *stop = new QAction(QIcon(QStringLiteral(":/icons/stop.svg")), tr("Stop"), this);
    stop->setObjectName(QStringLiteral("actionStop"));
    stop->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Period), QKeySequence(Qt::Key_F6)});
    stop->setToolTip(tr("Stop the current tile's stream for everyone (Ctrl+.)"));
    connect(stop, &QAction::triggered, this, &MainWindow::stopCurrent);

    auto *cleanup = new QAction(QIcon(QStringLiteral(":/icons/cleanup.svg")),
                                tr("Clean up dead streams"), this);
    cleanup->setObjectName(QStringLiteral("actionCleanup"));
    cleanup->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(cleanup, &QAction::triggered, this, &MainWindow::cleanupDeadStreams);

    toolbar->addAction(play);
    toolbar->addAction(stop);
    toolbar->addSeparator();
    toolbar->addAction(cleanup);
    toolbar->addSeparator();
    streamMenu->addAction(play);
    streamMenu->addAction(stop);
    streamMenu->addAction(cleanup);
    streamMenu->addSeparator();

    auto *layouts = new QActionGroup(this);
    const struct
    {
        int tiles;
        const char *icon;
        const char *text;
        Qt::Key key;
    } grids[] = {
        {1, ":/icons/grid1.svg", QT_TR_NOOP("1 tile"), Qt::Key_1},
        {4, ":/icons/grid4.svg", QT_TR_NOOP("4 tiles"), Qt::Key_4},
        {9, ":/icons/grid9.svg", QT_TR_NOOP("9 tiles"), Qt::Key_9},
    };
    for (const auto &g : grids) {
        auto *a = new QAction(QIcon(QString::fromLatin1(g.icon)), tr(g.text), layouts);
        a->setObjectName(QStringLiteral("actionGrid%1").arg(g.tiles));
        a->setCheckable(true);
        a->setChecked(g.tiles == 1);
        a->setShortcut(QKeySequence(Qt::CTRL | g.key));
        const int tiles = g.tiles;
        connect(a, &QAction::triggered, this, [this, tiles] { m_grid->setTileCount(tiles); });
        toolbar->addAction(a);
        viewMenu->addAction(a);
    }

    auto *camerasMenu = menuBar()->addMenu(tr("&Cameras"));
    auto *add = new QAction(QIcon(QStringLiteral(":/icons/add.svg")), tr("Add camera…"), this);
    add->setObjectName(QStringLiteral("actionAddCamera"));
    add->setShortcut(QKeySequence::New);
    connect(add, &QAction::triggered, this, &MainWindow::addCamera);
    auto *edit = new QAction(tr("Edit camera…"), this);
    edit->setObjectName(QStringLiteral("actionEditCamera"));
    connect(edit, &QAction::triggered, this, &MainWindow::editCamera);
    auto *refresh = new QAction(tr("Refresh profiles"), this);
    refresh->setObjectName(QStringLiteral("actionRefreshCamera"));
    connect(refresh, &QAction::triggered, this, &MainWindow::refreshCamera);
    auto *remove = new QAction(tr("Remove camera"), this);
    remove->setObjectName(QStringLiteral("actionRemoveCamera"));
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(remove);
    connect(remove, &QAction::triggered, this, &MainWindow::removeCamera);
    camerasMenu->addAction(add);
    camerasMenu->addAction(edit);
    camerasMenu->addAction(refresh);
    camerasMenu->addAction(remove);
    toolbar->insertAction(play, add);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QWidget::customContextMenuRequested, this, [=, this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(play);
        menu.addSeparator();
        menu.addAction(edit);
        menu.addAction(refresh);
        menu.addAction(remove);
        menu.exec(m_list->viewport()->mapToGlobal(pos));
    });

    auto *share =
        new QAction(QIcon(QStringLiteral(":/icons/share.svg")), tr("Share on LAN…"), this);
    share->setObjectName(QStringLiteral("actionShare"));
    share->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    share->setEnabled(m_http && m_access);
    connect(share, &QAction::triggered, this, &MainWindow::showShare);
    toolbar->addSeparator();
    toolbar->addAction(share);
    streamMenu->addAction(share);

    auto *prefs = new QAction(tr("Preferences…"), this);
    prefs->setShortcut(QKeySequence::Preferences);
    connect(prefs, &QAction::triggered, this, &MainWindow::showPreferences);
    auto *quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, [this] {
        m_quitting = true;
        close();
        QApplication::quit();
    });
    streamMenu->addAction(prefs);
    streamMenu->addSeparator();
    streamMenu->addAction(quit);
}

void MainWindow::createTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    m_tray->setToolTip(tr("camhub — %1").arg(m_serverUrl.toString()));
    auto *menu = new QMenu(this);
    menu->addAction(tr("Show camhub"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(tr("Quit"), this, [this] {
        m_quitting = true;
        QApplication::quit();
    });
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger)
            setVisible(!isVisible());
    });
    m_tray->show();
}

void MainWindow::play(const QString &streamId)
{
    m_grid->current()->play(streamId);
}

void MainWindow::playSelected()
{
    const QString id = m_model->streamIdAt(m_list->currentIndex());
    if (id.isEmpty()) {
        statusBar()->showMessage(tr("Select a camera or profile first"), 4000);
        return;
    }
    play(id);
}

void MainWindow::stopCurrent()
{
    PlayerWidget *tile = m_grid->current();
    if (tile->streamId().isEmpty())
        return;
    tile->stopStream();
}

int MainWindow::cleanupDeadStreams()
{
    const int n = m_manager.cleanup();
    statusBar()->showMessage(tr("Cleaned up %n dead stream(s)", nullptr, n), 5000);
    return n;
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(AppSettings::load(), this);
    if (dialog.exec() == QDialog::Accepted)
        dialog.settings().save();
}

QString MainWindow::selectedCameraId() const
{
    const QString streamId = m_model->streamIdAt(m_list->currentIndex());
    const auto resolved = m_cameras.findStream(streamId);
    return resolved ? resolved->camera.id : QString();
}

void MainWindow::addCamera()
{
    CameraDialog dialog(m_cameras, nullptr, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Camera %1 added").arg(dialog.savedCameraId()), 5000);
}

void MainWindow::editCamera()
{
    const auto camera = m_cameras.camera(selectedCameraId());
    if (!camera) {
        statusBar()->showMessage(tr("Select a camera first"), 4000);
        return;
    }
    CameraDialog dialog(m_cameras, &*camera, this);
    dialog.exec();
}

void MainWindow::removeCamera()
{
    const auto camera = m_cameras.camera(selectedCameraId());
    if (!camera)
        return;
    if (QMessageBox::question(
            this, tr("Remove camera"),
            tr("Remove %1? Its streams stop for every viewer.").arg(camera->name)) !=
        QMessageBox::Yes)
        return;
    const auto r = m_cameras.remove(camera->id);
    statusBar()->showMessage(r.ok() ? tr("Removed %1").arg(camera->name) : r.message, 5000);
}

void MainWindow::refreshCamera()
{
    const auto camera = m_cameras.camera(selectedCameraId());
    if (!camera || !camera->isOnvif()) {
        statusBar()->showMessage(tr("Select an ONVIF camera first"), 4000);
        return;
    }
    statusBar()->showMessage(tr("Reading %1's profiles…").arg(camera->name));
    auto *reader = new OnvifCameraReader(*camera, this);
    const QString id = camera->id;
    connect(reader, &OnvifCameraReader::finished, this,
            [this, id](bool ok, const Camera &read, const QString &error) {
                const auto r = ok ? m_cameras.update(id, read) : CameraRegistry::Change{};
                statusBar()->showMessage(!ok      ? error
                                         : r.ok() ? tr("Profiles refreshed")
                                                  : r.message,
                                         6000);
            });
    reader->start();
}

void MainWindow::showShare()
{
    if (!m_http || !m_access)
        return;
    ShareDialog dialog(*m_http, *m_access, this);
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_quitting && m_tray && AppSettings::load().keepServingWhenClosed) {
        hide();
        m_tray->showMessage(QStringLiteral("camhub"),
                            tr("Still serving on %1").arg(m_serverUrl.toString()));
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

} // namespace camhub
