#pragma once

#include "StreamStatus.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

QT_BEGIN_NAMESPACE
class QAbstractHttpServer;
class QWebSocket;
QT_END_NAMESPACE

namespace camhub {

class AccessControl;
class CameraRegistry;
class StreamManager;

// GET /api/events as a WebSocket: a snapshot of every stream on connect, then one
// JSON message per event (started, reused, changed, stopped, died, cleaned_up) with
// the stream's status object, and {"type": "cameras_changed"} when cameras are added,
// edited or removed. Lives on the HTTP thread; StreamManager's signals reach
// it queued, so the window and every page see the same sequence.
class EventsHub final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxClients = 64;

    EventsHub(QAbstractHttpServer &server, StreamManager &manager, CameraRegistry &cameras,
              const AccessControl *access, QObject *parent = nullptr);
    ~EventsHub() override;

    int clientCount() const { return int(m_clients.size()); }

private:
    void onNewConnection();
    void broadcast(const char *type, const StreamStatus &status);
    void send(const QJsonObject &message);

    QAbstractHttpServer &m_server;
    StreamManager &m_manager;
    const AccessControl *m_access;
    QList<QWebSocket *> m_clients;
};

} // namespace camhub
